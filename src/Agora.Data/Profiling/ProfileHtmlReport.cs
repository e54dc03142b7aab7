using System.Globalization;
using System.Net;
using System.Text;
using Agora.Data.Profiling.Charts;
using Agora.Privacy.Wording;

namespace Agora.Data.Profiling;

/// <summary>A profile as one self-contained HTML page: inline CSS and SVG, no script, no external resource; readable
/// without colour (every number is also written), with headings and tables a screen reader can navigate.</summary>
public static class ProfileHtmlReport
{
    /// <summary>The page.</summary>
    public static string Render(TableProfile profile)
    {
        var q = profile.Quality;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Profile of ").Append(E(profile.Table)).Append("</title><style>").Append(Css).Append("</style></head><body>")
            .Append("<header><h1>").Append(E(profile.Table)).Append("</h1><p class=\"lead\">")
            .Append(English($"{profile.Rows:N0} rows · {profile.Columns.Count} columns · profiled {profile.ProfiledAt:yyyy-MM-dd HH:mm} UTC"))
            .Append("</p></header><main>");

        html.Append("<section aria-labelledby=\"quality\"><h2 id=\"quality\">Quality</h2><div class=\"gauges\">")
            .Append(SvgCharts.Gauge(q.Overall, "Overall"))
            .Append(SvgCharts.Gauge(q.Completeness, "Completeness"))
            .Append(SvgCharts.Gauge(q.Validity, "Validity"))
            .Append(SvgCharts.Gauge(q.Uniqueness, "Uniqueness"))
            .Append(SvgCharts.Gauge(q.Consistency, "Consistency"))
            .Append(SvgCharts.Gauge(q.Timeliness, "Timeliness"))
            .Append("</div>");
        if (q.Findings.Count == 0)
        {
            html.Append("<p>No check failed.</p>");
        }
        else
        {
            html.Append("<table><caption>What to fix</caption><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\">Column</th>")
                .Append("<th scope=\"col\">Check</th><th scope=\"col\" class=\"n\">Rows</th></tr></thead><tbody>");
            foreach (var f in q.Findings)
            {
                html.Append("<tr><td>").Append(E(f.Dimension)).Append("</td><td>").Append(E(f.Column ?? "—")).Append("</td><td>")
                    .Append(E(f.Check)).Append("</td><td class=\"n\">").Append(f.FailingRows == 0 ? "—" : English($"{f.FailingRows:N0}")).Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</section>");

        html.Append("<section aria-labelledby=\"columns\"><h2 id=\"columns\">Columns</h2>")
            .Append("<table><caption>Overview</caption><thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Type</th>")
            .Append("<th scope=\"col\" class=\"n\">Filled</th><th scope=\"col\" class=\"n\">Distinct</th><th scope=\"col\">Min</th><th scope=\"col\">Max</th></tr></thead><tbody>");
        foreach (var c in profile.Columns)
        {
            var filled = profile.Rows == 0 ? 1 : c.Count / (double)profile.Rows;
            html.Append("<tr><th scope=\"row\"><a href=\"#col-").Append(Anchor(c.Name)).Append("\">").Append(E(c.Name)).Append("</a></th><td>")
                .Append(E(c.Type)).Append("</td><td class=\"n\">").Append(English($"{filled:P1}")).Append("</td><td class=\"n\">")
                .Append(English($"{c.Distinct:N0}")).Append("</td><td>").Append(E(c.Min ?? "—")).Append("</td><td>").Append(E(c.Max ?? "—")).Append("</td></tr>");
        }
        html.Append("</tbody></table>");

        foreach (var c in profile.Columns)
        {
            html.Append("<article class=\"column\" id=\"col-").Append(Anchor(c.Name)).Append("\"><h3>").Append(E(c.Name))
                .Append(" <span class=\"type\">").Append(E(c.Type)).Append("</span></h3><dl>");
            Term(html, "Values", English($"{c.Count:N0}"));
            Term(html, "Missing", English($"{c.Nulls:N0}"));
            Term(html, "Distinct (approx.)", English($"{c.Distinct:N0}"));
            if (c.Mean is { } mean)
            {
                Term(html, "Mean", English($"{mean:G6}"));
            }
            if (c.StdDev is { } sd)
            {
                Term(html, "Std. deviation", English($"{sd:G6}"));
            }
            if (c.Quantiles is { Count: > 0 } quantiles)
            {
                Term(html, "Quantiles", string.Join(" · ", quantiles.Select(p => English($"{p.Key} {p.Value:G6}"))));
            }
            if (c.MinLength is { } minLength && c.MaxLength is { } maxLength)
            {
                Term(html, "Length", English($"{minLength}–{maxLength} characters"));
            }
            if (c.Patterns.Count > 0)
            {
                Term(html, "Shapes", string.Join(" · ", c.Patterns.Take(5).Select(p => English($"{p.Value} ({p.Count:N0})"))));
            }
            html.Append("</dl><div class=\"charts\">");
            if (c.Histogram is { Count: > 0 } histogram)
            {
                html.Append(SvgCharts.Histogram(histogram, $"Distribution of {c.Name}"));
            }
            if (c.TopValues.Count > 0)
            {
                html.Append(SvgCharts.TopValues(c.TopValues, $"Most frequent values of {c.Name}", profile.Rows));
            }
            html.Append("</div></article>");
        }
        html.Append("</section></main><footer><p>Generated by <code>agora profile</code>. Shapes: A upper-case letters, a lower-case, ")
            .Append("9 digits. Distinct counts are HyperLogLog estimates (about 2% error).</p></footer></body></html>");
        return html.ToString();
    }

    private const string Css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1a202c;background:#f7fafc;margin:0;line-height:1.45}" +
        "header{background:#1a365d;color:#fff;padding:1.5rem 2rem}header h1{margin:0;font-size:1.6rem}.lead{margin:.3rem 0 0;color:#e2e8f0}" +
        "main{max-width:72rem;margin:0 auto;padding:1rem 2rem}h2{border-bottom:2px solid #cbd5e0;padding-bottom:.2rem}" +
        ".gauges{display:flex;flex-wrap:wrap;gap:1rem;margin-bottom:1rem}table{border-collapse:collapse;width:100%;background:#fff;margin:1rem 0}" +
        "caption{text-align:left;font-weight:600;padding:.3rem 0}th,td{border-bottom:1px solid #e2e8f0;padding:.35rem .6rem;text-align:left;vertical-align:top}" +
        "thead th{background:#edf2f7}.n{text-align:right;font-variant-numeric:tabular-nums}a{color:#2b6cb0}a:focus{outline:3px solid #f6ad55}" +
        ".column{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:.8rem 1.2rem;margin:1rem 0}" +
        ".column h3{margin:.2rem 0 .6rem}.type{font-weight:400;color:#4a5568;font-size:.9rem}" +
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 .6rem}dt{color:#4a5568}dd{margin:0}" +
        ".charts{display:flex;flex-wrap:wrap;gap:1.5rem}footer{max-width:72rem;margin:0 auto;padding:1rem 2rem;color:#4a5568;font-size:.9rem}";

    private static void Term(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>");

    private static string Anchor(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }
        return builder + "-" + ((uint)name.GetHashCode(StringComparison.Ordinal) % 10000).ToString(CultureInfo.InvariantCulture);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string English(FormattableString text) => text.ToString(EnglishText.Culture);
}
