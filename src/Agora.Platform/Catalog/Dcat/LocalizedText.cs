using System.Text.RegularExpressions;

namespace Agora.Platform.Catalog.Dcat;

/// <summary>A text in one language: an RDF language-tagged string such as <c>"Santé"@fr</c>. Also used for keywords.</summary>
public sealed record LanguageText
{
    public LanguageText(string language, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Language = CatalogText.RequireLanguageTag(language);
        Text = CatalogText.RequireWellFormed(text, "text");
    }

    /// <summary>A BCP 47 language tag in lower case, e.g. <c>en</c>, <c>fr</c>, <c>de</c>, <c>lb</c>.</summary>
    public string Language { get; }

    public string Text { get; }
}

/// <summary>One text in several languages (title, description, name, label). At least one language; each language once.
/// The entries keep the order en, fr, de, lb, then any other language alphabetically, so output is the same every time.</summary>
public sealed class LocalizedText : IEquatable<LocalizedText>
{
    private static readonly string[] PreferredOrder = ["en", "fr", "de", "lb"];
    private readonly LanguageText[] _entries;

    private LocalizedText(LanguageText[] entries) => _entries = entries;

    /// <summary>The texts, one per language, in a stable order.</summary>
    public IReadOnlyList<LanguageText> Entries => _entries;

    /// <summary>The languages present, in the same order as <see cref="Entries"/>.</summary>
    public IEnumerable<string> Languages => _entries.Select(entry => entry.Language);

    /// <summary>The text in <paramref name="language"/>, or null.</summary>
    public string? this[string language] =>
        Array.Find(_entries, entry => entry.Language.Equals(language, StringComparison.OrdinalIgnoreCase))?.Text;

    /// <summary>The text in <paramref name="language"/>, else English, else the first one there is (for display).</summary>
    public string In(string language) => this[language] ?? this["en"] ?? _entries[0].Text;

    /// <summary>The same text in English, French, German and Luxembourgish, the four languages of the platform.</summary>
    public static LocalizedText Of(string en, string fr, string de, string lb) =>
        From([new("en", en), new("fr", fr), new("de", de), new("lb", lb)]);

    /// <summary>A text in one language only.</summary>
    public static LocalizedText Single(string language, string text) => From([new(language, text)]);

    /// <exception cref="ArgumentException">No entry, or a language given twice.</exception>
    public static LocalizedText From(IEnumerable<LanguageText> entries)
    {
        var list = entries.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A localized text needs at least one language.", nameof(entries));
        }
        var duplicate = list.GroupBy(entry => entry.Language, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The language '{duplicate.Key}' is given twice.", nameof(entries));
        }
        return new LocalizedText([.. list.OrderBy(entry => OrderOf(entry.Language)).ThenBy(entry => entry.Language, StringComparer.Ordinal)]);
    }

    private static int OrderOf(string language)
    {
        var index = Array.IndexOf(PreferredOrder, language);
        return index < 0 ? PreferredOrder.Length : index;
    }

    public bool Equals(LocalizedText? other) => other is not null && _entries.SequenceEqual(other._entries);

    public override bool Equals(object? obj) => Equals(obj as LocalizedText);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in _entries)
        {
            hash.Add(entry);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(" | ", _entries.Select(entry => $"{entry.Language}: {entry.Text}"));
}

/// <summary>Checks shared by every text that ends up in an RDF literal.</summary>
internal static partial class CatalogText
{
    public static string RequireLanguageTag(string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        if (!LanguageTag().IsMatch(language))
        {
            throw new ArgumentException($"'{language}' is not a language tag such as 'en', 'fr', 'de' or 'lb'.", nameof(language));
        }
        return language.ToLowerInvariant();
    }

    /// <summary>Refuses text that cannot be written as UTF-8 (an unpaired surrogate), with a message naming the field.</summary>
    public static string RequireWellFormed(string text, string field)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                throw new ArgumentException($"The {field} contains an unpaired UTF-16 surrogate at position {i}.", field);
            }
        }
        return text;
    }

    public static Uri RequireAbsolute(Uri uri, string field)
    {
        ArgumentNullException.ThrowIfNull(uri, field);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The {field} '{uri}' must be an absolute URI.", field);
        }
        return uri;
    }

    // RFC 5646 in the shape RDF literals accept: a primary tag and optional subtags.
    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
