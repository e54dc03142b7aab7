using Agora.Platform.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Linkage;

/// <summary>A version an organisation puts into a linkage project: a version of one of its datasets that was pseudonymised
/// in the project's domain. Contributing is the organisation's consent that project members may join it.</summary>
public sealed class LinkageContribution
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProjectId { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid DatasetId { get; set; }

    public Guid VersionId { get; set; }

    /// <summary>The column that holds the pseudonyms to join on.</summary>
    public required string PseudonymColumn { get; set; }

    public required string ContributedById { get; set; }

    public DateTimeOffset ContributedAt { get; set; }

    /// <summary>When the organisation took it back; joins are no longer possible, earlier results stay.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
}

/// <summary>A join of two contributions, stored as a derived version of the requesting organisation's linkage dataset and
/// readable by every member of the project.</summary>
public sealed class LinkageResult
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProjectId { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid DatasetId { get; set; }

    public Guid VersionId { get; set; }

    public Guid LeftContributionId { get; set; }

    public Guid RightContributionId { get; set; }

    public long LinkedRows { get; set; }

    public required string RequestedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class LinkageContributionConfiguration : IEntityTypeConfiguration<LinkageContribution>
{
    public void Configure(EntityTypeBuilder<LinkageContribution> contribution)
    {
        contribution.HasIndex(c => c.ProjectId);
        contribution.Property(c => c.PseudonymColumn).HasMaxLength(256);
        contribution.Property(c => c.ContributedById).HasMaxLength(64);
        contribution.HasOne<LinkageProject>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        contribution.HasOne<DatasetVersion>().WithMany().HasForeignKey(c => c.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LinkageResultConfiguration : IEntityTypeConfiguration<LinkageResult>
{
    public void Configure(EntityTypeBuilder<LinkageResult> result)
    {
        result.HasIndex(r => r.ProjectId);
        result.Property(r => r.RequestedById).HasMaxLength(64);
        result.HasOne<LinkageProject>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        result.HasOne<DatasetVersion>().WithMany().HasForeignKey(r => r.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
