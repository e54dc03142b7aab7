using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Agora.Privacy.Keys;

namespace Agora.Data.Storage;

/// <summary>
/// Small files derived from stored data (profiles with their top values, discovery sketches with value tokens and hashes)
/// are data too, so they are kept encrypted like the versions themselves: AES-256-GCM under a key derived from the
/// platform key ring (HKDF, one derivation per <see cref="KeyPurpose"/>), with the file's own purpose (for example
/// <c>profile/VERSION-ID</c>) as associated data, so a file copied over another one does not open.
/// Layout: magic <c>AGSEAL01</c>, int32 key-ring version, 12-byte nonce, 16-byte tag, ciphertext. Writes are atomic
/// (temporary file, flush, rename). Everything sealed here can be recomputed from the versions, so a file that does not
/// open (key rotated away, damaged) is reported as missing and recomputed by the caller.
/// </summary>
public static class SealedFile
{
    /// <summary>The HKDF purpose of the key that seals these files.</summary>
    public const string KeyPurpose = "agora/sealed-file";

    private static readonly byte[] Magic = "AGSEAL01"u8.ToArray();
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 8 + 4 + NonceLength + TagLength;

    /// <summary>Encrypts <paramref name="plaintext"/> and writes it to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> plaintext, KeyRing keyRing, string purpose)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        var version = keyRing.CurrentVersion;
        var output = new byte[HeaderLength + plaintext.Length];
        Magic.CopyTo(output, 0);
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(8, 4), version);
        var nonce = output.AsSpan(12, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        var key = keyRing.DeriveKey(KeyPurpose, version);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderLength), output.AsSpan(12 + NonceLength, TagLength), Encoding.UTF8.GetBytes(purpose));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(output);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
            DurableFile.SyncDirectory(folder);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads and decrypts a file written by <see cref="Write"/> for the same purpose; <c>null</c> when the file
    /// does not exist, is damaged, or does not open with this key ring for this purpose.</summary>
    public static byte[]? TryRead(string path, KeyRing keyRing, string purpose)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            return null;
        }
        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8, 4));
        if (!keyRing.Versions.Contains(version))
        {
            return null;
        }
        var plaintext = new byte[bytes.Length - HeaderLength];
        var key = keyRing.DeriveKey(KeyPurpose, version);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(bytes.AsSpan(12, NonceLength), bytes.AsSpan(HeaderLength), bytes.AsSpan(12 + NonceLength, TagLength), plaintext,
                Encoding.UTF8.GetBytes(purpose));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
