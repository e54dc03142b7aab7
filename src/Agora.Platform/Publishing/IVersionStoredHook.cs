using Agora.Platform.Catalog;

namespace Agora.Platform.Publishing;

/// <summary>Runs after ingestion committed a new version (for example: enqueue the personal-data detection of the
/// protect step). Hooks are registered in DI; a failing hook does not undo the version.</summary>
public interface IVersionStoredHook
{
    Task OnVersionStoredAsync(DatasetVersion version, string userId, Guid organisationId, CancellationToken cancellationToken);
}
