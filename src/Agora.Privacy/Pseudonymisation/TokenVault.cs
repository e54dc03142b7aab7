using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>Random tokens with the originals sealed in a vault: a token carries no information about its value (ENISA's
/// random-number lookup table); the vault entry is the value encrypted with AES-256-GCM under the domain's vault key with
/// the token as associated data, so an entry moved to another token, another domain or another key does not open.</summary>
public sealed class TokenVault
{
    /// <summary>Every token starts with this prefix.</summary>
    public const string TokenPrefix = "tk_";

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private readonly byte[] _key;

    /// <summary>Creates a vault sealer with a 32-byte key.</summary>
    public TokenVault(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new PseudonymisationException("A token vault key must be 32 bytes.");
        }
        _key = key.ToArray();
    }

    /// <summary>A new random token (128 bits from the operating system's CSPRNG).</summary>
    public static string NewToken() => TokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>True when the text has the shape of a token.</summary>
    public static bool IsToken(string text) => text is { Length: 25 } && text.StartsWith(TokenPrefix, StringComparison.Ordinal);

    /// <summary>Seals the original value for a token.</summary>
    public byte[] Seal(string token, string value)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(value);
        var plaintext = Encoding.UTF8.GetBytes(value);
        var output = new byte[NonceLength + plaintext.Length + TagLength];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceLength));
        using var aes = new AesGcm(_key, TagLength);
        aes.Encrypt(output.AsSpan(0, NonceLength), plaintext, output.AsSpan(NonceLength, plaintext.Length),
            output.AsSpan(NonceLength + plaintext.Length), Encoding.UTF8.GetBytes(token));
        return output;
    }

    /// <summary>Opens a vault entry.</summary>
    /// <exception cref="PseudonymisationException">The entry does not open with this key for this token.</exception>
    public string Open(string token, ReadOnlySpan<byte> sealedValue)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (sealedValue.Length < NonceLength + TagLength)
        {
            throw new PseudonymisationException("The vault entry is truncated.");
        }
        var length = sealedValue.Length - NonceLength - TagLength;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(sealedValue[..NonceLength], sealedValue.Slice(NonceLength, length), sealedValue[(NonceLength + length)..], plaintext,
                Encoding.UTF8.GetBytes(token));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new PseudonymisationException("The vault entry does not open with this domain's key (wrong domain, wrong key or altered vault).");
        }
        return Encoding.UTF8.GetString(plaintext);
    }
}
