using System.Globalization;
using Agora.Privacy.Keys;
using NSec.Cryptography;

namespace Agora.Platform.Keys;

/// <summary>
/// The platform's Ed25519 signing key (audit checkpoints, agreements). The private key is derived with HKDF from the
/// master key ring's current version, so every node of a deployment signs with the same key and nothing extra is stored;
/// rotating the master key rotates the signing key, and old signatures still verify with the old version's public key.
/// </summary>
public sealed class PlatformSigner(PlatformKeys keys)
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>Key id of the current signing key: <c>ed25519:v{version}</c>.</summary>
    public string CurrentKeyId => KeyId(keys.Ring.CurrentVersion);

    /// <summary>Signs data with the current key; returns the key id and the base64 signature.</summary>
    public (string KeyId, string Signature) Sign(ReadOnlySpan<byte> data)
    {
        var version = keys.Ring.CurrentVersion;
        using var key = PrivateKey(version);
        return (KeyId(version), Convert.ToBase64String(Algorithm.Sign(key, data)));
    }

    /// <summary>Checks a signature made by any version still in the key ring.</summary>
    public bool Verify(string keyId, ReadOnlySpan<byte> data, string signature)
    {
        if (!TryParseKeyId(keyId, out var version) || !keys.Ring.Versions.Contains(version))
        {
            return false;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        using var key = PrivateKey(version);
        return Algorithm.Verify(key.PublicKey, data, bytes);
    }

    /// <summary>The public key of a version (raw 32 bytes, base64), to publish for outside verifiers.</summary>
    public string PublicKey(int version)
    {
        using var key = PrivateKey(version);
        return Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    private Key PrivateKey(int version)
    {
        var seed = keys.Ring.DeriveKey("agora/platform-signing/ed25519", version);
        try
        {
            return Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static string KeyId(int version) => "ed25519:v" + version.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseKeyId(string keyId, out int version)
    {
        version = 0;
        return keyId.StartsWith("ed25519:v", StringComparison.Ordinal)
            && int.TryParse(keyId.AsSpan("ed25519:v".Length), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
