namespace Agora.Platform.Catalog.Dcat;

/// <summary>A SKOS concept scheme (a controlled vocabulary) such as the EU Publications Office data-theme table.</summary>
public sealed record ConceptScheme(Uri Uri, LocalizedText Title)
{
    private const string Authority = "http://publications.europa.eu/resource/authority/";

    public static ConceptScheme DataThemes { get; } = Eu("data-theme", "Data theme", "Thème des données", "Datenthema", "Dateethema");
    public static ConceptScheme Frequencies { get; } = Eu("frequency", "Frequency", "Fréquence", "Frequenz", "Frequenz");
    public static ConceptScheme AccessRights { get; } = Eu("access-right", "Access right", "Droit d'accès", "Zugangsrecht", "Zougangsrecht");
    public static ConceptScheme Languages { get; } = Eu("language", "Language", "Langue", "Sprache", "Sprooch");
    public static ConceptScheme FileTypes { get; } = Eu("file-type", "File type", "Type de fichier", "Dateityp", "Dateityp");
    public static ConceptScheme Licences { get; } = Eu("licence", "Licence", "Licence", "Lizenz", "Lizenz");
    public static ConceptScheme PlannedAvailability { get; } =
        Eu("planned-availability", "Planned availability", "Disponibilité prévue", "Geplante Verfügbarkeit", "Geplangt Disponibilitéit");
    public static ConceptScheme Countries { get; } = Eu("country", "Countries and territories", "Pays et territoires", "Länder und Gebiete", "Länner an Territoiren");
    public static ConceptScheme Places { get; } = Eu("place", "Places", "Lieux", "Orte", "Plazen");

    public static ConceptScheme PublisherTypes { get; } = new(new Uri("http://purl.org/adms/publishertype/1.0"),
        LocalizedText.Of("Publisher type", "Type d'éditeur", "Herausgebertyp", "Editeurstyp"));

    public static ConceptScheme LicenceTypes { get; } = new(new Uri("http://purl.org/adms/licencetype/1.0"),
        LocalizedText.Of("Licence type", "Type de licence", "Lizenztyp", "Lizenztyp"));

    private static ConceptScheme Eu(string table, string en, string fr, string de, string lb) =>
        new(new Uri(Authority + table), LocalizedText.Of(en, fr, de, lb));
}

/// <summary>A term of a controlled vocabulary: a short code (what the metadata store keeps), the term's URI (what DCAT-AP
/// exports) and its label in the platform's languages.</summary>
public abstract record ControlledTerm
{
    protected ControlledTerm(string code, Uri uri, LocalizedText label, ConceptScheme? scheme)
    {
        Code = code;
        Uri = uri;
        Label = label;
        Scheme = scheme;
    }

    /// <summary>The code of the term in its vocabulary, e.g. <c>HEAL</c> or <c>ANNUAL</c>.</summary>
    public string Code { get; }

    public Uri Uri { get; }

    public LocalizedText Label { get; }

    /// <summary>The vocabulary the term belongs to; null for a term outside any published scheme.</summary>
    public ConceptScheme? Scheme { get; }

    public override string ToString() => Code;

    /// <summary>Finds a term by code (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No term has that code; the message lists the codes there are.</exception>
    protected static T Find<T>(IReadOnlyList<T> terms, string code, string vocabulary) where T : ControlledTerm
    {
        ArgumentNullException.ThrowIfNull(code);
        return terms.FirstOrDefault(term => term.Code.Equals(code, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown {vocabulary} '{code}'. Known: {string.Join(", ", terms.Select(term => term.Code))}.", nameof(code));
    }

    /// <summary>Finds a term by URI, or null.</summary>
    protected static T? FindByUri<T>(IReadOnlyList<T> terms, Uri uri) where T : ControlledTerm =>
        terms.FirstOrDefault(term => string.Equals(term.Uri.AbsoluteUri, uri.AbsoluteUri, StringComparison.Ordinal));
}
