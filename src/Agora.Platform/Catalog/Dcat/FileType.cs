namespace Agora.Platform.Catalog.Dcat;

/// <summary>The file format of a distribution (<c>dct:format</c>, Publications Office file-type table) with its IANA media
/// type (<c>dcat:mediaType</c>).</summary>
public sealed record FileType : ControlledTerm
{
    private const string IanaMediaTypes = "https://www.iana.org/assignments/media-types/";

    private FileType(string code, string label, string mediaType, string extension)
        : base(code, new Uri(ConceptScheme.FileTypes.Uri + "/" + code), LocalizedText.Of(label, label, label, label), ConceptScheme.FileTypes)
    {
        MediaType = mediaType;
        Extension = extension;
    }

    /// <summary>The IANA media type, e.g. <c>text/csv</c>.</summary>
    public string MediaType { get; }

    /// <summary>The IANA registry page of <see cref="MediaType"/>, which DCAT-AP uses as the media type's URI.</summary>
    public Uri MediaTypeUri => new(IanaMediaTypes + MediaType);

    /// <summary>The usual file name extension, with its dot.</summary>
    public string Extension { get; }

    public static FileType Csv { get; } = new("CSV", "CSV", "text/csv", ".csv");
    public static FileType Tsv { get; } = new("TSV", "TSV", "text/tab-separated-values", ".tsv");
    public static FileType Json { get; } = new("JSON", "JSON", "application/json", ".json");
    public static FileType Parquet { get; } = new("PARQUET", "Parquet", "application/vnd.apache.parquet", ".parquet");
    public static FileType Turtle { get; } = new("RDF_TURTLE", "RDF Turtle", "text/turtle", ".ttl");
    public static FileType JsonLd { get; } = new("JSON_LD", "JSON-LD", "application/ld+json", ".jsonld");
    public static FileType Xlsx { get; } = new("XLSX", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static FileType Pdf { get; } = new("PDF", "PDF", "application/pdf", ".pdf");
    public static FileType Zip { get; } = new("ZIP", "ZIP", "application/zip", ".zip");

    public static IReadOnlyList<FileType> All { get; } = [Csv, Tsv, Json, Parquet, Turtle, JsonLd, Xlsx, Pdf, Zip];

    public static FileType FromCode(string code) => Find(All, code, "file type");

    public static FileType? FromUri(Uri uri) => FindByUri(All, uri);
}
