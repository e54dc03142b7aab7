namespace Agora.Platform.Catalog.Dcat;

/// <summary>A place a dataset covers (<c>dct:spatial</c>): a country, a city or a commune, identified by URI. Places from
/// a published scheme (EU country or place tables, GeoNames, a national register) carry that <see cref="Scheme"/>.
/// <see cref="Centroid"/> and <see cref="BoundingBox"/> are WKT in WGS 84 longitude/latitude order, e.g.
/// <c>POINT(6.13 49.61)</c>.</summary>
public sealed record SpatialCoverage
{
    public SpatialCoverage(Uri uri, LocalizedText label, ConceptScheme? scheme = null, string? centroid = null, string? boundingBox = null)
    {
        Uri = CatalogText.RequireAbsolute(uri, "spatial coverage URI");
        Label = label ?? throw new ArgumentNullException(nameof(label));
        Scheme = scheme;
        Centroid = centroid is null ? null : RequireWkt(centroid, "POINT", nameof(centroid));
        BoundingBox = boundingBox is null ? null : RequireWkt(boundingBox, "POLYGON", nameof(boundingBox));
    }

    public Uri Uri { get; }

    public LocalizedText Label { get; }

    public ConceptScheme? Scheme { get; }

    public string? Centroid { get; }

    public string? BoundingBox { get; }

    /// <summary>The Grand Duchy of Luxembourg, from the EU country table.</summary>
    public static SpatialCoverage Luxembourg { get; } = new(
        new Uri(ConceptScheme.Countries.Uri + "/LUX"),
        LocalizedText.Of("Luxembourg", "Luxembourg", "Luxemburg", "Lëtzebuerg"),
        ConceptScheme.Countries,
        centroid: "POINT(6.13 49.78)",
        boundingBox: "POLYGON((5.73 49.44, 6.53 49.44, 6.53 50.19, 5.73 50.19, 5.73 49.44))");

    /// <summary>The City of Luxembourg, from the EU place table.</summary>
    public static SpatialCoverage LuxembourgCity { get; } = new(
        new Uri(ConceptScheme.Places.Uri + "/LUX_LUX"),
        LocalizedText.Of("Luxembourg City", "Luxembourg-Ville", "Stadt Luxemburg", "Stad Lëtzebuerg"),
        ConceptScheme.Places,
        centroid: "POINT(6.13 49.61)",
        boundingBox: "POLYGON((6.05 49.56, 6.21 49.56, 6.21 49.66, 6.05 49.66, 6.05 49.56))");

    private static string RequireWkt(string wkt, string keyword, string field)
    {
        if (!wkt.StartsWith(keyword + "(", StringComparison.OrdinalIgnoreCase) || !wkt.EndsWith(')'))
        {
            throw new ArgumentException($"The {field} '{wkt}' must be WKT of the form {keyword}(...).", field);
        }
        return wkt;
    }
}
