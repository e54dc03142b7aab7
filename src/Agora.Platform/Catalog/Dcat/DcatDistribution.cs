namespace Agora.Platform.Catalog.Dcat;

/// <summary>One way to get a dataset (<c>dcat:Distribution</c>): a file in a format, or the page where access is asked.
/// In Agora: a downloadable version of an open dataset, or the dataset page of a restricted one.</summary>
public sealed record DcatDistribution
{
    public DcatDistribution(Uri id, Uri accessUrl)
    {
        Id = CatalogText.RequireAbsolute(id, "distribution URI");
        AccessUrl = CatalogText.RequireAbsolute(accessUrl, "distribution access URL");
    }

    public Uri Id { get; }

    /// <summary><c>dcat:accessURL</c> (mandatory): where the distribution can be obtained or requested.</summary>
    public Uri AccessUrl { get; }

    /// <summary><c>dcat:downloadURL</c>: a direct link to the file, when there is one.</summary>
    public Uri? DownloadUrl { get; init; }

    public LocalizedText? Title { get; init; }

    public LocalizedText? Description { get; init; }

    /// <summary><c>dct:format</c>, and <c>dcat:mediaType</c> from it.</summary>
    public FileType? Format { get; init; }

    public Licence? Licence { get; init; }

    /// <summary><c>dcat:byteSize</c>.</summary>
    public long? ByteSize
    {
        get;
        init => field = value is < 0 ? throw new ArgumentOutOfRangeException(nameof(ByteSize), value, "A byte size cannot be negative.") : value;
    }

    public DateTimeOffset? Issued { get; init; }

    public DateTimeOffset? Modified { get; init; }

    /// <summary><c>dcatap:availability</c> (recommended by DCAT-AP).</summary>
    public PlannedAvailability? Availability { get; init; }

    public IReadOnlyList<CatalogLanguage> Languages { get; init; } = [];
}
