using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Dataspace;

/// <summary>
/// Another connector (another Agora, or any DSP 2025-1 connector) this platform talks to. It calls us with the token
/// issued at registration (only its SHA-256 is kept); we call it at <see cref="Endpoint"/> with the token it issued to us
/// (<see cref="OutboundToken"/>, wrapped with the master key). When it asks us for contracts it acts for
/// <see cref="OrganisationId"/>, the local organisation that stands for it (its agreements are that organisation's).
/// </summary>
public sealed class DataspaceParticipant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    /// <summary>Its DSP base URL (the <c>path</c> of its <c>/.well-known/dspace-version</c>), for example <c>https://agora.example/dsp</c>.
    /// Callback addresses it sends must lie under it.</summary>
    public required string Endpoint { get; set; }

    /// <summary>The local organisation it acts for as a consumer; null when it only provides.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>Hex SHA-256 of the token it presents to us.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of that token, to recognise it in lists.</summary>
    public required string TokenPrefix { get; set; }

    /// <summary>The token it issued to us, wrapped with the platform master key; null until set.</summary>
    public string? OutboundToken { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class DataspaceParticipantConfiguration : IEntityTypeConfiguration<DataspaceParticipant>
{
    public void Configure(EntityTypeBuilder<DataspaceParticipant> builder)
    {
        builder.ToTable("DataspaceParticipants");
        builder.HasIndex(p => p.TokenHash).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Endpoint).HasMaxLength(500);
        builder.Property(p => p.TokenHash).HasMaxLength(64);
        builder.Property(p => p.TokenPrefix).HasMaxLength(32);
        builder.Property(p => p.OutboundToken).HasMaxLength(500);
        builder.Property(p => p.CreatedById).HasMaxLength(64);
    }
}
