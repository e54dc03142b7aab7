namespace Agora.Platform.Catalog;

// TEMPORARY: replaced by the controlled vocabularies of Catalog/Dcat when that lands.
public static class Vocabularies
{
    public static readonly IReadOnlyList<string> ThemeCodes =
        ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "OP_DATPRO", "REGI", "SOCI", "TECH", "TRAN"];

    public static readonly IReadOnlyList<string> LicenceCodes = ["CC-BY-4.0", "CC0-1.0", "CC-BY-SA-4.0", "ODC-BY-1.0", "PROPRIETARY"];

    public static readonly IReadOnlyList<string> FrequencyCodes =
        ["CONT", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL", "IRREG", "NEVER", "UNKNOWN"];

    public static readonly IReadOnlyList<string> SpatialCodes = ["LUX"];

    public static readonly IReadOnlyList<string> Languages = ["en", "fr", "de", "lb"];

    public static bool IsTheme(string code) => ThemeCodes.Contains(code, StringComparer.Ordinal);

    public static bool IsLicence(string code) => LicenceCodes.Contains(code, StringComparer.Ordinal);

    public static bool IsFrequency(string code) => FrequencyCodes.Contains(code, StringComparer.Ordinal);

    public static bool IsSpatial(string code) => SpatialCodes.Contains(code, StringComparer.Ordinal);

    public static string Label(string code, string language) => code;
}
