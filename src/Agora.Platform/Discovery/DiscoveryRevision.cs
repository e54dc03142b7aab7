using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Discovery;

/// <summary>A counter that moves whenever a version's discovery sketch is written, so every node knows its in-memory
/// partner index is stale (the catalogue revision covers publication and withdrawal).</summary>
public static class DiscoveryRevision
{
    public const string CounterName = "discovery-revision";

    public static async Task BumpAsync(AgoraDbContext db, CancellationToken cancellationToken)
    {
        var updated = await db.Counters.Where(c => c.Name == CounterName)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), cancellationToken);
        if (updated == 0)
        {
            var counter = new PlatformCounter { Name = CounterName, Value = 1 };
            db.Counters.Add(counter);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node created it first; its increment is as good as ours.
                db.Entry(counter).State = EntityState.Detached;
            }
        }
    }

    public static async Task<long> CurrentAsync(AgoraDbContext db, CancellationToken cancellationToken) =>
        await db.Counters.Where(c => c.Name == CounterName).Select(c => (long?)c.Value).SingleOrDefaultAsync(cancellationToken) ?? 0;
}
