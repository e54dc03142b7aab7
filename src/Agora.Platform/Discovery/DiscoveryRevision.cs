using Agora.Platform.Metadata;

namespace Agora.Platform.Discovery;

/// <summary>A counter that moves whenever a version's discovery sketch is written, so every node knows its in-memory
/// partner index is stale (the catalogue revision covers publication and withdrawal).</summary>
public static class DiscoveryRevision
{
    public const string CounterName = "discovery-revision";

    public static Task BumpAsync(AgoraDbContext db, CancellationToken cancellationToken) => PlatformCounters.BumpAsync(db, CounterName, cancellationToken);

    public static Task<long> CurrentAsync(AgoraDbContext db, CancellationToken cancellationToken) => PlatformCounters.CurrentAsync(db, CounterName, cancellationToken);
}
