using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Metadata;

/// <summary>Named counters in the metadata store that tell every node sharing the store when something it caches in
/// memory is stale (the catalogue's search index, the partner index).</summary>
public static class PlatformCounters
{
    public static async Task BumpAsync(AgoraDbContext db, string name, CancellationToken cancellationToken)
    {
        var updated = await db.Counters.Where(c => c.Name == name)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), cancellationToken);
        if (updated == 0)
        {
            var counter = new PlatformCounter { Name = name, Value = 1 };
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

    public static async Task<long> CurrentAsync(AgoraDbContext db, string name, CancellationToken cancellationToken) =>
        await db.Counters.Where(c => c.Name == name).Select(c => (long?)c.Value).SingleOrDefaultAsync(cancellationToken) ?? 0;
}
