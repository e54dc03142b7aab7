using System.Globalization;
using System.Net;
using System.Text;
using Agora.Platform.Protection;

namespace Agora.Web.Protection;

/// <summary>The risk-distribution chart as SVG, drawn on the server: one horizontal bar per prosecutor-risk band with the
/// share of records in it. The highest bands are red, the lowest green; the page shows the same figures as a table.</summary>
public static class RiskChartSvg
{
    private const int Width = 640;
    private const int Row = 26;
    private const int Left = 150;
    private const int Right = 70;
    private const int Top = 36;

    // Shades from high risk (red) to low risk (green), each with at least 3:1 contrast against white.
    private static readonly string[] Colours = ["#a3161d", "#b3261e", "#b8431b", "#a85a00", "#8a5300", "#6f6a00", "#4d6b1a", "#2f6f2a", "#1d6b35", "#155a2c"];

    /// <param name="risk">The report.</param>
    /// <param name="title">The chart's title (translated).</param>
    /// <param name="axis">The axis caption (translated), e.g. "Share of records".</param>
    /// <param name="labelledValue">The translated template of a label and its value, <c>T["{0}: {1}"]</c>, for the
    /// screen-reader description ("50% – 100%: 3%"; French puts a non-breaking space before the colon).</param>
    /// <param name="id">A unique id for the title/description elements.</param>
    public static string Render(RiskSummary risk, string title, string axis, string labelledValue, string id)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentException.ThrowIfNullOrEmpty(labelledValue);
        var bands = risk.Distribution.Where(b => b.AtMost > 0).OrderByDescending(b => b.AtMost).ToList();
        var height = Top + (bands.Count * Row) + 36;
        var plot = Width - Left - Right;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"risk-chart\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Escape(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">{Escape(Description(bands, labelledValue))}</desc>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"700\" fill=\"#1b1f24\">{Escape(title)}</text>");
        for (var i = 0; i < bands.Count; i++)
        {
            var band = bands[i];
            var y = Top + (i * Row);
            var length = Math.Max(band.Records > 0 ? 1.5 : 0, band.Records * plot);
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{Left - 8}\" y=\"{y + 17}\" font-size=\"13\" text-anchor=\"end\" fill=\"#1b1f24\">{Escape(BandLabel(band))}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Left}\" y=\"{y + 4}\" width=\"{plot}\" height=\"{Row - 8}\" fill=\"#f4f6f9\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Left}\" y=\"{y + 4}\" width=\"{length:0.##}\" height=\"{Row - 8}\" fill=\"{Colours[Math.Min(i, Colours.Length - 1)]}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{Left + plot + 6}\" y=\"{y + 17}\" font-size=\"13\" fill=\"#1b1f24\">{Escape(Percent(band.Records))}</text>");
        }
        var axisY = Top + (bands.Count * Row) + 4;
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Left}\" y1=\"{axisY}\" x2=\"{Left + plot}\" y2=\"{axisY}\" stroke=\"#4a5360\"/>");
        foreach (var tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            var x = Left + (tick * plot);
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x:0.##}\" y=\"{axisY + 15}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#4a5360\">{Escape(Percent(tick))}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{Left + (plot / 2)}\" y=\"{axisY + 30}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#4a5360\">{Escape(axis)}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A band as a reader says it: "(50 %, 100 %]" means above 50 % and at most 100 %.</summary>
    public static string BandLabel(RiskBandShare band) =>
        $"{Percent(band.Above)} – {Percent(band.AtMost)}";

    public static string Percent(double share) =>
        share is > 0 and < 0.01 ? share.ToString("0.#%", CultureInfo.CurrentCulture) : share.ToString("0%", CultureInfo.CurrentCulture);

    private static string Description(List<RiskBandShare> bands, string labelledValue) =>
        string.Join("; ", bands.Select(b => string.Format(CultureInfo.CurrentCulture, labelledValue, BandLabel(b), Percent(b.Records))));

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
