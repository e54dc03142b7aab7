using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Audit;

/// <summary>One entry of the hash-chained audit log. <see cref="Hash"/> covers every other field and the previous
/// entry's hash, so editing, deleting, inserting or reordering entries breaks the chain.</summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3… without gaps.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>What happened, as <c>feature.verb</c> (for example <c>dataset.approved</c>, <c>query.refused</c>).</summary>
    public required string Action { get; set; }

    /// <summary>The account that acted; null for the platform itself.</summary>
    public string? ActorId { get; set; }

    public Guid? OrganisationId { get; set; }

    /// <summary>What it happened to, for example <c>dataset</c> and its id.</summary>
    public string? SubjectType { get; set; }

    public string? SubjectId { get; set; }

    /// <summary>Canonical JSON object of string details (identifiers, SQL text and its hash, reasons); never data values,
    /// keys or tokens.</summary>
    public required string Details { get; set; }

    /// <summary>Hex SHA-256 of the previous entry (64 zeros before the first).</summary>
    public required string PreviousHash { get; set; }

    /// <summary>Hex SHA-256 of this entry's canonical form.</summary>
    public required string Hash { get; set; }
}

/// <summary>A signed statement that the chain up to <see cref="Sequence"/> ends in <see cref="Hash"/>.</summary>
public sealed class AuditCheckpoint
{
    public long Sequence { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Which platform key signed it (<c>ed25519:v1</c>).</summary>
    public required string KeyId { get; set; }

    /// <summary>Base64 Ed25519 signature of <see cref="AuditChain.CheckpointBytes"/>.</summary>
    public required string Signature { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasKey(e => e.Sequence);
        entry.Property(e => e.Sequence).ValueGeneratedNever();
        entry.Property(e => e.Action).HasMaxLength(100);
        entry.Property(e => e.SubjectType).HasMaxLength(50);
        entry.Property(e => e.SubjectId).HasMaxLength(100);
        entry.Property(e => e.PreviousHash).HasMaxLength(64);
        entry.Property(e => e.Hash).HasMaxLength(64);
        entry.HasIndex(e => e.Action);
        entry.HasIndex(e => e.OrganisationId);
        entry.HasIndex(e => e.ActorId);
        entry.HasIndex(e => new { e.SubjectType, e.SubjectId });
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> checkpoint)
    {
        checkpoint.HasKey(c => c.Sequence);
        checkpoint.Property(c => c.Sequence).ValueGeneratedNever();
        checkpoint.Property(c => c.Hash).HasMaxLength(64);
        checkpoint.Property(c => c.KeyId).HasMaxLength(32);
    }
}
