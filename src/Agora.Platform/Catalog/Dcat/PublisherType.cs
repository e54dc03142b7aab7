namespace Agora.Platform.Catalog.Dcat;

/// <summary>The kind of organisation behind an agent (<c>dct:type</c> of a <c>foaf:Agent</c>), from the ADMS publisher
/// type vocabulary.</summary>
public sealed record PublisherType : ControlledTerm
{
    private PublisherType(string code, string en, string fr, string de, string lb)
        : base(code, new Uri("http://purl.org/adms/publishertype/" + code), LocalizedText.Of(en, fr, de, lb), ConceptScheme.PublisherTypes)
    {
    }

    public static PublisherType NationalAuthority { get; } = new("NationalAuthority", "National authority", "Autorité nationale",
        "Nationale Behörde", "National Autoritéit");
    public static PublisherType LocalAuthority { get; } = new("LocalAuthority", "Local authority", "Autorité locale", "Lokale Behörde",
        "Lokal Autoritéit");
    public static PublisherType Company { get; } = new("Company", "Company", "Entreprise", "Unternehmen", "Betrib");
    public static PublisherType NonProfitOrganisation { get; } = new("NonProfitOrganisation", "Non-profit organisation",
        "Organisation à but non lucratif", "Gemeinnützige Organisation", "Organisatioun ouni Gewënnzweck");
    public static PublisherType Academia { get; } = new("Academia-ScientificOrganisation", "Academia or scientific organisation",
        "Organisation universitaire ou scientifique", "Hochschule oder wissenschaftliche Einrichtung", "Universitéit oder wëssenschaftlech Organisatioun");

    public static IReadOnlyList<PublisherType> All { get; } = [NationalAuthority, LocalAuthority, Company, NonProfitOrganisation, Academia];

    public static PublisherType FromCode(string code) => Find(All, code, "publisher type");
}
