using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Protection;

/// <summary>
/// A pseudonymisation domain: the scope within which equal values get equal pseudonyms (EDPB 01/2025). One per dataset
/// by default, one per linkage project (so two organisations' pseudonyms join), one per agreement when an agreement asks
/// for its own. Its data keys (<see cref="DomainKey"/>) live here wrapped by the platform key ring; no person and no
/// organisation ever sees them.
/// </summary>
public sealed class PseudonymisationDomain
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The name the keys are bound to (<c>agora:dataset:ID</c>, <c>agora:linkage:ID</c>, <c>agora:agreement:ID</c>):
    /// a wrapped key copied to another domain does not open.</summary>
    public required string Name { get; set; }

    public DomainKind Kind { get; set; }

    /// <summary>The dataset, linkage project or agreement the domain belongs to.</summary>
    public Guid OwnerId { get; set; }

    /// <summary>The key generation that makes new pseudonyms; older generations still reverse what they made.</summary>
    public int CurrentGeneration { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<DomainKey> Keys { get; set; } = [];

    public static string NameFor(DomainKind kind, Guid ownerId) => kind switch
    {
        DomainKind.Dataset => $"agora:dataset:{ownerId:D}",
        DomainKind.LinkageProject => $"agora:linkage:{ownerId:D}",
        _ => $"agora:agreement:{ownerId:D}",
    };
}

public enum DomainKind
{
    Dataset = 0,
    LinkageProject = 1,
    Agreement = 2,
}

/// <summary>One generation of a domain's data key, wrapped by the platform key ring (<c>VERSION.BASE64</c>).</summary>
public sealed class DomainKey
{
    public Guid DomainId { get; set; }

    /// <summary>1, 2, 3…: a new generation is a new key (rotation of the domain key); re-wrapping under a newer ring
    /// version (rotation of the master key) keeps the generation and its pseudonyms.</summary>
    public int Generation { get; set; }

    public required string WrappedKey { get; set; }

    /// <summary>The platform key-ring version that wraps it (to find keys still wrapped by a retired ring version).</summary>
    public int RingVersion { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RewrappedAt { get; set; }
}

internal sealed class PseudonymisationDomainConfiguration : IEntityTypeConfiguration<PseudonymisationDomain>
{
    public void Configure(EntityTypeBuilder<PseudonymisationDomain> domain)
    {
        domain.HasIndex(d => d.Name).IsUnique();
        domain.HasIndex(d => new { d.Kind, d.OwnerId }).IsUnique();
        domain.Property(d => d.Name).HasMaxLength(200);
        domain.HasMany(d => d.Keys).WithOne().HasForeignKey(k => k.DomainId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DomainKeyConfiguration : IEntityTypeConfiguration<DomainKey>
{
    public void Configure(EntityTypeBuilder<DomainKey> key)
    {
        key.HasKey(k => new { k.DomainId, k.Generation });
        key.Property(k => k.WrappedKey).HasMaxLength(200);
        key.Property(k => k.CreatedById).HasMaxLength(64);
        key.HasIndex(k => k.RingVersion);
    }
}
