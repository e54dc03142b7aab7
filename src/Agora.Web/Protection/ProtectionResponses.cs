using Agora.Platform.Catalog;
using Agora.Platform.Protection;

namespace Agora.Web.Protection;

/// <summary>The personal data found in a version, and the suggested treatment per column.</summary>
public sealed record DetectionResponse(Guid VersionId, int Version, int? SampledRows, DateTimeOffset CreatedAt, long ElapsedMilliseconds,
    IReadOnlyList<DetectedColumn> Columns)
{
    public static DetectionResponse From(VersionDetection d, DatasetVersion v) => new(v.Id, v.Number, d.SampledRows, d.CreatedAt, d.ElapsedMilliseconds, d.Columns);
}

/// <summary>A re-identification risk report (prosecutor, journalist, marketer, uniques, population estimates, distribution).</summary>
public sealed record RiskResponse(Guid VersionId, int Version, IReadOnlyList<string> QuasiIdentifiers, long? PopulationSize, DateTimeOffset CreatedAt,
    RiskSummary Risk, string ChartUrl)
{
    public static RiskResponse From(VersionRiskAssessment r, Dataset d, DatasetVersion v) =>
        new(v.Id, v.Number, r.QuasiIdentifiers, r.PopulationSize, r.CreatedAt, r.Report, $"/api/datasets/{d.Id}/versions/{v.Number}/risk.svg");
}

public sealed record RiskRequest(List<string> QuasiIdentifiers, long? PopulationSize);

public sealed record HierarchyResponse(string Attribute, string Source, string? Builder, int Levels, int Values, DateTimeOffset UpdatedAt)
{
    public static HierarchyResponse From(SavedHierarchy h) =>
        new(h.Attribute, h.Source == HierarchySource.Builder ? "builder" : "uploaded", h.Builder, h.Levels, h.Values, h.UpdatedAt);
}

public sealed record BuilderRequest(string Builder);

/// <summary>A pseudonymisation domain as anyone allowed may see it: its generations and dates, never a key.</summary>
public sealed record DomainResponse(Guid Id, string Kind, int CurrentGeneration, DateTimeOffset CreatedAt, IReadOnlyList<GenerationResponse> Generations)
{
    public static DomainResponse From(PseudonymisationDomain d) => new(d.Id, d.Kind.ToString(), d.CurrentGeneration, d.CreatedAt,
        [.. d.Keys.OrderBy(k => k.Generation).Select(k => new GenerationResponse(k.Generation, k.CreatedAt, k.RewrappedAt))]);
}

public sealed record GenerationResponse(int Generation, DateTimeOffset CreatedAt, DateTimeOffset? RewrappedAt);

public sealed record GrantRequest(Guid DatasetId, string Email);

public sealed record RewrapResponse(int Rewrapped);
