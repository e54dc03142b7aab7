using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Platform.Agreements;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Dataspace;

/// <summary>
/// Messages to other connectors leave through the job queue, in the same transaction as the state change that causes
/// them: a crash or an unreachable peer never loses one, and failures are retried (<see cref="JobQueue.MaxAttempts"/>).
/// A message may overtake the HTTP answer it follows: both sides store a process before sending its first message and take
/// the other side's id from whichever arrives first.
/// </summary>
public static class DataspaceOutbox
{
    public const string SendJobKind = "dataspace.send";

    public static async Task EnqueueAsync(AgoraDbContext db, Guid participantId, string url, JsonObject message, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        db.Jobs.Add(new Job
        {
            Kind = SendJobKind, Payload = JsonSerializer.Serialize(new SendJob(participantId, url, message.ToJsonString())),
            RequestedById = AgreementService.PlatformActorId, CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The payload of <see cref="DataspaceOutbox.SendJobKind"/>.</summary>
public sealed record SendJob(Guid ParticipantId, string Url, string Message);

/// <summary>Sends one queued DSP message.</summary>
public sealed class DataspaceSendJobHandler(AgoraDbContext db, DspClient client) : IJobHandler
{
    public string Kind => DataspaceOutbox.SendJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var send = JsonSerializer.Deserialize<SendJob>(job.Payload) ?? throw new PlatformException(PlatformError.Validation, "An empty send job.");
        var participant = await db.DataspaceParticipants.AsNoTracking().SingleOrDefaultAsync(p => p.Id == send.ParticipantId && p.RevokedAt == null,
            cancellationToken) ?? throw new PlatformException(PlatformError.NotFound, "The participant was revoked; the message is not sent.");
        await client.PostAsync(participant, send.Url, (JsonObject)JsonNode.Parse(send.Message)!, null, cancellationToken);
        return new JobOutcome(null, "Sent.");
    }
}

/// <summary>Sends a signed agreement to a remote consumer (<see cref="AgreementService.RemoteAgreementJobKind"/>).</summary>
public sealed class DataspaceAgreementJobHandler(DataspaceProvider provider, DspClient client) : IJobHandler
{
    public string Kind => AgreementService.RemoteAgreementJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await provider.SendAgreementAsync(Guid.Parse(job.Payload), client, cancellationToken);
        return new JobOutcome(null, "Agreement sent.");
    }
}

/// <summary>Starts a requested transfer and sends the pull address (<see cref="DataspaceProvider.TransferStartJobKind"/>).</summary>
public sealed class DataspaceTransferStartJobHandler(DataspaceProvider provider, DspClient client) : IJobHandler
{
    public string Kind => DataspaceProvider.TransferStartJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var start = JsonSerializer.Deserialize<TransferStartJob>(job.Payload) ?? throw new PlatformException(PlatformError.Validation, "An empty start job.");
        await provider.StartTransferAsync(start, client, cancellationToken);
        return new JobOutcome(null, "Transfer started.");
    }
}

/// <summary>Sends a steward's counter-offer or rejection to a remote consumer (<see cref="AgreementService.RemoteNegotiationMessageJobKind"/>).</summary>
public sealed class DataspaceNegotiationMessageJobHandler(DataspaceProvider provider, DspClient client) : IJobHandler
{
    public string Kind => AgreementService.RemoteNegotiationMessageJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var message = JsonSerializer.Deserialize<RemoteNegotiationMessage>(job.Payload)
            ?? throw new PlatformException(PlatformError.Validation, "An empty negotiation message job.");
        await provider.SendNegotiationMessageAsync(message, client, cancellationToken);
        return new JobOutcome(null, "Sent.");
    }
}
