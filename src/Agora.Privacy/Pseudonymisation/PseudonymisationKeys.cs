using System.Globalization;
using System.Security.Cryptography;
using Agora.Privacy.Keys;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>What a derived key is for; each technique gets its own HKDF sub-key so that no two share key material.</summary>
public enum KeyPurpose
{
    /// <summary>HMAC-SHA-256 pseudonyms.</summary>
    Hmac,

    /// <summary>AES-GCM-SIV deterministic encryption.</summary>
    Siv,

    /// <summary>FF1 format-preserving encryption.</summary>
    Fpe,

    /// <summary>Sealing original values in the token vault.</summary>
    TokenVault,

    /// <summary>Per-subject date offsets.</summary>
    DateShift,

    /// <summary>Prefix-preserving IP pseudonyms.</summary>
    IpPrefix,

    /// <summary>E-mail local parts.</summary>
    Email,

    /// <summary>Bloom-filter encodings for fuzzy linkage.</summary>
    BloomFilter,
}

/// <summary>The secret of one pseudonymisation domain (a dataset, an agreement or a linkage project) and the per-technique
/// keys derived from it with HKDF-SHA-256. Two parties that hold the same domain secret produce the same pseudonyms, so
/// their datasets join; any other domain gives unrelated pseudonyms (EDPB 01/2025: pseudonyms differ per domain).</summary>
/// <remarks>Two ways to obtain the secret, both from <see cref="KeyRing"/>: envelope encryption (a random domain data key
/// wrapped by the ring, stored next to the data, survives rotation of the ring: <see cref="CreateWrapped"/> and
/// <see cref="OpenWrapped"/>), or derivation straight from a ring version for offline files where only a key file
/// exists (<see cref="DeriveFrom"/>).</remarks>
public sealed class PseudonymisationKeys : IDisposable
{
    private const string Prefix = "agora:pseudonymisation:v1:";
    private readonly byte[] _secret;

    private PseudonymisationKeys(string domain, int keyVersion, byte[] secret)
    {
        Domain = domain;
        KeyVersion = keyVersion;
        _secret = secret;
    }

    /// <summary>The domain name.</summary>
    public string Domain { get; }

    /// <summary>The key version (the key-ring version it was derived from, or the generation of a wrapped data key);
    /// recorded with reversible pseudonyms.</summary>
    public int KeyVersion { get; }

    /// <summary>Derives the domain secret from a key-ring version (the current one by default).</summary>
    public static PseudonymisationKeys DeriveFrom(KeyRing ring, string domain, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ValidateDomain(domain);
        var chosen = version ?? ring.CurrentVersion;
        return new PseudonymisationKeys(domain, chosen, ring.DeriveKey(Prefix + "domain:" + domain, chosen));
    }

    /// <summary>Creates a new random domain data key and returns it wrapped by the ring (to store) with the keys.
    /// <paramref name="generation"/> numbers the domain's data keys (a new generation is a new key); re-wrapping the same
    /// data key under a newer ring version (rotation of the ring) keeps its generation and its pseudonyms.</summary>
    public static (WrappedKey Wrapped, PseudonymisationKeys Keys) CreateWrapped(KeyRing ring, string domain, int generation = 1)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ValidateDomain(domain);
        var dataKey = KeyRing.NewDataKey();
        var wrapped = ring.Wrap(dataKey, WrapPurpose(domain));
        return (wrapped, new PseudonymisationKeys(domain, generation, dataKey));
    }

    /// <summary>Opens a stored wrapped domain data key of a generation.</summary>
    /// <exception cref="KeyRingException">Wrong ring, wrong domain or tampered key.</exception>
    public static PseudonymisationKeys OpenWrapped(KeyRing ring, WrappedKey wrapped, string domain, int generation = 1)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(wrapped);
        ValidateDomain(domain);
        return new PseudonymisationKeys(domain, generation, ring.Unwrap(wrapped, WrapPurpose(domain)));
    }

    /// <summary>Re-wraps a stored domain data key under the ring's current version (rotation of the master key): the data
    /// key, and so every pseudonym, stays the same.</summary>
    /// <exception cref="KeyRingException">Wrong ring, wrong domain or tampered key.</exception>
    public static WrappedKey Rewrap(KeyRing ring, WrappedKey wrapped, string domain)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(wrapped);
        ValidateDomain(domain);
        return ring.Rewrap(wrapped, WrapPurpose(domain));
    }

    /// <summary>The sub-key for a technique (32 bytes unless asked otherwise).</summary>
    public byte[] KeyFor(KeyPurpose purpose, int length = KeyRing.KeyLength) =>
        KeyRing.Derive(_secret, Prefix + purpose.ToString().ToLowerInvariant(), length);

    /// <summary>The sub-key for a technique within one document (the per-document policy): pseudonyms repeat inside the
    /// document and differ across documents.</summary>
    public byte[] KeyFor(KeyPurpose purpose, string documentId, int length = KeyRing.KeyLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        return KeyRing.Derive(_secret, Prefix + purpose.ToString().ToLowerInvariant() + ":document:" + documentId, length);
    }

    /// <summary>A fresh random document identifier for the per-document policy.</summary>
    public static string NewDocumentId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <inheritdoc/>
    public void Dispose() => CryptographicOperations.ZeroMemory(_secret);

    private static string WrapPurpose(string domain) => Prefix + "domain-key:" + domain;

    /// <summary>Domain names are short printable text: they end up in key derivation and audit records.</summary>
    public static void ValidateDomain(string domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            throw new PseudonymisationException("A pseudonymisation domain needs a name.");
        }
        if (domain.Length > 200 || domain.Any(char.IsControl))
        {
            throw new PseudonymisationException(string.Create(CultureInfo.InvariantCulture,
                $"A domain name is at most 200 printable characters (got {domain.Length})."));
        }
    }
}
