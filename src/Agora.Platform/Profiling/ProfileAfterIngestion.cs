using Agora.Platform.Catalog;
using Agora.Platform.Publishing;

namespace Agora.Platform.Profiling;

/// <summary>Every stored version gets its profile and discovery sketch, as the next job.</summary>
public sealed class ProfileAfterIngestion(ProfileScheduler profiles) : IVersionStoredHook
{
    public Task OnVersionStoredAsync(DatasetVersion version, string userId, Guid organisationId, CancellationToken cancellationToken) =>
        profiles.EnqueueAsync(version.Id, userId, organisationId, cancellationToken);
}
