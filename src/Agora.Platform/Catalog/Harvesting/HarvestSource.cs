using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Catalog.Harvesting;

/// <summary>Another DCAT-AP catalogue an organisation mirrors into Agora's catalogue: a URL Agora fetches, or the name
/// of a file an admin uploads. Harvesting the same source again updates its records; it never duplicates them.</summary>
public sealed class HarvestSource
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The organisation whose catalogue receives the records.</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>An http(s) URL, or <c>file:NAME</c> for an uploaded document. Unique within the organisation.</summary>
    public required string Location { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastHarvestedAt { get; set; }

    /// <summary>What the last harvest did, in one line (counts, or why it failed).</summary>
    public string? LastOutcome { get; set; }

    /// <summary>Datasets currently published from this source.</summary>
    public int DatasetCount { get; set; }

    public bool IsUrl => Location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || Location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One dataset of a source as last harvested: the remote IRI it is known by, the Agora dataset that shows it,
/// and a fingerprint of its description so an unchanged record is not rewritten.</summary>
public sealed class HarvestedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid SourceId { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The dataset's IRI in the source catalogue (or <c>urn:…</c> built from its identifier).</summary>
    public required string RemoteIri { get; set; }

    /// <summary>Hex SHA-256 of the harvested description.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The publisher's name in the source catalogue.</summary>
    public string? RemotePublisher { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}

internal sealed class HarvestSourceConfiguration : IEntityTypeConfiguration<HarvestSource>
{
    public void Configure(EntityTypeBuilder<HarvestSource> builder)
    {
        builder.HasIndex(s => new { s.OrganisationId, s.Location }).IsUnique();
        builder.Property(s => s.Location).HasMaxLength(1000);
        builder.Property(s => s.LastOutcome).HasMaxLength(1000);
        builder.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(s => s.IsUrl);
    }
}

internal sealed class HarvestedRecordConfiguration : IEntityTypeConfiguration<HarvestedRecord>
{
    public void Configure(EntityTypeBuilder<HarvestedRecord> builder)
    {
        builder.HasIndex(r => new { r.SourceId, r.RemoteIri }).IsUnique();
        builder.HasIndex(r => r.DatasetId).IsUnique();
        builder.Property(r => r.RemoteIri).HasMaxLength(2000);
        builder.Property(r => r.Fingerprint).HasMaxLength(64);
        builder.Property(r => r.RemotePublisher).HasMaxLength(300);
        builder.HasOne<HarvestSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
