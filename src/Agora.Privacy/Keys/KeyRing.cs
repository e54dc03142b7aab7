using System.Globalization;
using System.Security.Cryptography;

namespace Agora.Privacy.Keys;

/// <summary>
/// Versioned key-encryption keys (the "master key") used for envelope encryption: data keys are generated per purpose
/// (a stored version, a pseudonymisation domain) and stored only wrapped by the ring's current key. Rotation adds a new
/// version; old versions stay to unwrap what they wrapped until it is re-wrapped.
/// </summary>
/// <remarks>Wrapping is AES-256-GCM from the platform with the purpose as associated data, so a wrapped key moved to
/// another purpose does not unwrap.</remarks>
public sealed class KeyRing : IDisposable
{
    /// <summary>Length in bytes of every key-encryption key and of the data keys this ring generates.</summary>
    public const int KeyLength = 32;

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private readonly SortedDictionary<int, byte[]> _keys;

    /// <summary>Creates a ring from key versions; the highest version wraps new keys.</summary>
    public KeyRing(IReadOnlyDictionary<int, byte[]> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0)
        {
            throw new KeyRingException("A key ring needs at least one key.");
        }
        _keys = [];
        foreach (var (version, key) in versions)
        {
            if (version <= 0)
            {
                throw new KeyRingException("Key versions are positive integers.");
            }
            if (key.Length != KeyLength)
            {
                throw new KeyRingException($"Key version {version.ToString(CultureInfo.InvariantCulture)} must be {KeyLength} bytes.");
            }
            _keys[version] = (byte[])key.Clone();
        }
    }

    /// <summary>The version that wraps new keys.</summary>
    public int CurrentVersion => _keys.Keys.Max();

    /// <summary>The versions held.</summary>
    public IReadOnlyCollection<int> Versions => _keys.Keys;

    /// <summary>Parses <c>VERSION:BASE64[,VERSION:BASE64...]</c> (the configuration and key-file format). A bare base64 key is version 1.
    /// Messages never contain key material.</summary>
    public static KeyRing Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var versions = new Dictionary<int, byte[]>();
        foreach (var raw in text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var version = 1;
            var encoded = raw;
            if (colon > 0)
            {
                if (!int.TryParse(raw.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out version))
                {
                    throw new KeyRingException("A key entry must look like VERSION:BASE64.");
                }
                encoded = raw[(colon + 1)..];
            }
            byte[] key;
            try
            {
                key = Convert.FromBase64String(encoded);
            }
            catch (FormatException)
            {
                throw new KeyRingException($"Key version {version.ToString(CultureInfo.InvariantCulture)} is not valid base64.");
            }
            if (!versions.TryAdd(version, key))
            {
                throw new KeyRingException($"Key version {version.ToString(CultureInfo.InvariantCulture)} appears twice.");
            }
        }
        return new KeyRing(versions);
    }

    /// <summary>A new ring with one random key, in the text form <see cref="Parse"/> reads.</summary>
    public static string GenerateText(int version = 1) =>
        string.Create(CultureInfo.InvariantCulture, $"{version}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyLength))}");

    /// <summary>A fresh random data key.</summary>
    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(KeyLength);

    /// <summary>Wraps a data key for a purpose with the current key version.</summary>
    public WrappedKey Wrap(ReadOnlySpan<byte> dataKey, string purpose)
    {
        var version = CurrentVersion;
        var output = new byte[NonceLength + dataKey.Length + TagLength];
        var nonce = output.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[version], TagLength);
        aes.Encrypt(nonce, dataKey, output.AsSpan(NonceLength, dataKey.Length), output.AsSpan(NonceLength + dataKey.Length),
            System.Text.Encoding.UTF8.GetBytes(purpose));
        return new WrappedKey(version, output);
    }

    /// <summary>Unwraps a data key wrapped for the same purpose.</summary>
    /// <exception cref="KeyRingException">The version is unknown, the purpose differs, or the key was tampered with.</exception>
    public byte[] Unwrap(WrappedKey wrapped, string purpose)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        if (!_keys.TryGetValue(wrapped.Version, out var key))
        {
            throw new KeyRingException($"Key version {wrapped.Version.ToString(CultureInfo.InvariantCulture)} is not in the key ring.");
        }
        var bytes = wrapped.Bytes;
        if (bytes.Length < NonceLength + TagLength)
        {
            throw new KeyRingException("The wrapped key is truncated.");
        }
        var length = bytes.Length - NonceLength - TagLength;
        var dataKey = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(bytes.AsSpan(0, NonceLength), bytes.AsSpan(NonceLength, length), bytes.AsSpan(NonceLength + length), dataKey,
                System.Text.Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new KeyRingException("The wrapped key does not open with this key ring for this purpose (wrong key, wrong purpose or tampered).");
        }
        return dataKey;
    }

    /// <summary>Re-wraps a key under the current version (rotation).</summary>
    public WrappedKey Rewrap(WrappedKey wrapped, string purpose)
    {
        var dataKey = Unwrap(wrapped, purpose);
        try
        {
            return Wrap(dataKey, purpose);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Derives a sub-key for a purpose from a data key with HKDF-SHA-256 (RFC 5869).</summary>
    public static byte[] Derive(ReadOnlySpan<byte> dataKey, string purpose, int length = KeyLength)
    {
        var output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, output, salt: [], info: System.Text.Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>Derives a key for a purpose straight from a key-ring version with HKDF-SHA-256, for secrets that must be
    /// reproducible from the key ring alone (offline files with a key file, no stored wrapped key). Different purposes give
    /// independent keys; the version defaults to the current one.</summary>
    /// <exception cref="KeyRingException">The version is not in the ring.</exception>
    public byte[] DeriveKey(string purpose, int? version = null, int length = KeyLength)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var chosen = version ?? CurrentVersion;
        if (!_keys.TryGetValue(chosen, out var key))
        {
            throw new KeyRingException($"Key version {chosen.ToString(CultureInfo.InvariantCulture)} is not in the key ring.");
        }
        // The "derive:" prefix separates these HKDF inputs from any purpose string used for wrapping.
        return Derive(key, "derive:" + purpose, length);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
        _keys.Clear();
    }
}

/// <summary>A data key wrapped by a key-ring version; safe to store next to what it protects.</summary>
/// <param name="Version">The key-ring version that wrapped it.</param>
/// <param name="Bytes">Nonce, ciphertext and tag.</param>
public sealed record WrappedKey(int Version, byte[] Bytes)
{
    /// <summary>Text form <c>VERSION.BASE64</c> for storage.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Version}.{Convert.ToBase64String(Bytes)}");

    /// <summary>Parses the text form.</summary>
    public static WrappedKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !int.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new KeyRingException("A wrapped key must look like VERSION.BASE64.");
        }
        try
        {
            return new WrappedKey(version, Convert.FromBase64String(text[(dot + 1)..]));
        }
        catch (FormatException)
        {
            throw new KeyRingException("A wrapped key must look like VERSION.BASE64.");
        }
    }
}

/// <summary>A key ring problem; messages never contain key material.</summary>
public sealed class KeyRingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyRingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public KeyRingException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public KeyRingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
