using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Agora.Platform.Wanted;

/// <summary>A "data wanted" post: what a consumer needs, described by keywords, column names and sample values. Posts
/// are public (the board is), so they hold nothing but what the consumer chose to say.</summary>
public sealed class WantedPost
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Title { get; set; }

    public string? Description { get; set; }

    public List<string> Keywords { get; set; } = [];

    public List<string> Columns { get; set; } = [];

    public List<string> SampleValues { get; set; } = [];

    public required string PostedById { get; set; }

    /// <summary>The organisation the consumer posts for, when they chose one of theirs.</summary>
    public Guid? OrganisationId { get; set; }

    public WantedState State { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<WantedMatch> Matches { get; set; } = [];
}

public enum WantedState
{
    Open = 0,
    Closed = 1,
}

/// <summary>A published dataset that matches a post, found once (the pair is unique) with the evidence at that moment.</summary>
public sealed class WantedMatch
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PostId { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The dataset's organisation (the provider told about the match).</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>0 to 1 (docs/discovery.md, "Data wanted").</summary>
    public double Score { get; set; }

    /// <summary>JSON <see cref="MatchEvidence"/>.</summary>
    public string Evidence { get; set; } = "{}";

    public DateTimeOffset FoundAt { get; set; }
}

/// <summary>Why a dataset matches a post: the keywords found in its description, the wanted column names it has, and how
/// many of the sample values one of its columns holds.</summary>
public sealed record MatchEvidence(
    IReadOnlyList<string> Keywords,
    double KeywordShare,
    IReadOnlyList<ColumnPair> Columns,
    double ColumnShare,
    ValueEvidence? Values);

/// <summary>A wanted column name and the dataset's column that answers it.</summary>
public sealed record ColumnPair(string Wanted, string Column);

/// <summary>The dataset column holding the most sample values, the estimated share held and how many.</summary>
public sealed record ValueEvidence(string Column, double Containment, long SharedValues);

internal sealed class WantedPostConfiguration : IEntityTypeConfiguration<WantedPost>
{
    public void Configure(EntityTypeBuilder<WantedPost> post)
    {
        post.Property(p => p.Title).HasMaxLength(200);
        post.Property(p => p.Description).HasMaxLength(4000);
        post.Property(p => p.PostedById).HasMaxLength(450);
        post.Property(p => p.Keywords).HasConversion(JsonList.Converter, JsonList.Comparer);
        post.Property(p => p.Columns).HasConversion(JsonList.Converter, JsonList.Comparer);
        post.Property(p => p.SampleValues).HasConversion(JsonList.Converter, JsonList.Comparer);
        post.HasIndex(p => new { p.State, p.CreatedAt });
        post.HasIndex(p => p.OrganisationId);
        post.HasMany(p => p.Matches).WithOne().HasForeignKey(m => m.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WantedMatchConfiguration : IEntityTypeConfiguration<WantedMatch>
{
    public void Configure(EntityTypeBuilder<WantedMatch> match)
    {
        match.HasIndex(m => new { m.PostId, m.DatasetId }).IsUnique();
        match.HasIndex(m => m.DatasetId);
        match.HasIndex(m => m.OrganisationId);
        match.HasOne<Catalog.Dataset>().WithMany().HasForeignKey(m => m.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Lists of strings stored as a JSON array in one column (both providers).</summary>
internal static class JsonList
{
    public static readonly ValueConverter<List<string>, string> Converter = new(
        value => JsonSerializer.Serialize(value, (JsonSerializerOptions?)null),
        text => JsonSerializer.Deserialize<List<string>>(text, (JsonSerializerOptions?)null) ?? new List<string>());

    public static readonly ValueComparer<List<string>> Comparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b),
        value => value.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
        value => value.ToList());
}
