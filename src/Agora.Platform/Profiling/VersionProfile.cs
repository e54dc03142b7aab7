using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Profiling;

/// <summary>
/// What the metadata store keeps of a version's profile: the quality dimensions, the failed checks and, per column, counts
/// only (non-null, null, approximate distinct). Values (min, max, top values, histograms) are data and stay in the sealed
/// profile file beside the version (<see cref="DerivedFiles"/>), shown only to those who may read the data.
/// </summary>
public sealed class VersionProfile
{
    public Guid VersionId { get; set; }

    public Guid DatasetId { get; set; }

    public DateTimeOffset ProfiledAt { get; set; }

    /// <summary>The <see cref="QualityRuleSet.Revision"/> the profile was computed with (0: no rules declared).</summary>
    public int RulesRevision { get; set; }

    public long Rows { get; set; }

    public double Completeness { get; set; }

    public double? Validity { get; set; }

    public double Uniqueness { get; set; }

    public double? Consistency { get; set; }

    public long DuplicateRows { get; set; }

    /// <summary>JSON list of <see cref="Agora.Data.Profiling.QualityFinding"/>: the declared check and how many rows fail it
    /// (timeliness excluded: it is recomputed when shown).</summary>
    public string Findings { get; set; } = "[]";

    /// <summary>JSON list of <see cref="ColumnQuality"/>.</summary>
    public string Columns { get; set; } = "[]";

    /// <summary>JSON list of notes: declared rules that could not be applied to this version, and why.</summary>
    public string Notes { get; set; } = "[]";

    /// <summary>Whether the discovery sketch of the version was written. Every profile writes one now; versions without rows
    /// profiled before they were sketched have none and are profiled again.</summary>
    public bool HasSketch { get; set; }
}

/// <summary>Per-column counts of a profile that carry no data value.</summary>
public sealed record ColumnQuality(string Name, string Type, string Kind, long Count, long Nulls, long Distinct);

internal sealed class VersionProfileConfiguration : IEntityTypeConfiguration<VersionProfile>
{
    public void Configure(EntityTypeBuilder<VersionProfile> profile)
    {
        profile.HasKey(p => p.VersionId);
        profile.Property(p => p.VersionId).ValueGeneratedNever();
        profile.HasIndex(p => p.DatasetId);
        profile.HasOne<Catalog.DatasetVersion>().WithOne().HasForeignKey<VersionProfile>(p => p.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
