namespace Agora.Platform.Catalog.Dcat;

/// <summary>A catalogue (<c>dcat:Catalog</c>) and everything in it: the root of a DCAT-AP export. Build one from the
/// metadata store, then hand it to <see cref="DcatJsonLdWriter"/> or <see cref="DcatTurtleWriter"/>.</summary>
public sealed record DcatCatalog
{
    public DcatCatalog(Uri id, LocalizedText title, LocalizedText description, DcatAgent publisher)
    {
        Id = CatalogText.RequireAbsolute(id, "catalogue URI");
        Title = title ?? throw new ArgumentNullException(nameof(title));
        Description = description ?? throw new ArgumentNullException(nameof(description));
        Publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
    }

    public Uri Id { get; }

    public LocalizedText Title { get; }

    public LocalizedText Description { get; }

    /// <summary><c>dct:publisher</c> (mandatory): the operator of the platform.</summary>
    public DcatAgent Publisher { get; }

    /// <summary><c>foaf:homepage</c>.</summary>
    public Uri? Homepage { get; init; }

    /// <summary><c>dct:language</c>: the languages the metadata is written in.</summary>
    public IReadOnlyList<CatalogLanguage> Languages { get; init; } = [];

    /// <summary><c>dct:license</c> of the catalogue's own metadata.</summary>
    public Licence? Licence { get; init; }

    public DateTimeOffset? Issued { get; init; }

    public DateTimeOffset? Modified { get; init; }

    public IReadOnlyList<SpatialCoverage> Spatial { get; init; } = [];

    public IReadOnlyList<DcatDataset> Datasets { get; init; } = [];
}
