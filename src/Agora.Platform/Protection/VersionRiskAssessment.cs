using Agora.Platform.Catalog;
using Agora.Privacy.Risk;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Protection;

/// <summary>A re-identification risk analysis of one stored version on chosen quasi-identifiers.</summary>
public sealed class VersionRiskAssessment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid VersionId { get; set; }

    public Guid DatasetId { get; set; }

    public List<string> QuasiIdentifiers { get; set; } = [];

    public long? PopulationSize { get; set; }

    public RiskSummary Report { get; set; } = null!;

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The figures of <see cref="RiskReport"/> in a storable form (no NaN: a model that failed is null).</summary>
public sealed record RiskSummary(
    long Records,
    long Classes,
    AttackerFigures Prosecutor,
    AttackerFigures Journalist,
    double Marketer,
    long SampleUniques,
    double SampleUniqueness,
    PopulationFigures? Population,
    IReadOnlyList<RiskBandShare> Distribution)
{
    public static RiskSummary From(RiskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new RiskSummary(report.Records, report.Classes, AttackerFigures.From(report.Prosecutor), AttackerFigures.From(report.Journalist),
            report.Marketer, report.SampleUniques, report.SampleUniqueness,
            report.Population is { } p
                ? new PopulationFigures(p.PopulationSize, p.SamplingFraction, Finite(p.Pitman), Finite(p.Zayatz), Finite(p.Snb), Finite(p.Dankar),
                    p.DankarModel.ToString().ToLowerInvariant())
                : null,
            [.. report.Distribution.Select(b => new RiskBandShare(b.Above, b.AtMost, b.Records))]);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>Highest and average risk of one attacker model, and the share of records at the highest risk.</summary>
public sealed record AttackerFigures(double Highest, double Average, double RecordsAtHighest)
{
    public static AttackerFigures From(AttackerRisk risk) => new(risk.HighestRisk, risk.AverageRisk, risk.RecordsAtHighestRisk);
}

/// <summary>Population uniqueness estimates (shares of the population unique on the quasi-identifiers).</summary>
public sealed record PopulationFigures(long PopulationSize, double SamplingFraction, double? Pitman, double? Zayatz, double? Snb, double? Dankar,
    string DankarModel);

/// <summary>Share of records whose prosecutor risk lies in (Above, AtMost].</summary>
public sealed record RiskBandShare(double Above, double AtMost, double Records);

internal sealed class VersionRiskAssessmentConfiguration : IEntityTypeConfiguration<VersionRiskAssessment>
{
    public void Configure(EntityTypeBuilder<VersionRiskAssessment> risk)
    {
        risk.HasIndex(r => new { r.VersionId, r.CreatedAt });
        risk.HasIndex(r => r.DatasetId);
        risk.Property(r => r.QuasiIdentifiers).AsJson();
        risk.Property(r => r.Report).AsJson();
        risk.Property(r => r.CreatedById).HasMaxLength(64);
        risk.HasOne<DatasetVersion>().WithMany().HasForeignKey(r => r.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
