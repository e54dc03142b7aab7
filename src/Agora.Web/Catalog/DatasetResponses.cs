using Agora.Platform.Catalog;

namespace Agora.Web.Catalog;

public sealed record DatasetSummary(Guid Id, string Organisation, string Slug, string Title, string? Description, string State,
    string AccessRights, IReadOnlyList<string> Themes, string? Licence, DateTimeOffset ModifiedAt, string Url)
{
    /// <summary>For a harvested dataset: the catalogue it was harvested from (its URL or uploaded file name).</summary>
    public string? HarvestedFrom { get; init; }

    public static DatasetSummary From(Dataset d, string language) => new(d.Id, d.Organisation.Slug, d.Slug, d.DisplayTitle(language),
        d.Description.For(language), d.State.ToString(), d.AccessRights.ToString(), d.Themes, d.Licence, d.ModifiedAt,
        $"/datasets/{d.Organisation.Slug}/{d.Slug}");
}

public sealed record SearchResponse(int Total, IReadOnlyList<DatasetSummary> Datasets, IReadOnlyDictionary<string, Dictionary<string, int>> Facets);

public sealed record VersionResponse(Guid Id, int Number, string ContentHash, long Rows, long Bytes, string SourceFormat, string SourceFileName,
    IReadOnlyList<VersionColumn> Columns, DateTimeOffset CreatedAt, Guid? DerivedFromId)
{
    public static VersionResponse From(DatasetVersion v) =>
        new(v.Id, v.Number, v.ContentHash, v.RowCount, v.ByteSize, v.SourceFormat, v.SourceFileName, v.Columns, v.CreatedAt, v.DerivedFromId);
}

public sealed record DatasetResponse(Guid Id, Guid OrganisationId, string Organisation, string Slug, string State, DatasetInput Metadata,
    IReadOnlyList<VersionResponse> Versions, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, DateTimeOffset? PublishedAt)
{
    public static DatasetResponse From(Dataset d) => new(d.Id, d.OrganisationId, d.Organisation.Slug, d.Slug, d.State.ToString(), DatasetInput.From(d),
        [.. d.Versions.OrderBy(v => v.Number).Select(VersionResponse.From)], d.CreatedAt, d.ModifiedAt, d.PublishedAt);
}

public sealed record ReviewRequest(string? Comment);

public sealed record ChangeResponse(string Kind, string UserId, DateTimeOffset At, string? Detail);
