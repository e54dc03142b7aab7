using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Catalog;

/// <summary>The controlled vocabularies a steward picks from, by code, with labels in the UI's languages
/// (the terms themselves, with their EU Publications Office URIs, are in <see cref="Dcat"/>).</summary>
public static class Vocabularies
{
    /// <summary>Places a dataset can cover, by code.</summary>
    public static readonly IReadOnlyDictionary<string, SpatialCoverage> Places = new Dictionary<string, SpatialCoverage>(StringComparer.Ordinal)
    {
        ["LUX"] = SpatialCoverage.Luxembourg,
        ["LUX-CITY"] = SpatialCoverage.LuxembourgCity,
    };

    public static IReadOnlyList<string> ThemeCodes { get; } = [.. DataTheme.All.Select(t => t.Code)];

    public static IReadOnlyList<string> LicenceCodes { get; } = [.. Licence.All.Select(t => t.Code)];

    public static IReadOnlyList<string> FrequencyCodes { get; } = [.. Frequency.All.Select(t => t.Code)];

    public static IReadOnlyList<string> DataProtectionCodes { get; } = [.. DataProtectionType.All.Select(t => t.Code)];

    public static IReadOnlyList<string> SpatialCodes { get; } = [.. Places.Keys];

    /// <summary>The languages of descriptions (and of the UI).</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "fr", "de", "lb"];

    public static bool IsTheme(string code) => DataTheme.All.Any(t => t.Code == code);

    public static bool IsLicence(string code) => Licence.All.Any(t => t.Code == code);

    public static bool IsFrequency(string code) => Frequency.All.Any(t => t.Code == code);

    public static bool IsSpatial(string code) => Places.ContainsKey(code);

    public static bool IsDataProtection(string code) => DataProtectionType.All.Any(t => t.Code == code);

    /// <summary>The label of any code of the vocabularies above in a language, or the code itself when unknown.</summary>
    public static string Label(string code, string language)
    {
        ControlledTerm? term = DataTheme.All.FirstOrDefault(t => t.Code == code)
            ?? (ControlledTerm?)Licence.All.FirstOrDefault(t => t.Code == code)
            ?? (ControlledTerm?)Frequency.All.FirstOrDefault(t => t.Code == code)
            ?? DataProtectionType.All.FirstOrDefault(t => t.Code == code);
        if (term is not null)
        {
            return term.Label.In(language);
        }
        return Places.TryGetValue(code, out var place) ? place.Label.In(language) : code;
    }
}
