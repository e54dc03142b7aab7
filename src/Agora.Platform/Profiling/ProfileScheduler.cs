using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Profiling;

/// <summary>Enqueues profiling jobs: after every ingestion, for the demo datasets, when a steward changes the rules, and
/// for published versions found without a profile (backfill). A version already waiting for its job is not enqueued twice.</summary>
public sealed class ProfileScheduler(AgoraDbContext db, JobQueue jobs, JobSignal signal)
{
    public const string JobKind = "profile";

    /// <summary>The job's payload; one fixed shape, so an identical waiting job is found by plain comparison.</summary>
    public static string PayloadOf(Guid versionId) => $"{{\"versionId\":\"{versionId:D}\"}}";

    public async Task<Job> EnqueueAsync(Guid versionId, string requestedById, Guid? organisationId, CancellationToken cancellationToken)
    {
        var payload = PayloadOf(versionId);
        var waiting = await db.Jobs.AsNoTracking()
            .Where(j => j.Kind == JobKind && j.Payload == payload && (j.State == JobState.Queued || j.State == JobState.Running))
            .FirstOrDefaultAsync(cancellationToken);
        if (waiting is not null)
        {
            return waiting;
        }
        var job = await jobs.EnqueueAsync(JobKind, payload, requestedById, organisationId, cancellationToken);
        signal.Notify();
        return job;
    }

    /// <summary>The most recent profiling job of a version, if any (to tell "pending" from "failed").</summary>
    public async Task<Job?> LatestJobAsync(Guid versionId, CancellationToken cancellationToken)
    {
        var payload = PayloadOf(versionId);
        var list = await db.Jobs.AsNoTracking().Where(j => j.Kind == JobKind && j.Payload == payload).ToListAsync(cancellationToken);
        return list.OrderByDescending(j => j.CreatedAt).FirstOrDefault();
    }
}
