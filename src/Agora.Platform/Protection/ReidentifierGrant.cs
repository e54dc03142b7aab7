using Agora.Platform.Accounts;
using Agora.Platform.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Protection;

/// <summary>The explicit permission of one member of an organisation to reverse the pseudonyms of one of its datasets.
/// Given and revoked by an organisation admin; no role includes it. See docs/adr/0047.</summary>
public sealed class ReidentifierGrant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public Guid DatasetId { get; set; }

    public required string UserId { get; set; }

    public required string GrantedById { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    public string? RevokedById { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}

internal sealed class ReidentifierGrantConfiguration : IEntityTypeConfiguration<ReidentifierGrant>
{
    public void Configure(EntityTypeBuilder<ReidentifierGrant> grant)
    {
        grant.HasIndex(g => new { g.DatasetId, g.UserId });
        grant.HasIndex(g => g.OrganisationId);
        grant.Property(g => g.UserId).HasMaxLength(64);
        grant.Property(g => g.GrantedById).HasMaxLength(64);
        grant.Property(g => g.RevokedById).HasMaxLength(64);
        grant.Ignore(g => g.IsActive);
        grant.HasOne<Dataset>().WithMany().HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
        grant.HasOne<AgoraUser>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
