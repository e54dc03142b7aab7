namespace Agora.Platform.Catalog;

/// <summary>Text in several languages, keyed by language code. Stored as JSON.</summary>
public sealed class TextByLanguage : Dictionary<string, string>
{
    public TextByLanguage()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public TextByLanguage(IDictionary<string, string> values)
        : base(values, StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>The text in the language asked for, else English, else any.</summary>
    public string? For(string language)
    {
        if (TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }
        if (TryGetValue("en", out text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }
        return Values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
    }
}

/// <summary>Keywords per language code. Stored as JSON.</summary>
public sealed class KeywordsByLanguage : Dictionary<string, List<string>>
{
    public KeywordsByLanguage()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public IEnumerable<string> All => Values.SelectMany(v => v);

    public IReadOnlyList<string> For(string language) =>
        TryGetValue(language, out var words) && words.Count > 0 ? words : TryGetValue("en", out words) ? words : All.Distinct().ToList();
}
