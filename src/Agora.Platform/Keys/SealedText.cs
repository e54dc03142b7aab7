using System.Security.Cryptography;
using System.Text;
using Agora.Privacy.Keys;

namespace Agora.Platform.Keys;

/// <summary>Small texts that hold data values but must live in the metadata store (an uploaded hierarchy file lists an
/// attribute's values), sealed by envelope encryption: AES-256-GCM under a fresh data key, the data key wrapped by the
/// platform key ring. Form: <c>WRAPPED-KEY|BASE64(nonce, ciphertext, tag)</c>. The purpose is bound to both layers, so a
/// sealed text moved to another record does not open.</summary>
public static class SealedText
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public static string Seal(KeyRing ring, string text, string purpose)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(text);
        var dataKey = KeyRing.NewDataKey();
        try
        {
            var plain = Encoding.UTF8.GetBytes(text);
            var output = new byte[NonceLength + plain.Length + TagLength];
            RandomNumberGenerator.Fill(output.AsSpan(0, NonceLength));
            using (var aes = new AesGcm(dataKey, TagLength))
            {
                aes.Encrypt(output.AsSpan(0, NonceLength), plain, output.AsSpan(NonceLength, plain.Length), output.AsSpan(NonceLength + plain.Length),
                    Encoding.UTF8.GetBytes(purpose));
            }
            return ring.Wrap(dataKey, WrapPurpose(purpose)) + "|" + Convert.ToBase64String(output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <exception cref="KeyRingException">Not sealed for this purpose by this ring, or altered.</exception>
    public static string Open(KeyRing ring, string sealedText, string purpose)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(sealedText);
        var bar = sealedText.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0)
        {
            throw new KeyRingException("A sealed text must look like WRAPPED-KEY|BASE64.");
        }
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(sealedText[(bar + 1)..]);
        }
        catch (FormatException)
        {
            throw new KeyRingException("A sealed text must look like WRAPPED-KEY|BASE64.");
        }
        if (sealedBytes.Length < NonceLength + TagLength)
        {
            throw new KeyRingException("The sealed text is truncated.");
        }
        var dataKey = ring.Unwrap(WrappedKey.Parse(sealedText[..bar]), WrapPurpose(purpose));
        try
        {
            var length = sealedBytes.Length - NonceLength - TagLength;
            var plain = new byte[length];
            using var aes = new AesGcm(dataKey, TagLength);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength, length), sealedBytes.AsSpan(NonceLength + length), plain,
                Encoding.UTF8.GetBytes(purpose));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new KeyRingException("The sealed text does not open for this purpose (altered or moved).");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Re-wraps the data key of a sealed text under the ring's current version (rotation of the master key).</summary>
    public static string Rewrap(KeyRing ring, string sealedText, string purpose)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(sealedText);
        var bar = sealedText.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0)
        {
            throw new KeyRingException("A sealed text must look like WRAPPED-KEY|BASE64.");
        }
        return ring.Rewrap(WrappedKey.Parse(sealedText[..bar]), WrapPurpose(purpose)) + sealedText[bar..];
    }

    /// <summary>The key-ring version that wraps a sealed text's data key.</summary>
    public static int RingVersionOf(string sealedText)
    {
        ArgumentNullException.ThrowIfNull(sealedText);
        var bar = sealedText.IndexOf('|', StringComparison.Ordinal);
        return WrappedKey.Parse(bar > 0 ? sealedText[..bar] : sealedText).Version;
    }

    private static string WrapPurpose(string purpose) => "agora/sealed/" + purpose;
}
