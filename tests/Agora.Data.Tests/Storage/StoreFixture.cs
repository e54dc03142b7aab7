using System.Text;
using Agora.Data.Ingestion;
using Agora.Data.Storage;
using Agora.Privacy.Keys;

namespace Agora.Data.Tests.Storage;

/// <summary>A temporary folder with a version store and a fresh key ring, deleted afterwards.</summary>
public sealed class StoreFixture : IDisposable
{
    public StoreFixture(IngestionOptions? options = null)
    {
        Folder = Directory.CreateTempSubdirectory("agora-store-").FullName;
        KeyRing = KeyRing.Parse(KeyRing.GenerateText());
        Store = new VersionStore(Path.Combine(Folder, "store"), KeyRing, options);
    }

    public string Folder { get; }

    public KeyRing KeyRing { get; }

    public VersionStore Store { get; }

    public string Write(string name, string content, Encoding? encoding = null)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(content));
        return path;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public async Task<StoredVersion> IngestAsync(string path)
    {
        var inspection = Store.Inspect(path);
        return await Store.IngestAsync(path, inspection.Plan);
    }

    /// <summary>Every file under the store's versions and staging folders.</summary>
    public IReadOnlyList<string> StoredFiles() =>
        Directory.GetFileSystemEntries(Path.Combine(Store.Root, "versions"), "*", SearchOption.AllDirectories).Where(File.Exists)
            .Concat(Directory.GetFileSystemEntries(Path.Combine(Store.Root, "staging"), "*", SearchOption.AllDirectories))
            .ToList();

    public void Dispose()
    {
        KeyRing.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
