using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>Reversible pseudonyms by authenticated encryption with AES-256-GCM-SIV (RFC 8452, BouncyCastle). With the
/// deterministic policy the nonce is fixed, which makes GCM-SIV a deterministic authenticated encryption: equal values
/// give equal pseudonyms (so datasets still join) and the only thing revealed is that equality. With the randomised
/// policy each value gets a random nonce. A pseudonym that does not open with the key (other domain, other key,
/// tampered) is refused rather than decrypted to garbage.</summary>
/// <remarks>Format: <c>s{version}.{base64url(ciphertext‖tag)}</c> (deterministic) or
/// <c>r{version}.{base64url(nonce‖ciphertext‖tag)}</c> (randomised or per document); the version is the key-ring version, so reversal
/// after a rotation finds the right key. See ADR 0015 for why GCM-SIV rather than RFC 5297 SIV.</remarks>
public sealed class DeterministicEncryption
{
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] FixedNonce = new byte[NonceLength];
    private readonly KeyParameter _key;

    /// <summary>Creates the cipher with a 32-byte key and the key-ring version it came from.</summary>
    public DeterministicEncryption(ReadOnlySpan<byte> key, int keyVersion)
    {
        if (key.Length != 32)
        {
            throw new PseudonymisationException("An AES-GCM-SIV key must be 32 bytes.");
        }
        _key = new KeyParameter(key.ToArray());
        KeyVersion = keyVersion;
    }

    /// <summary>The key-ring version written into pseudonyms.</summary>
    public int KeyVersion { get; }

    /// <summary>Encrypts a value; <paramref name="randomised"/> picks a random nonce (equal values then differ).</summary>
    public string Encrypt(string value, bool randomised = false) =>
        Encrypt(value, randomised ? RandomNumberGenerator.GetBytes(NonceLength) : FixedNonce, carryNonce: randomised);

    /// <summary>Encrypts with a given 12-byte nonce carried in the pseudonym (the per-document policy uses one nonce per
    /// document: equal values repeat within the document, differ across documents, and still open with the domain key).</summary>
    public string Encrypt(string value, byte[] nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nonce.Length != NonceLength)
        {
            throw new PseudonymisationException("A GCM-SIV nonce is 12 bytes.");
        }
        return Encrypt(value, nonce, carryNonce: true);
    }

    private string Encrypt(string value, byte[] nonce, bool carryNonce)
    {
        ArgumentNullException.ThrowIfNull(value);
        var randomised = carryNonce;
        var plaintext = Encoding.UTF8.GetBytes(value);
        var cipher = NewCipher(forEncryption: true, nonce);
        var sealedLength = cipher.GetOutputSize(plaintext.Length);
        var output = new byte[(randomised ? NonceLength : 0) + sealedLength];
        var offset = randomised ? NonceLength : 0;
        nonce.CopyTo(output, 0);
        var written = cipher.ProcessBytes(plaintext, 0, plaintext.Length, output, offset);
        cipher.DoFinal(output, offset + written);
        return (randomised ? "r" : "s") + KeyVersion.ToString(CultureInfo.InvariantCulture) + "." + Base64Url.EncodeToString(output);
    }

    /// <summary>The key-ring version a pseudonym was made with, or null when it is not one of these pseudonyms.</summary>
    public static int? VersionOf(string pseudonym)
    {
        ArgumentNullException.ThrowIfNull(pseudonym);
        var dot = pseudonym.IndexOf('.', StringComparison.Ordinal);
        if (dot < 2 || pseudonym[0] is not ('s' or 'r')
            || !int.TryParse(pseudonym.AsSpan(1, dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }
        return version;
    }

    /// <summary>Decrypts a pseudonym made with this key.</summary>
    /// <exception cref="PseudonymisationException">Not such a pseudonym, or it does not open with this key.</exception>
    public string Decrypt(string pseudonym)
    {
        if (VersionOf(pseudonym) is not { } version)
        {
            throw new PseudonymisationException("The value is not an encrypted pseudonym (expected s<version>.<base64url>).");
        }
        if (version != KeyVersion)
        {
            throw new PseudonymisationException(string.Create(CultureInfo.InvariantCulture,
                $"The pseudonym was made with key version {version}, not {KeyVersion}."));
        }
        var randomised = pseudonym[0] == 'r';
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(pseudonym.AsSpan(pseudonym.IndexOf('.', StringComparison.Ordinal) + 1));
        }
        catch (FormatException)
        {
            throw new PseudonymisationException("The pseudonym is not valid base64url.");
        }
        var offset = randomised ? NonceLength : 0;
        if (bytes.Length < offset + TagLength)
        {
            throw new PseudonymisationException("The pseudonym is truncated.");
        }
        var nonce = randomised ? bytes[..NonceLength] : FixedNonce;
        var cipher = NewCipher(forEncryption: false, nonce);
        var plaintext = new byte[cipher.GetOutputSize(bytes.Length - offset)];
        try
        {
            var written = cipher.ProcessBytes(bytes, offset, bytes.Length - offset, plaintext, 0);
            written += cipher.DoFinal(plaintext, written);
            return Encoding.UTF8.GetString(plaintext, 0, written);
        }
        catch (InvalidCipherTextException)
        {
            throw new PseudonymisationException("The pseudonym does not open with this domain's key (wrong domain, wrong key or altered value).");
        }
    }

    private GcmSivBlockCipher NewCipher(bool forEncryption, byte[] nonce)
    {
        var cipher = new GcmSivBlockCipher(new AesEngine());
        cipher.Init(forEncryption, new AeadParameters(_key, TagLength * 8, nonce));
        return cipher;
    }
}
