using Agora.Data.Storage;
using Agora.Platform.Audit;
using Agora.Platform.Catalog;
using Agora.Platform.Organisations;
using Agora.Privacy.Keys;

namespace Agora.Platform.Publishing;

/// <summary>Reads stored versions for those allowed: a preview and downloads. Every read goes through
/// <see cref="CatalogService.CanReadData"/>.</summary>
public sealed class VersionAccess(DataPlane data, AuditLog audit)
{
    public const int MaxPreviewRows = 50;

    public TablePreview Preview(Actor actor, Dataset dataset, DatasetVersion version, int rows = 20)
    {
        Demand(actor, dataset);
        using var reader = Open(version);
        return reader.Preview(Math.Clamp(rows, 1, MaxPreviewRows));
    }

    public async Task ExportAsync(Actor actor, Dataset dataset, DatasetVersion version, ExportFormat format, Stream destination,
        CancellationToken cancellationToken)
    {
        Demand(actor, dataset);
        using var reader = Open(version);
        await reader.ExportAsync(destination, format, cancellationToken);
        await audit.AppendAsync(new AuditEvent("data.downloaded", actor.UserId, dataset.OrganisationId, "version", version.Id.ToString(),
            new Dictionary<string, string?> { ["dataset"] = dataset.Id.ToString(), ["format"] = format.ToString().ToLowerInvariant() }), cancellationToken);
    }

    private StoredVersionReader Open(DatasetVersion version) => data.Store.OpenRead(version.ContentHash, WrappedKey.Parse(version.WrappedKey));

    private static void Demand(Actor actor, Dataset dataset)
    {
        if (!CatalogService.CanReadData(actor, dataset))
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                "The data of this dataset is available to its organisation, or under an agreement.");
        }
    }
}
