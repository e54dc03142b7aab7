using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Value;

/// <summary>How often a dataset was in demand on one day, per kind (<see cref="DemandKinds"/>). Counts only: no person,
/// session, address or query text is kept, so demand is measured without tracking anyone.</summary>
public sealed class DemandCount
{
    public Guid DatasetId { get; set; }

    public DateOnly Day { get; set; }

    public required string Kind { get; set; }

    public long Count { get; set; }
}

public static class DemandKinds
{
    /// <summary>The dataset was on a page of results of a search with words.</summary>
    public const string SearchHit = "search";

    /// <summary>Its page (or API description) was opened by someone outside its organisation.</summary>
    public const string View = "view";

    /// <summary>A version of it was downloaded by someone outside its organisation.</summary>
    public const string Download = "download";
}

internal sealed class DemandCountConfiguration : IEntityTypeConfiguration<DemandCount>
{
    public void Configure(EntityTypeBuilder<DemandCount> count)
    {
        count.HasKey(c => new { c.DatasetId, c.Day, c.Kind });
        count.Property(c => c.Kind).HasMaxLength(16);
        count.HasOne<Catalog.Dataset>().WithMany().HasForeignKey(c => c.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
