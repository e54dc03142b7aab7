using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Offers;

/// <summary>A steward's offer of one dataset version under an ODRL usage policy, with the public privacy metadata that
/// differential privacy needs. Consumers request access against an offer; an agreement copies its terms.</summary>
public sealed class Offer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DatasetId { get; set; }

    /// <summary>The version offered; agreements grant exactly this version.</summary>
    public Guid DatasetVersionId { get; set; }

    /// <summary>The provider (the dataset's organisation).</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>A short name the steward gives the offer ("DP aggregates for health research").</summary>
    public required string Title { get; set; }

    /// <summary>The ODRL Offer as compacted JSON-LD (<see cref="Agora.Privacy.Policies.OdrlJson"/>).</summary>
    public required string PolicyJson { get; set; }

    /// <summary>Public privacy metadata as JSON (<see cref="PrivacyMetadata"/>).</summary>
    public required string PrivacyJson { get; set; }

    /// <summary>Requests that the policy permits are approved without a steward.</summary>
    public bool AutoApprove { get; set; }

    /// <summary>How many distinct stewards must release an output held by disclosure control (1 or 2).</summary>
    public int ReviewersRequired { get; set; } = 1;

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public bool IsActive => WithdrawnAt is null;
}

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> builder)
    {
        builder.ToTable("Offers");
        builder.HasIndex(o => o.DatasetId);
        builder.HasIndex(o => o.OrganisationId);
        builder.Property(o => o.Title).HasMaxLength(200);
        builder.Property(o => o.CreatedById).HasMaxLength(64);
        builder.Ignore(o => o.IsActive);
    }
}
