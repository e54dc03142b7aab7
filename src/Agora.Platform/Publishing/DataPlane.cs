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
}
