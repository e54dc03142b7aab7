using Agora.Platform.Agreements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Dataspace;

/// <summary>Which side of a DSP process this platform plays.</summary>
public enum DataspaceRole
{
    Provider,
    Consumer,
}

/// <summary>
/// A contract negotiation over the Dataspace Protocol. On the provider side it links an <see cref="AccessNegotiation"/>
/// (same <see cref="Id"/>, which is the <c>providerPid</c>; its state is the truth) to the remote consumer; on the
/// consumer side it is the negotiation itself (<see cref="Id"/> is the <c>consumerPid</c>, <see cref="State"/> the truth).
/// </summary>
public sealed class DataspaceNegotiation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DataspaceRole Role { get; set; }

    public Guid ParticipantId { get; set; }

    /// <summary>The other side's process id (any string the other connector chose); null until the provider answered.</summary>
    public string? RemotePid { get; set; }

    /// <summary>Where messages to the other side go: the consumer's callback address, or the provider's DSP base URL.</summary>
    public required string CounterpartAddress { get; set; }

    /// <summary>The consumer side's state; on the provider side a copy of the access negotiation's state.</summary>
    public NegotiationState State { get; set; }

    /// <summary>The local organisation: the consumer that asks (consumer side), or the one standing for the participant.</summary>
    public Guid OrganisationId { get; set; }

    public required string RequestedById { get; set; }

    /// <summary>The dataset id in the provider's catalogue.</summary>
    public required string DatasetId { get; set; }

    /// <summary>The offer asked for, as sent (ODRL JSON).</summary>
    public required string OfferJson { get; set; }

    /// <summary>The agreement received (consumer side), as sent by the provider.</summary>
    public string? AgreementJson { get; set; }

    public string? AgreementId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The states of a DSP transfer process.</summary>
public enum TransferState
{
    Requested = 0,
    Started = 1,
    Suspended = 2,
    Completed = 3,
    Terminated = 4,
}

/// <summary>A DSP transfer process, on either side. <see cref="Id"/> is this side's process id.</summary>
public sealed class DataspaceTransfer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DataspaceRole Role { get; set; }

    public Guid ParticipantId { get; set; }

    public string? RemotePid { get; set; }

    public required string CounterpartAddress { get; set; }

    public TransferState State { get; set; }

    public Guid OrganisationId { get; set; }

    public required string RequestedById { get; set; }

    /// <summary>The agreement's id as the provider named it (<c>urn:uuid:…</c>).</summary>
    public required string AgreementId { get; set; }

    public required string Format { get; set; }

    /// <summary>Provider side: hex SHA-256 of the bearer token of the pull address.</summary>
    public string? DataTokenHash { get; set; }

    /// <summary>Consumer side: the pull address received in the start message.</summary>
    public string? DataEndpoint { get; set; }

    /// <summary>Consumer side: the pull token, wrapped with the platform master key.</summary>
    public string? DataToken { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class DataspaceNegotiationConfiguration : IEntityTypeConfiguration<DataspaceNegotiation>
{
    public void Configure(EntityTypeBuilder<DataspaceNegotiation> builder)
    {
        builder.ToTable("DataspaceNegotiations");
        builder.HasIndex(n => new { n.ParticipantId, n.Role });
        builder.HasIndex(n => n.OrganisationId);
        builder.Property(n => n.RemotePid).HasMaxLength(200);
        builder.Property(n => n.CounterpartAddress).HasMaxLength(500);
        builder.Property(n => n.RequestedById).HasMaxLength(64);
        builder.Property(n => n.DatasetId).HasMaxLength(200);
        builder.Property(n => n.AgreementId).HasMaxLength(200);
    }
}

internal sealed class DataspaceTransferConfiguration : IEntityTypeConfiguration<DataspaceTransfer>
{
    public void Configure(EntityTypeBuilder<DataspaceTransfer> builder)
    {
        builder.ToTable("DataspaceTransfers");
        builder.HasIndex(t => new { t.ParticipantId, t.Role });
        builder.HasIndex(t => t.DataTokenHash);
        builder.Property(t => t.RemotePid).HasMaxLength(200);
        builder.Property(t => t.CounterpartAddress).HasMaxLength(500);
        builder.Property(t => t.RequestedById).HasMaxLength(64);
        builder.Property(t => t.AgreementId).HasMaxLength(200);
        builder.Property(t => t.Format).HasMaxLength(100);
        builder.Property(t => t.DataTokenHash).HasMaxLength(64);
        builder.Property(t => t.DataEndpoint).HasMaxLength(500);
        builder.Property(t => t.DataToken).HasMaxLength(500);
    }
}
