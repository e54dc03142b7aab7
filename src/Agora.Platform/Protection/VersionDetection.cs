using Agora.Platform.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Protection;

/// <summary>The personal data found in one stored version, column by column (the latest run replaces earlier ones).
/// It holds entity names, confidences and evidence sentences, never values.</summary>
public sealed class VersionDetection
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid VersionId { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>Rows sampled, or null when every row was scanned.</summary>
    public int? SampledRows { get; set; }

    public List<DetectedColumn> Columns { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public long ElapsedMilliseconds { get; set; }
}

/// <summary>What a column holds and what the platform suggests doing with it.</summary>
/// <param name="Column">The column.</param>
/// <param name="Type">Its stored type (Text, Integer, …).</param>
/// <param name="Entity">The entity found (<c>email_address</c>, <c>lu_national_id</c>…), or null.</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Suggestion">direct_identifier, quasi_identifier, sensitive or none.</param>
/// <param name="MatchShare">Share of the non-empty values that match the entity.</param>
/// <param name="InFreeText">The entity was found inside running text.</param>
/// <param name="Evidence">One sentence on why, without values.</param>
/// <param name="Role">The suggested role in the protect step.</param>
/// <param name="Method">For <see cref="ColumnRole.Pseudonymise"/>: the suggested method (hmac, mask, scrub…).</param>
/// <param name="Builder">For <see cref="ColumnRole.QuasiIdentifier"/>: a suggested hierarchy builder.</param>
public sealed record DetectedColumn(string Column, string Type, string? Entity, double Confidence, string Suggestion, double MatchShare,
    bool InFreeText, string Evidence, ColumnRole Role, string? Method, string? Builder);

/// <summary>What the protect step does with a column.</summary>
public enum ColumnRole
{
    /// <summary>Left as it is.</summary>
    Keep,

    /// <summary>Replaced by a pseudonym, masked, redacted or scrubbed.</summary>
    Pseudonymise,

    /// <summary>Generalised through a hierarchy (anonymisation).</summary>
    QuasiIdentifier,

    /// <summary>Kept, and protected by ℓ-diversity or t-closeness.</summary>
    Sensitive,
}

internal sealed class VersionDetectionConfiguration : IEntityTypeConfiguration<VersionDetection>
{
    public void Configure(EntityTypeBuilder<VersionDetection> detection)
    {
        detection.HasIndex(d => d.VersionId).IsUnique();
        detection.HasIndex(d => d.DatasetId);
        detection.Property(d => d.Columns).AsJson();
        detection.HasOne<DatasetVersion>().WithMany().HasForeignKey(d => d.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
