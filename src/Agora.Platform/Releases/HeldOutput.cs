using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Releases;

/// <summary>
/// An output that statistical disclosure control held back: it waits in the provider's release queue, where one or two
/// distinct stewards (as the agreement says) release it to the consumer or refuse it. The consumer sees it only once
/// released.
/// </summary>
public sealed class HeldOutput
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid QueryRunId { get; set; }

    public Guid AgreementId { get; set; }

    public Guid DatasetId { get; set; }

    public Guid ProviderOrganisationId { get; set; }

    public Guid ConsumerOrganisationId { get; set; }

    public required string RequestedById { get; set; }

    public required string Sql { get; set; }

    /// <summary>The held table (aggregates only) as JSON (<see cref="Querying.ResultTable"/>).</summary>
    public required string Output { get; set; }

    /// <summary>The disclosure findings as JSON: rule, cell and message.</summary>
    public required string Findings { get; set; }

    public int ReviewsRequired { get; set; } = 1;

    public ReleaseState State { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public List<OutputReview> Reviews { get; set; } = [];
}

public enum ReleaseState
{
    Pending = 0,
    Released = 1,
    Refused = 2,
}

/// <summary>One steward's decision on a held output.</summary>
public sealed class OutputReview
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid HeldOutputId { get; set; }

    public required string ReviewerId { get; set; }

    public bool Release { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class HeldOutputConfiguration : IEntityTypeConfiguration<HeldOutput>
{
    public void Configure(EntityTypeBuilder<HeldOutput> builder)
    {
        builder.ToTable("HeldOutputs");
        builder.HasIndex(h => new { h.ProviderOrganisationId, h.State });
        builder.HasIndex(h => h.AgreementId);
        builder.Property(h => h.RequestedById).HasMaxLength(64);
        builder.HasMany(h => h.Reviews).WithOne().HasForeignKey(r => r.HeldOutputId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutputReviewConfiguration : IEntityTypeConfiguration<OutputReview>
{
    public void Configure(EntityTypeBuilder<OutputReview> builder)
    {
        builder.ToTable("OutputReviews");
        // One decision per steward: the second reviewer must be a different person.
        builder.HasIndex(r => new { r.HeldOutputId, r.ReviewerId }).IsUnique();
        builder.Property(r => r.ReviewerId).HasMaxLength(64);
        builder.Property(r => r.Comment).HasMaxLength(2000);
    }
}
