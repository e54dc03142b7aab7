using System.Globalization;

namespace Agora.Privacy.Wording;

/// <summary>The culture every English text meant for people is formatted in outside the pages: command-line output,
/// engine findings, job messages, the API's English explanations and the offline HTML report. It is the invariant culture
/// (so "1,234", "1234.5" and ISO dates stay as they were) except that a percentage is written the English way, "80%":
/// the invariant culture's <c>P0</c> writes "80 %" (its <c>PercentPositivePattern</c> is 0). Pages use their own
/// cultures (French and German write "80 %" there on purpose); JSON numbers are not formatted with either.</summary>
public static class EnglishText
{
    /// <summary>The invariant culture with the percent sign right after the number ("80%", "-5%"); read-only.</summary>
    public static CultureInfo Culture { get; } = Create();

    private static CultureInfo Create()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.PercentPositivePattern = 1;
        culture.NumberFormat.PercentNegativePattern = 1;
        return CultureInfo.ReadOnly(culture);
    }
}
