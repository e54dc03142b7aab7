using Agora.Platform.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Protection;

/// <summary>A generalisation hierarchy kept for one attribute of a dataset, reused when the next version is protected.
/// A built hierarchy is kept as its builder (it holds no values and is rebuilt from the next version's values); an uploaded
/// ARX file lists the attribute's values, so it is kept sealed under a data key wrapped by the platform key ring.</summary>
public sealed class SavedHierarchy
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DatasetId { get; set; }

    public required string Attribute { get; set; }

    public HierarchySource Source { get; set; }

    /// <summary>For <see cref="HierarchySource.Builder"/>: the builder (<c>interval:5,10,20</c>, <c>date:month,year</c>, <c>mask:1</c>…).</summary>
    public string? Builder { get; set; }

    /// <summary>For <see cref="HierarchySource.Uploaded"/>: the ARX CSV, sealed (see <see cref="Keys.SealedText"/>).</summary>
    public string? SealedContent { get; set; }

    /// <summary>Levels above the original values (for display).</summary>
    public int Levels { get; set; }

    /// <summary>Original values the file covers (0 for builders).</summary>
    public int Values { get; set; }

    public required string UpdatedById { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum HierarchySource
{
    Builder = 0,
    Uploaded = 1,
}

internal sealed class SavedHierarchyConfiguration : IEntityTypeConfiguration<SavedHierarchy>
{
    public void Configure(EntityTypeBuilder<SavedHierarchy> hierarchy)
    {
        hierarchy.HasIndex(h => new { h.DatasetId, h.Attribute }).IsUnique();
        hierarchy.Property(h => h.Attribute).HasMaxLength(256);
        hierarchy.Property(h => h.Builder).HasMaxLength(500);
        hierarchy.Property(h => h.UpdatedById).HasMaxLength(64);
        hierarchy.HasOne<Dataset>().WithMany().HasForeignKey(h => h.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
