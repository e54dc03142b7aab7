using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Agreements;

/// <summary>
/// A signed agreement in the register. <see cref="Document"/> is the whole agreement in canonical JSON (RFC 8785):
/// <see cref="Hash"/> is its SHA-256 and <see cref="Signature"/> the platform's Ed25519 signature over it. Every use reads
/// the terms from the verified document, never from the other columns, which only index it. Revocation and the use counter
/// live outside the signed document.
/// </summary>
public sealed class Agreement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid NegotiationId { get; set; }

    public Guid OfferId { get; set; }

    public Guid DatasetId { get; set; }

    public Guid DatasetVersionId { get; set; }

    public Guid ProviderOrganisationId { get; set; }

    public Guid ConsumerOrganisationId { get; set; }

    public required string Purpose { get; set; }

    public DateTimeOffset SignedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The signed content: canonical JSON of <see cref="AgreementDocument"/>.</summary>
    public required string Document { get; set; }

    /// <summary>Hex SHA-256 of <see cref="Document"/> (UTF-8).</summary>
    public required string Hash { get; set; }

    /// <summary>Base64 Ed25519 signature over <see cref="Document"/> (UTF-8).</summary>
    public required string Signature { get; set; }

    /// <summary>The platform key that signed it (<c>ed25519:v1</c>).</summary>
    public required string SigningKeyId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedById { get; set; }

    public string? RevocationReason { get; set; }

    /// <summary>Uses made (queries, algorithm runs, downloads), counted with a conditional update.</summary>
    public int Uses { get; set; }
}

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> builder)
    {
        builder.ToTable("Agreements");
        builder.HasIndex(a => a.ProviderOrganisationId);
        builder.HasIndex(a => new { a.ConsumerOrganisationId, a.DatasetId });
        builder.HasIndex(a => a.NegotiationId).IsUnique();
        builder.Property(a => a.Purpose).HasMaxLength(100);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.Property(a => a.Signature).HasMaxLength(200);
        builder.Property(a => a.SigningKeyId).HasMaxLength(32);
        builder.Property(a => a.RevokedById).HasMaxLength(64);
        builder.Property(a => a.RevocationReason).HasMaxLength(2000);
    }
}
