using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Agora.Data.Storage;

/// <summary>The file-system steps that make a write all-or-nothing: flush a file to disk, rename it into place, and flush
/// the folder so the rename itself survives a power cut.</summary>
internal static partial class DurableFile
{
    /// <summary>Flushes the file to disk (fsync) and returns the lower-case hex SHA-256 of its bytes.</summary>
    public static string SyncAndHash(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
        }
        stream.Flush(flushToDisk: true);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Renames a complete file to its final name (never over an existing one) and flushes the folder.</summary>
    /// <returns><c>false</c> when the destination already existed (then it holds the same bytes, as names are hashes).</returns>
    public static bool MoveIntoPlace(string temporary, string destination)
    {
        var folder = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(folder);
        try
        {
            File.Move(temporary, destination, overwrite: false);
        }
        catch (IOException) when (File.Exists(destination))
        {
            return false;
        }
        SyncDirectory(folder);
        return true;
    }

    /// <summary>fsync on a folder, so a rename into it is on disk (POSIX only; Windows has no such call and needs none).</summary>
    public static void SyncDirectory(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return;
        }
        var path = System.Text.Encoding.UTF8.GetBytes(folder + "\0");
        var descriptor = Open(path, 0 /* O_RDONLY */);
        if (descriptor < 0)
        {
            return;
        }
        try
        {
            _ = Fsync(descriptor);
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for the byte[] path; this is a plain blittable call.
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
#pragma warning restore SYSLIB1054
}
