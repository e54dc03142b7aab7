using System.Globalization;

namespace Agora.Data.Storage;

/// <summary>
/// A private scratch folder for one write (<c>staging/ID/</c>), guarded by an exclusive lock file (<c>staging/ID.lock</c>)
/// held for as long as the write runs. The kernel drops the lock when the process dies, however it dies, so a later
/// <see cref="RemoveAbandoned"/> can tell a dead write's leftovers from a live write in another process and delete only
/// the former.
/// </summary>
internal sealed class StagingArea : IDisposable
{
    private readonly FileStream _lock;

    private StagingArea(string root, string id)
    {
        LockPath = Path.Combine(root, id + ".lock");
        // FileShare.None is an exclusive flock on Unix and a share-mode lock on Windows: other processes cannot take it.
        _lock = new FileStream(LockPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        Folder = Directory.CreateDirectory(Path.Combine(root, id)).FullName;
    }

    /// <summary>The scratch folder.</summary>
    public string Folder { get; }

    private string LockPath { get; }

    public static StagingArea Create(string root) => new(root, Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));

    public string PathFor(string name) => Path.Combine(Folder, name);

    /// <summary>Deletes the scratch folder and releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
        finally
        {
            File.Delete(LockPath);
            _lock.Dispose();
        }
    }

    /// <summary>Deletes scratch folders whose writer is gone (its lock can be taken). Returns how many were removed.</summary>
    public static int RemoveAbandoned(string root)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }
        var removed = 0;
        foreach (var lockPath in Directory.GetFiles(root, "*.lock"))
        {
            FileStream probe;
            try
            {
                probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException)
            {
                continue; // a live writer holds it
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            using (probe)
            {
                var folder = Path.Combine(root, Path.GetFileNameWithoutExtension(lockPath));
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
                File.Delete(lockPath);
                removed++;
            }
        }
        // A folder without its lock file can only be what a crash between the two deletes above left behind.
        foreach (var folder in Directory.GetDirectories(root))
        {
            if (!File.Exists(folder + ".lock"))
            {
                Directory.Delete(folder, recursive: true);
                removed++;
            }
        }
        return removed;
    }
}
