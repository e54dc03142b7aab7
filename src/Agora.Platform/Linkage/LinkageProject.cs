using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Linkage;

/// <summary>
/// A linkage project: organisations that agree to pseudonymise their datasets into one shared pseudonymisation domain, so
/// that their records can be joined by pseudonym inside the platform without either side seeing the other's identifiers
/// (see docs/adr/0048). The project's domain key never leaves the platform.
/// </summary>
public sealed class LinkageProject
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>URL name, unique.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    /// <summary>The purpose of the linkage, shown to every member.</summary>
    public string? Purpose { get; set; }

    /// <summary>The organisation that created the project and invites the others.</summary>
    public Guid OwnerOrganisationId { get; set; }

    public Organisation OwnerOrganisation { get; set; } = null!;

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<LinkageMember> Members { get; set; } = [];
}

/// <summary>An organisation invited to, or taking part in, a linkage project.</summary>
public sealed class LinkageMember
{
    public Guid ProjectId { get; set; }

    public Guid OrganisationId { get; set; }

    public Organisation Organisation { get; set; } = null!;

    public LinkageMemberState State { get; set; }

    public DateTimeOffset InvitedAt { get; set; }

    public DateTimeOffset? JoinedAt { get; set; }
}

public enum LinkageMemberState
{
    /// <summary>Asked to join; a data steward of the organisation accepts.</summary>
    Invited = 0,

    /// <summary>Takes part: may contribute versions and run joins.</summary>
    Joined = 1,
}

internal sealed class LinkageProjectConfiguration : IEntityTypeConfiguration<LinkageProject>
{
    public void Configure(EntityTypeBuilder<LinkageProject> project)
    {
        project.HasIndex(p => p.Slug).IsUnique();
        project.Property(p => p.Slug).HasMaxLength(64);
        project.Property(p => p.Name).HasMaxLength(200);
        project.Property(p => p.Purpose).HasMaxLength(4000);
        project.Property(p => p.CreatedById).HasMaxLength(64);
        project.HasOne(p => p.OwnerOrganisation).WithMany().HasForeignKey(p => p.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        project.HasMany(p => p.Members).WithOne().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LinkageMemberConfiguration : IEntityTypeConfiguration<LinkageMember>
{
    public void Configure(EntityTypeBuilder<LinkageMember> member)
    {
        member.HasKey(m => new { m.ProjectId, m.OrganisationId });
        member.HasIndex(m => m.OrganisationId);
        member.HasOne(m => m.Organisation).WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
