namespace Agora.Platform.Catalog.Dcat;

/// <summary>A dataset as DCAT-AP 3 and DCAT-AP-LU describe it. The constructor takes what both profiles require; the rest
/// is optional, though DCAT-AP recommends keywords, themes, publisher, contact point, temporal and spatial coverage and at
/// least one distribution.</summary>
public sealed record DcatDataset
{
    public DcatDataset(Uri id, string identifier, LocalizedText title, LocalizedText description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identifier);
        Id = CatalogText.RequireAbsolute(id, "dataset URI");
        Identifier = CatalogText.RequireWellFormed(identifier, "dataset identifier");
        Title = title ?? throw new ArgumentNullException(nameof(title));
        Description = description ?? throw new ArgumentNullException(nameof(description));
    }

    /// <summary>The dataset's URI: the subject of every statement about it.</summary>
    public Uri Id { get; }

    /// <summary><c>dct:identifier</c> (mandatory in DCAT-AP-LU): the identifier in the catalogue, e.g. a slug or a GUID.</summary>
    public string Identifier { get; }

    public LocalizedText Title { get; }

    public LocalizedText Description { get; }

    /// <summary><c>dcat:keyword</c>: each keyword in one language; several per language.</summary>
    public IReadOnlyList<LanguageText> Keywords { get; init; } = [];

    public IReadOnlyList<DataTheme> Themes { get; init; } = [];

    public DcatAgent? Publisher { get; init; }

    public IReadOnlyList<ContactPoint> ContactPoints { get; init; } = [];

    /// <summary><c>dct:accessRights</c>: public, restricted or non-public.</summary>
    public AccessRight? AccessRights { get; init; }

    /// <summary><c>dct:accrualPeriodicity</c>.</summary>
    public Frequency? Frequency { get; init; }

    public TemporalCoverage? Temporal { get; init; }

    public IReadOnlyList<SpatialCoverage> Spatial { get; init; } = [];

    public DateTimeOffset? Issued { get; init; }

    public DateTimeOffset? Modified { get; init; }

    /// <summary><c>dcat:landingPage</c>: the dataset's page for people.</summary>
    public Uri? LandingPage { get; init; }

    /// <summary><c>dct:language</c>: languages of the data itself.</summary>
    public IReadOnlyList<CatalogLanguage> Languages { get; init; } = [];

    /// <summary>DCAT-AP-LU <c>dpv:hasData</c>: the type(s) of data protection that apply.</summary>
    public IReadOnlyList<DataProtectionType> DataProtection { get; init; } = [];

    /// <summary><c>dcatap:applicableLegislation</c>.</summary>
    public IReadOnlyList<Legislation> ApplicableLegislation { get; init; } = [];

    public IReadOnlyList<DcatDistribution> Distributions { get; init; } = [];
}
