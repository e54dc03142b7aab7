using System.Globalization;
using System.Net;
using System.Text;

namespace Agora.Data.Profiling.Charts;

/// <summary>Server-rendered SVG charts: pure functions from numbers to markup, no script, no external resources, so the
/// platform's pages and the offline HTML report embed the same charts. Each chart is an accessible image
/// (<c>role="img"</c>, a title and a description that states the numbers, so a screen reader gets the data, not a shape).</summary>
public static class SvgCharts
{
    private const string Bar = "#2b6cb0";
    private const string Axis = "#4a5568";
    private const string Track = "#e2e8f0";

    /// <summary>A histogram of equal-width bins, described in <paramref name="wording"/> (English by default).</summary>
    public static string Histogram(IReadOnlyList<HistogramBin> bins, string title, int width = 360, int height = 160, ChartWording? wording = null)
    {
        wording ??= ChartWording.English;
        var id = Id();
        var fullest = bins.Count == 0 ? null : bins.MaxBy(b => b.Count);
        var svg = Open(width, height, id, title, fullest is null ? wording.NoNumericValues
            : wording.Format(wording.HistogramDescription, bins.Count, Number(bins[0].Lower, wording.Culture), Number(bins[^1].Upper, wording.Culture), fullest.Count,
                Number(fullest.Lower, wording.Culture), Number(fullest.Upper, wording.Culture)));
        if (bins.Count > 0)
        {
            const int left = 8, bottom = 22, top = 8;
            var max = Math.Max(1, bins.Max(b => b.Count));
            var plotWidth = width - (2 * left);
            var plotHeight = height - bottom - top;
            var barWidth = plotWidth / (double)bins.Count;
            for (var i = 0; i < bins.Count; i++)
            {
                var h = plotHeight * bins[i].Count / (double)max;
                svg.Append(Inv($"<rect x=\"{left + (i * barWidth) + 1:F1}\" y=\"{top + plotHeight - h:F1}\" width=\"{Math.Max(1, barWidth - 2):F1}\" height=\"{h:F1}\" fill=\"{Bar}\">"))
                    .Append(Inv($"<title>{Escape(Number(bins[i].Lower, wording.Culture))} – {Escape(wording.Format(wording.LabelledValue, Number(bins[i].Upper, wording.Culture), bins[i].Count))}</title></rect>"));
            }
            svg.Append(Inv($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{width - left}\" y2=\"{top + plotHeight}\" stroke=\"{Axis}\"/>"));
            svg.Append(Inv($"<text x=\"{left}\" y=\"{height - 6}\" font-size=\"11\" fill=\"{Axis}\">{Escape(Number(bins[0].Lower, wording.Culture))}</text>"));
            svg.Append(Inv($"<text x=\"{width - left}\" y=\"{height - 6}\" font-size=\"11\" fill=\"{Axis}\" text-anchor=\"end\">{Escape(Number(bins[^1].Upper, wording.Culture))}</text>"));
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars of the most frequent values, with their counts (described in <paramref name="wording"/>).</summary>
    public static string TopValues(IReadOnlyList<ValueCount> values, string title, long total, int width = 360, ChartWording? wording = null)
    {
        wording ??= ChartWording.English;
        const int row = 20;
        var height = Math.Max(row, values.Count * row) + 4;
        var id = Id();
        var description = values.Count == 0 ? wording.NoValues
            : string.Join("; ", values.Select(v => wording.Format(wording.LabelledValue, v.Value, v.Count.ToString(CultureInfo.InvariantCulture))));
        var svg = Open(width, height, id, title, description);
        var max = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.Count));
        const int labelWidth = 130, countWidth = 100;
        for (var i = 0; i < values.Count; i++)
        {
            var y = 2 + (i * row);
            var w = (width - labelWidth - countWidth) * values[i].Count / (double)max;
            var label = values[i].Value.Length > 18 ? values[i].Value[..17] + "…" : values[i].Value;
            var share = total > 0 ? values[i].Count / (double)total : 0;
            svg.Append(Inv($"<text x=\"{labelWidth - 6}\" y=\"{y + 14}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1a202c\">{Escape(label)}</text>"))
                .Append(Inv($"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{Math.Max(1, w):F1}\" height=\"{row - 6}\" fill=\"{Bar}\"/>"))
                .Append(Inv($"<text x=\"{labelWidth + w + 4:F1}\" y=\"{y + 14}\" font-size=\"11\" fill=\"{Axis}\">"))
                .Append(Escape(wording.Format("{0:N0} ({1})", values[i].Count, Percent(share, wording.Culture)))).Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A half-circle gauge for a score in [0, 1] (a quality dimension), or an empty gauge saying "not assessed"
    /// (in <paramref name="wording"/>). Its accessible name is "label: score".</summary>
    public static string Gauge(double? score, string label, int size = 120, ChartWording? wording = null)
    {
        wording ??= ChartWording.English;
        var id = Id();
        var text = score is { } s ? Percent(s, wording.Culture) : wording.NotAssessedMark;
        var svg = Open(size, (size / 2) + 34, id, wording.Format(wording.LabelledValue, label, score is null ? wording.NotAssessed : text),
            score is null ? wording.Format(wording.GaugeNotAssessed, label) : wording.Format(wording.GaugeScore, label, text));
        var r = (size / 2.0) - 10;
        var cx = size / 2.0;
        var cy = (size / 2.0) + 4;
        svg.Append(Inv($"<path d=\"M {cx - r:F1} {cy:F1} A {r:F1} {r:F1} 0 0 1 {cx + r:F1} {cy:F1}\" fill=\"none\" stroke=\"{Track}\" stroke-width=\"12\"/>"));
        if (score is { } value)
        {
            var clamped = Math.Clamp(value, 0, 1);
            var angle = Math.PI * (1 - clamped);
            var x = cx + (r * Math.Cos(angle));
            var y = cy - (r * Math.Sin(angle));
            var colour = clamped >= 0.9 ? "#2f855a" : clamped >= 0.7 ? "#b7791f" : "#c53030";
            if (clamped > 0)
            {
                svg.Append(Inv($"<path d=\"M {cx - r:F1} {cy:F1} A {r:F1} {r:F1} 0 0 1 {x:F1} {y:F1}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"12\"/>"));
            }
        }
        svg.Append(Inv($"<text x=\"{cx:F1}\" y=\"{cy - 4:F1}\" font-size=\"18\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1a202c\">{Escape(text)}</text>"));
        svg.Append(Inv($"<text x=\"{cx:F1}\" y=\"{cy + 22:F1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{Axis}\">{Escape(label)}</text>"));
        return svg.Append("</svg>").ToString();
    }

    // A share in the culture's way ("80%", a page's French "80 %" with a non-breaking space, "99,8 %"). A share just below 1
    // keeps a decimal (rounded down): 68 failing cells out of 43,200 must not read "100%".
    private static string Percent(double share, CultureInfo culture)
    {
        var percent = share * 100;
        return percent is > 99 and < 100 ? (Math.Floor(percent * 10) / 1000).ToString("0.0%", culture) : share.ToString("0%", culture);
    }

    private static StringBuilder Open(int width, int height, string id, string title, string description) =>
        new StringBuilder()
            .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" "))
            // The title names the chart, the description gives its figures: read as name and description, not one long name.
            .Append(Inv($"aria-labelledby=\"{id}-t\" aria-describedby=\"{id}-d\" font-family=\"system-ui, sans-serif\">"))
            .Append(Inv($"<title id=\"{id}-t\">{Escape(title)}</title><desc id=\"{id}-d\">{Escape(description)}</desc>"));

