using System.Text;
using Org.BouncyCastle.Crypto.Fpe;
using Org.BouncyCastle.Crypto.Parameters;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>Format-preserving encryption with NIST SP 800-38G FF1 over AES-256 (BouncyCastle): digits stay digits, letters
/// stay letters in their case, and every other character (spaces, dashes, dots) stays where it was. Reversible with the
/// key; deterministic. Not authenticated: a wrong key decrypts to other digits rather than failing.</summary>
/// <remarks>Digits and letters are enciphered as two separate FF1 strings (radix 10 and radix 26). Each must have a domain
/// of at least one million values (6 digits, 5 letters), the minimum of SP 800-38G Rev. 1; a shorter group is left as it
/// is (a country code such as "LU"), and a value with no group long enough is refused. FF3-1 is not offered: NIST's
/// second draft of Rev. 1 withdraws it (ADR 0016).</remarks>
public sealed class FormatPreservingEncryption
{
    /// <summary>Fewest digits enciphered (10^6 ≥ one million).</summary>
    public const int MinimumDigits = 6;

    /// <summary>Fewest letters enciphered (26^5 ≥ one million).</summary>
    public const int MinimumLetters = 5;

    private readonly KeyParameter _key;
    private readonly byte[] _tweak;

    /// <summary>Creates the cipher with a 32-byte key and an optional public tweak (for example the column name).</summary>
    public FormatPreservingEncryption(ReadOnlySpan<byte> key, ReadOnlySpan<byte> tweak = default)
    {
        if (key.Length != 32)
        {
            throw new PseudonymisationException("An FF1 key must be 32 bytes.");
        }
        _key = new KeyParameter(key.ToArray());
        _tweak = tweak.ToArray();
    }

    /// <summary>Enciphers a value, keeping its format.</summary>
    /// <exception cref="PseudonymisationException">Fewer than 6 digits and fewer than 5 letters.</exception>
    public string Encrypt(string value) => Transform(value, encrypt: true);

    /// <summary>Deciphers a value enciphered with the same key and tweak.</summary>
    public string Decrypt(string value) => Transform(value, encrypt: false);

    private string Transform(string value, bool encrypt)
    {
        ArgumentNullException.ThrowIfNull(value);
        var digits = new List<int>();
        var letters = new List<int>();
        foreach (var (c, i) in value.Select((c, i) => (c, i)))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Add(i);
            }
            else if (char.IsAsciiLetter(c))
            {
                letters.Add(i);
            }
        }
        var doDigits = digits.Count >= MinimumDigits;
        var doLetters = letters.Count >= MinimumLetters;
        if (!doDigits && !doLetters)
        {
            throw new PseudonymisationException(
                $"format-preserving encryption needs at least {MinimumDigits} digits or {MinimumLetters} letters per value (NIST SP 800-38G minimum domain of one million).");
        }
        var result = new StringBuilder(value);
        if (doDigits)
        {
            var symbols = digits.Select(i => (byte)(value[i] - '0')).ToArray();
            var output = Run(symbols, 10, encrypt);
            for (var k = 0; k < digits.Count; k++)
            {
                result[digits[k]] = (char)('0' + output[k]);
            }
        }
        if (doLetters)
        {
            var symbols = letters.Select(i => (byte)(char.ToUpperInvariant(value[i]) - 'A')).ToArray();
            var output = Run(symbols, 26, encrypt);
            for (var k = 0; k < letters.Count; k++)
            {
                var upper = (char)('A' + output[k]);
                result[letters[k]] = char.IsAsciiLetterLower(value[letters[k]]) ? char.ToLowerInvariant(upper) : upper;
            }
        }
        return result.ToString();
    }

    private byte[] Run(byte[] symbols, int radix, bool encrypt)
    {
        var engine = new FpeFf1Engine();
        engine.Init(encrypt, new FpeParameters(_key, radix, _tweak));
        var output = new byte[symbols.Length];
        engine.ProcessBlock(symbols, 0, symbols.Length, output, 0);
        return output;
    }
}
