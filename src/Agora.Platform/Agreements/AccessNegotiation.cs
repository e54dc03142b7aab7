using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Agreements;

/// <summary>
/// A consumer's request for access to an offer and its negotiation with the provider, as a DSP contract negotiation:
/// its <see cref="Id"/> is the provider's process id and <see cref="ConsumerPid"/> the consumer's. It ends FINALIZED
/// with an <see cref="Agreement"/>, or TERMINATED.
/// </summary>
public sealed class AccessNegotiation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The consumer's process id (DSP <c>consumerPid</c>).</summary>
    public Guid ConsumerPid { get; set; } = Guid.CreateVersion7();

    public Guid OfferId { get; set; }

    public Guid DatasetId { get; set; }

    public Guid DatasetVersionId { get; set; }

    public Guid ProviderOrganisationId { get; set; }

    public Guid ConsumerOrganisationId { get; set; }

    public required string RequestedById { get; set; }

    /// <summary>The stated purpose, from the controlled list.</summary>
    public required string Purpose { get; set; }

    /// <summary>The consumer's words: project, why this data.</summary>
    public string? Statement { get; set; }

    public NegotiationState State { get; set; }

    /// <summary>The terms on the table as ODRL JSON: the offer's, or the provider's counter-offer.</summary>
    public required string PolicyJson { get; set; }

    public Guid? AgreementId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<NegotiationStep> Steps { get; set; } = [];
}

/// <summary>One transition of a negotiation: who sent which message, with an optional comment.</summary>
public sealed class NegotiationStep
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid NegotiationId { get; set; }

    public NegotiationState? From { get; set; }

    public NegotiationState To { get; set; }

    public NegotiationMessage Message { get; set; }

    public NegotiationParty Sender { get; set; }

    /// <summary>The person, or <see cref="AgreementService.PlatformActorId"/> for what the platform does by itself.</summary>
    public required string ActorId { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class AccessNegotiationConfiguration : IEntityTypeConfiguration<AccessNegotiation>
{
    public void Configure(EntityTypeBuilder<AccessNegotiation> builder)
    {
        builder.ToTable("AccessNegotiations");
        builder.HasIndex(n => new { n.ProviderOrganisationId, n.State });
        builder.HasIndex(n => new { n.ConsumerOrganisationId, n.State });
        builder.HasIndex(n => n.OfferId);
        builder.Property(n => n.RequestedById).HasMaxLength(64);
        builder.Property(n => n.Purpose).HasMaxLength(100);
        builder.Property(n => n.Statement).HasMaxLength(4000);
        builder.HasMany(n => n.Steps).WithOne().HasForeignKey(s => s.NegotiationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NegotiationStepConfiguration : IEntityTypeConfiguration<NegotiationStep>
{
    public void Configure(EntityTypeBuilder<NegotiationStep> builder)
    {
        builder.ToTable("NegotiationSteps");
        builder.HasIndex(s => new { s.NegotiationId, s.At });
        builder.Property(s => s.ActorId).HasMaxLength(64);
        builder.Property(s => s.Comment).HasMaxLength(4000);
    }
}
