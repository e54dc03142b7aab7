using System.Diagnostics.CodeAnalysis;

namespace Agora.Platform.Value;

/// <summary>Use of a dataset: access requests, agreements and controlled queries. <see cref="Recorded"/> is false while
/// the platform does not record them yet (the agreements feature), and the report says so instead of claiming zero use.</summary>
public sealed record UseFacts(bool Recorded, long AccessRequests, long Agreements, long Queries);

/// <summary>Reads the use of a dataset from the features that record it.</summary>
public sealed class UsageCounts
{
    /// <summary>Nothing records requests, agreements or queries yet, so nothing is claimed.</summary>
    public static readonly UseFacts NotRecorded = new(false, 0, 0, 0);

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance service: it reads the agreements tables once they exist.")]
    public Task<UseFacts> ForDatasetAsync(Guid datasetId, CancellationToken cancellationToken) => Task.FromResult(NotRecorded);
}
