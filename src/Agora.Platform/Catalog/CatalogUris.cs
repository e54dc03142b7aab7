namespace Agora.Platform.Catalog;

/// <summary>The URIs Agora gives to what it publishes in its DCAT-AP catalogue, all under the platform's public base URL.
/// Dataset and distribution URIs identify the resources; the landing page is the page people read.</summary>
public sealed class CatalogUris
{
    private readonly string _base;

    public CatalogUris(Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        if (!baseUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The base URI '{baseUri}' must be absolute.", nameof(baseUri));
        }
        _base = baseUri.AbsoluteUri.TrimEnd('/');
    }

    /// <summary><c>{base}/catalog</c>.</summary>
    public Uri Catalog => new(_base + "/catalog");

    /// <summary><c>{base}/</c>, the platform's home page.</summary>
    public Uri Home => new(_base + "/");

    /// <summary><c>{base}/organisations/{slug}</c>.</summary>
    public Uri Organisation(string slug) => new(_base + "/organisations/" + Segment(slug));

    /// <summary><c>{base}/catalog/datasets/{slug}</c>.</summary>
    public Uri Dataset(string slug) => new(_base + "/catalog/datasets/" + Segment(slug));

    /// <summary><c>{base}/datasets/{slug}</c>, the dataset page.</summary>
    public Uri LandingPage(string slug) => new(_base + "/datasets/" + Segment(slug));

    /// <summary><c>{base}/catalog/datasets/{slug}/distributions/{name}</c>.</summary>
    public Uri Distribution(string slug, string name) => new(Dataset(slug).AbsoluteUri + "/distributions/" + Segment(name));

    /// <summary><c>{base}/api/datasets/{slug}/download?format={format}</c>, the latest version as a file.</summary>
    public Uri Download(string slug, string format) =>
        new(_base + "/api/datasets/" + Segment(slug) + "/download?format=" + Uri.EscapeDataString(format));

    /// <summary>A dataset of the platform catalogue (names are unique within an organisation).</summary>
    public Uri Dataset(string organisation, string slug) => new(_base + "/catalog/datasets/" + Segment(organisation) + "/" + Segment(slug));

    /// <summary>The dataset page.</summary>
    public Uri LandingPage(string organisation, string slug) => new(_base + "/datasets/" + Segment(organisation) + "/" + Segment(slug));

    public Uri Distribution(string organisation, string slug, string name) =>
        new(Dataset(organisation, slug).AbsoluteUri + "/distributions/" + Segment(name));

    /// <summary>Download of a stored version (the route the dataset page links to).</summary>
    public Uri VersionDownload(Guid datasetId, int version, string format) =>
        new(FormattableString.Invariant($"{_base}/datasets/{datasetId}/versions/{version}/download?format={Uri.EscapeDataString(format)}"));

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }
}