    // Ids only need to be unique within one page; a counter keeps the output deterministic for a given sequence of calls.
    private static int _counter;

    private static string Id() => "c" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);

    private static string Number(double value, CultureInfo culture) =>
        Math.Abs(value) >= 1e6 || (Math.Abs(value) < 1e-3 && value != 0)
            ? value.ToString("G3", culture)
            : Math.Round(value, 2).ToString(culture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The words the charts say about themselves (descriptions read by screen readers, the mark of an unassessed
/// gauge), so a page can hand in its own language. Templates use composite-format placeholders.</summary>
public sealed record ChartWording
{
    /// <summary>The English wording (the offline report's and the default).</summary>
    public static ChartWording English { get; } = new();

    /// <summary>Formats the placeholders of the templates, and the numbers and percentages the charts draw (invariant by
    /// default: "80%", "1234.5"; a page hands in its own, whose French writes "80 %" and "1234,5").</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    /// <summary>Said of a gauge without a score, after its label (its accessible name is "label: not assessed").</summary>
    public string NotAssessed { get; init; } = "not assessed";

    /// <summary>Drawn in a gauge without a score.</summary>
    public string NotAssessedMark { get; init; } = "n/a";

    /// <summary>Describes a gauge without a score: {0} label.</summary>
    public string GaugeNotAssessed { get; init; } = "{0} was not assessed: nothing was declared to check it against.";

    /// <summary>Describes a gauge: {0} label, {1} score.</summary>
    public string GaugeScore { get; init; } = "{0} scores {1}.";

    /// <summary>Describes a histogram: {0} bins, {1} lowest value, {2} highest value, {3} count of the fullest bin, {4} and {5} its bounds.</summary>
    public string HistogramDescription { get; init; } = "{0} bins from {1} to {2}; the fullest holds {3} values between {4} and {5}.";

    /// <summary>Describes an empty histogram.</summary>
    public string NoNumericValues { get; init; } = "No numeric values.";

    /// <summary>A label and its value, as in a gauge's accessible name: {0} label, {1} value ("Validity: 80%"; French
    /// puts a non-breaking space before the colon).</summary>
    public string LabelledValue { get; init; } = "{0}: {1}";

    /// <summary>Describes an empty list of frequent values.</summary>
    public string NoValues { get; init; } = "No values.";

    internal string Format(string template, params object[] arguments) => string.Format(Culture, template, arguments);
}
