using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Jobs;

/// <summary>
/// Jobs are rows in the metadata store. A worker claims one with a conditional update (state and lease checked in
/// the WHERE clause), which is atomic on SQLite and PostgreSQL alike, so several worker processes can share one store;
/// a job whose worker died is claimed again when its lease runs out.
/// </summary>
public sealed class JobQueue(AgoraDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public const int MaxAttempts = 3;

    public async Task<Job> EnqueueAsync(string kind, string payload, string requestedById, Guid? organisationId, CancellationToken cancellationToken)
    {
        var job = new Job { Kind = kind, Payload = payload, RequestedById = requestedById, OrganisationId = organisationId, CreatedAt = clock.GetUtcNow() };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    public Task<Job?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);

    /// <summary>Claims the oldest runnable job of the given kinds, or returns null.</summary>
    public async Task<Job?> ClaimAsync(string workerId, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var candidates = await db.Jobs.AsNoTracking()
            .Where(j => kinds.Contains(j.Kind) && (j.State == JobState.Queued || (j.State == JobState.Running && j.LeaseExpiresAt < now)))
            .Select(j => new { j.Id, j.CreatedAt }).ToListAsync(cancellationToken);
        foreach (var candidate in candidates.OrderBy(c => c.CreatedAt).Take(5))
        {
            var leaseEnd = now + Lease;
            var claimed = await db.Jobs
                .Where(j => j.Id == candidate.Id && (j.State == JobState.Queued || (j.State == JobState.Running && j.LeaseExpiresAt < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Running)
                    .SetProperty(j => j.LeaseOwner, workerId)
                    .SetProperty(j => j.LeaseExpiresAt, leaseEnd)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
            if (claimed == 1)
            {
                return await FindAsync(candidate.Id, cancellationToken);
            }
        }
        return null;
    }

    /// <summary>Reports progress and extends the lease; false when the job is no longer this worker's.</summary>
    public async Task<bool> ReportAsync(Guid id, string workerId, double progress, string? message, CancellationToken cancellationToken)
    {
        var leaseEnd = clock.GetUtcNow() + Lease;
        var clamped = Math.Clamp(progress, 0, 1);
        return await db.Jobs.Where(j => j.Id == id && j.LeaseOwner == workerId && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, clamped).SetProperty(j => j.Message, message)
                .SetProperty(j => j.LeaseExpiresAt, leaseEnd), cancellationToken) == 1;
    }

    public async Task CompleteAsync(Guid id, string workerId, string? result, string? message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Jobs.Where(j => j.Id == id && j.LeaseOwner == workerId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Succeeded).SetProperty(j => j.Progress, 1)
                .SetProperty(j => j.Result, result).SetProperty(j => j.Message, message).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LeaseOwner, (string?)null), cancellationToken);
    }

    /// <summary>Fails the job for good, or puts it back in the queue when it may be retried.</summary>
    public async Task FailAsync(Guid id, string workerId, string message, bool retry, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var job = await FindAsync(id, cancellationToken);
        var final = !retry || job is null || job.Attempts >= MaxAttempts;
        await db.Jobs.Where(j => j.Id == id && j.LeaseOwner == workerId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, final ? JobState.Failed : JobState.Queued)
                .SetProperty(j => j.Message, message).SetProperty(j => j.FinishedAt, final ? now : null)
                .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
    }
}
