using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Catalog;

/// <summary>A counter in the metadata store that every catalogue change increments, so each node knows when its
/// in-memory search index is stale (several web nodes share one store).</summary>
public static class CatalogRevision
{
    public const string CounterName = "catalog-revision";

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
