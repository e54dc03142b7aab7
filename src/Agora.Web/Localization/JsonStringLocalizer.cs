using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Agora.Web.Localization;

/// <summary>Marker type for the UI strings: <c>IStringLocalizer&lt;Strings&gt;</c>.</summary>
public sealed class Strings;

/// <summary>
/// UI strings keyed by their English text, translated in embedded <c>Localization/{fr,de,lb}.json</c> files.
/// English needs no file: the key is the text. A test checks that every key used in the code has all three translations.
/// </summary>
public sealed class JsonStringLocalizer : IStringLocalizer
{
    public static readonly string[] Languages = ["en", "fr", "de", "lb"];

    /// <summary>The culture that formats dates and numbers for each language: Luxembourg's conventions, and British
    /// English rather than American (day before month).</summary>
    public static readonly IReadOnlyDictionary<string, string> Cultures = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["en"] = "en-GB",
        ["fr"] = "fr-LU",
        ["de"] = "de-LU",
        ["lb"] = "lb-LU",
    };
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Tables = new(StringComparer.Ordinal);

    public LocalizedString this[string name] => Find(name, CultureInfo.CurrentUICulture);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var template = Find(name, CultureInfo.CurrentUICulture);
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, template.Value, arguments), template.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        Table(LanguageOf(CultureInfo.CurrentUICulture)).Select(p => new LocalizedString(p.Key, p.Value));

    public static string LanguageOf(CultureInfo culture)
    {
        var language = culture.TwoLetterISOLanguageName;
        return Languages.Contains(language, StringComparer.Ordinal) ? language : "en";
    }

    /// <summary>The translations of one language (empty for English).</summary>
    public static IReadOnlyDictionary<string, string> Table(string language) => Tables.GetOrAdd(language, Load);

    private static LocalizedString Find(string name, CultureInfo culture)
    {
        var language = LanguageOf(culture);
        if (language == "en")
        {
            return new LocalizedString(name, name);
        }
        return Table(language).TryGetValue(name, out var value) ? new LocalizedString(name, value) : new LocalizedString(name, name, resourceNotFound: true);
    }

    private static Dictionary<string, string> Load(string language)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        if (language == "en")
        {
            return table;
        }
        // One file per feature and language (Localization/{language}.{feature}.json), so features translate independently.
        var assembly = typeof(JsonStringLocalizer).Assembly;
        var prefix = $"Agora.Web.Localization.{language}.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [])
            {
                if (!table.TryAdd(key, value) && table[key] != value)
                {
                    throw new InvalidOperationException($"'{key}' is translated differently in two {language} files.");
                }
            }
        }
        return table;
    }
}

public sealed class JsonStringLocalizerFactory : IStringLocalizerFactory
{
    private readonly JsonStringLocalizer _localizer = new();

    public IStringLocalizer Create(Type resourceSource) => _localizer;

    public IStringLocalizer Create(string baseName, string location) => _localizer;
}
