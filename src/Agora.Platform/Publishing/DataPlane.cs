using Agora.Data.Ingestion;
using Agora.Data.Storage;
using Agora.Platform.Keys;
using Microsoft.Extensions.Options;

namespace Agora.Platform.Publishing;

/// <summary>The platform's handle on the data plane: the encrypted version store and the upload staging folder in the
/// data folder. One per process.</summary>
public sealed class DataPlane
{
    private readonly Lazy<VersionStore> _store;

    public DataPlane(IOptions<PlatformOptions> options, PlatformKeys keys)
    {
        var settings = options.Value;
        DataDirectory = Path.GetFullPath(settings.DataDirectory);
        UploadsDirectory = Path.Combine(DataDirectory, "uploads");
        MaxUploadBytes = settings.MaxUploadBytes;
        _store = new Lazy<VersionStore>(() =>
            new VersionStore(Path.Combine(DataDirectory, "store"), keys.Ring, new IngestionOptions { MaxFileBytes = settings.MaxUploadBytes }));
    }

    public string DataDirectory { get; }

    public string UploadsDirectory { get; }

    public long MaxUploadBytes { get; }

    public VersionStore Store => _store.Value;

    public string FullPath(string relative) => Path.GetFullPath(Path.Combine(DataDirectory, relative));

    /// <summary>The metadata row of a file the store has just written: where it lies (relative to the data folder), its
    /// wrapped key, size and columns, who made it and, for a derived version, its source and how it was made.</summary>
    public Catalog.DatasetVersion NewVersion(StoredVersion stored, string sourceFormat, string sourceFileName, string createdById,
        DateTimeOffset createdAt, Guid? derivedFromId = null, string? derivation = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new Catalog.DatasetVersion
        {
            ContentHash = stored.ContentHash,
            StoragePath = Path.GetRelativePath(DataDirectory, Path.Combine(Store.Root, stored.RelativePath)),
            WrappedKey = stored.WrappedKey.ToString(),
            RowCount = stored.RowCount,
            ByteSize = stored.SizeBytes,
            SourceFormat = sourceFormat,
            SourceFileName = sourceFileName,
            Columns = [.. stored.Columns.Select(c => new Catalog.VersionColumn(c.Name, c.Type.ToString(), true))],
            CreatedById = createdById,
            CreatedAt = createdAt,
            DerivedFromId = derivedFromId,
            Derivation = derivation,
        };
    }
}
