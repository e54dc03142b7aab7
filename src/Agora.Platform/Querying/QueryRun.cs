using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Querying;

/// <summary>One query (or approved-algorithm run) under an agreement: the SQL and its hash, what happened and what it
/// cost. Never its results.</summary>
public sealed class QueryRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AgreementId { get; set; }

    public Guid DatasetId { get; set; }

    public Guid ConsumerOrganisationId { get; set; }

    public required string UserId { get; set; }

    /// <summary>The approved algorithm's name, or null for free SQL.</summary>
    public string? AlgorithmName { get; set; }

    public required string Sql { get; set; }

    /// <summary>Hex SHA-256 of <see cref="Sql"/> (UTF-8).</summary>
    public required string SqlHash { get; set; }

    public QueryOutcome Outcome { get; set; }

    /// <summary>The rule that refused it (<c>QueryRules</c>, <c>policy</c>, <c>agreement</c>…), if refused.</summary>
    public string? Rule { get; set; }

    /// <summary>The refusal or failure in words (never data values).</summary>
    public string? Message { get; set; }

    /// <summary>ε or ρ charged (0 for a cached answer or non-DP output).</summary>
    public double Cost { get; set; }

    public double CostDelta { get; set; }

    public bool FromCache { get; set; }

    public Guid? HeldOutputId { get; set; }

    public DateTimeOffset At { get; set; }
}

public enum QueryOutcome
{
    Released = 0,
    HeldForReview = 1,
    Refused = 2,
    Failed = 3,
}

internal sealed class QueryRunConfiguration : IEntityTypeConfiguration<QueryRun>
{
    public void Configure(EntityTypeBuilder<QueryRun> builder)
    {
        builder.ToTable("QueryRuns");
        builder.HasIndex(r => new { r.AgreementId, r.At });
        builder.Property(r => r.UserId).HasMaxLength(64);
        builder.Property(r => r.AlgorithmName).HasMaxLength(100);
        builder.Property(r => r.SqlHash).HasMaxLength(64);
        builder.Property(r => r.Rule).HasMaxLength(64);
        builder.Property(r => r.Message).HasMaxLength(2000);
    }
}
