using Agora.Platform.Metadata;

namespace Agora.Platform.Catalog;

/// <summary>A counter in the metadata store that every catalogue change increments, so each node knows when its
/// in-memory search index is stale (several web nodes share one store).</summary>
public static class CatalogRevision
{
    public const string CounterName = "catalog-revision";

    public static Task BumpAsync(AgoraDbContext db, CancellationToken cancellationToken) => PlatformCounters.BumpAsync(db, CounterName, cancellationToken);

    public static Task<long> CurrentAsync(AgoraDbContext db, CancellationToken cancellationToken) => PlatformCounters.CurrentAsync(db, CounterName, cancellationToken);
}
