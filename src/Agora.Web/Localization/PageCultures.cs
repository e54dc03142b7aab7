using System.Globalization;

namespace Agora.Web.Localization;

/// <summary>The cultures pages are formatted in. French, German and Luxembourgish put a space between a number and its
/// percent sign ("80 %"); .NET writes it with "P0" as a plain space, which a line can break at, and not at all with a
/// custom format such as "0%". These cultures write the non-breaking space (U+00A0, the one the French resource files
/// put before a colon) in both, so every page's <c>ToString("P0", CultureInfo.CurrentCulture)</c>, <c>{0:P0}</c> in a
/// translated template and chart reads "80 %". English keeps "80%". The API formats nothing with these: JSON stays as is.</summary>
public static class PageCultures
{
    /// <summary>The non-breaking space French typography puts before : ; ? ! and inside « », and these languages before %.</summary>
    public const char NoBreakSpace = '\u00A0';

    /// <summary>The culture named <paramref name="name"/> ("fr-LU", "de", …), with the percent sign written as above.</summary>
    public static CultureInfo Of(string name)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
        if (culture.TwoLetterISOLanguageName is "fr" or "de" or "lb")
        {
            // The space becomes part of the symbol, and the patterns put the symbol right after the number ("n%", "-n%").
            culture.NumberFormat.PercentSymbol = NoBreakSpace + "%";
            culture.NumberFormat.PercentPositivePattern = 1;
            culture.NumberFormat.PercentNegativePattern = 1;
        }
        return CultureInfo.ReadOnly(culture);
    }
}
