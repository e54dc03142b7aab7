using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Profiling;

/// <summary>The constraints and consistency rules a steward declared for a dataset, as the engine's
/// <see cref="Agora.Data.Profiling.QualityExpectations"/> JSON (columns and consistency only: the update frequency is the
/// dataset's own field and the last change is its newest version).</summary>
public sealed class QualityRuleSet
{
    public Guid DatasetId { get; set; }

    /// <summary>JSON: <c>{ "columns": { name: constraints }, "consistency": [ { name, rule } ] }</c>.</summary>
    public string Expectations { get; set; } = "{}";

    /// <summary>1, 2, 3…: each declaration increments it, so a profile knows whether it used the current rules.</summary>
    public int Revision { get; set; }

    public required string UpdatedById { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class QualityRuleSetConfiguration : IEntityTypeConfiguration<QualityRuleSet>
{
    public void Configure(EntityTypeBuilder<QualityRuleSet> rules)
    {
        rules.HasKey(r => r.DatasetId);
        rules.Property(r => r.DatasetId).ValueGeneratedNever();
        rules.HasOne<Catalog.Dataset>().WithOne().HasForeignKey<QualityRuleSet>(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
