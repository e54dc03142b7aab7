using System.Collections.Concurrent;
using Agora.Privacy.Keys;
using NSec.Cryptography;

namespace Agora.Platform.Keys;

/// <summary>
/// The platform's signing key: Ed25519 (libsodium through NSec), one key per master-key version, derived from that version
/// with HKDF so every node of a cluster that holds the key ring signs with the same key and nothing extra is stored.
/// Signatures name the key version; old versions keep verifying after the ring is rotated as long as they stay in the ring.
/// </summary>
public sealed class PlatformSigner(PlatformKeys keys) : IDisposable
{
    private const string Purpose = "agora/platform-signing/ed25519/v1";
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly ConcurrentDictionary<int, Key> _keys = new();

    /// <summary>The algorithm name recorded next to signatures.</summary>
    public const string AlgorithmName = "Ed25519";

    /// <summary>The key version new signatures use (the key ring's current version).</summary>
    public int CurrentVersion => keys.Ring.CurrentVersion;

    /// <summary>Signs with the current key; returns the signature and the key version that made it.</summary>
    public (byte[] Signature, int KeyVersion) Sign(ReadOnlySpan<byte> message)
    {
        var version = CurrentVersion;
        return (Algorithm.Sign(KeyOf(version), message), version);
    }

    /// <summary>True when the signature was made by the platform key of that version over exactly this message. Unknown
    /// versions (removed from the ring) do not verify.</summary>
    public bool Verify(int keyVersion, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!keys.Ring.Versions.Contains(keyVersion) || signature.Length != Algorithm.SignatureSize)
        {
            return false;
        }
        return Algorithm.Verify(KeyOf(keyVersion).PublicKey, message, signature);
    }

    /// <summary>The raw 32-byte public key of a version, published so anyone can check a signature.</summary>
    public byte[] PublicKey(int keyVersion) => KeyOf(keyVersion).PublicKey.Export(KeyBlobFormat.RawPublicKey);

    private Key KeyOf(int version) => _keys.GetOrAdd(version, v =>
    {
        var seed = keys.Ring.DeriveKey(Purpose, v, 32);
        try
        {
            return Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    });

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
        _keys.Clear();
    }
}
