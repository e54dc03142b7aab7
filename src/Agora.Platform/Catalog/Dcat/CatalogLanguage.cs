namespace Agora.Platform.Catalog.Dcat;

/// <summary>A language of a dataset or of the catalogue (<c>dct:language</c>), from the Publications Office language table.
/// <see cref="Tag"/> is the BCP 47 tag that the same language has in multilingual texts.</summary>
public sealed record CatalogLanguage : ControlledTerm
{
    private CatalogLanguage(string code, string tag, string en, string fr, string de, string lb)
        : base(code, new Uri(ConceptScheme.Languages.Uri + "/" + code), LocalizedText.Of(en, fr, de, lb), ConceptScheme.Languages)
    {
        Tag = tag;
    }

    public string Tag { get; }

    public static CatalogLanguage English { get; } = new("ENG", "en", "English", "anglais", "Englisch", "Englesch");
    public static CatalogLanguage French { get; } = new("FRA", "fr", "French", "français", "Französisch", "Franséisch");
    public static CatalogLanguage German { get; } = new("DEU", "de", "German", "allemand", "Deutsch", "Däitsch");
    public static CatalogLanguage Luxembourgish { get; } = new("LTZ", "lb", "Luxembourgish", "luxembourgeois", "Luxemburgisch", "Lëtzebuergesch");
    public static CatalogLanguage Portuguese { get; } = new("POR", "pt", "Portuguese", "portugais", "Portugiesisch", "Portugisesch");

    public static IReadOnlyList<CatalogLanguage> All { get; } = [English, French, German, Luxembourgish, Portuguese];

    public static CatalogLanguage FromCode(string code) => Find(All, code, "language");

    /// <summary>The language with a BCP 47 tag such as <c>fr</c>.</summary>
    public static CatalogLanguage FromTag(string tag) =>
        All.FirstOrDefault(language => language.Tag.Equals(tag, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown language tag '{tag}'. Known: {string.Join(", ", All.Select(l => l.Tag))}.", nameof(tag));

    public static CatalogLanguage? FromUri(Uri uri) => FindByUri(All, uri);
}
