using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>A cryptographic long-term key (Schnell, Bachteler, Reiher 2009 and 2011): the character bigrams of a person's
/// names and birth date hashed into one bit array. Similar names give similar bit arrays, so records match despite typos
/// without either side revealing the names. Bits are chosen by keyed double hashing (HMAC-SHA-256), so only holders of the
/// linkage domain's key can build comparable encodings.</summary>
/// <param name="Bits">The bit array, <see cref="BloomFilterEncoder.Length"/> bits long.</param>
public sealed record BloomEncoding(ulong[] Bits)
{
    /// <summary>Number of bits set.</summary>
    public int Cardinality => Bits.Sum(word => BitOperations.PopCount(word));

    /// <summary>Dice coefficient 2|A∩B| / (|A|+|B|): 1 for identical encodings.</summary>
    public double Dice(BloomEncoding other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var both = 0;
        var total = 0;
        for (var i = 0; i < Bits.Length; i++)
        {
            both += BitOperations.PopCount(Bits[i] & other.Bits[i]);
            total += BitOperations.PopCount(Bits[i]) + BitOperations.PopCount(other.Bits[i]);
        }
        return total == 0 ? 0 : 2.0 * both / total;
    }

    /// <summary>Base64 of the bits, for storage in a column.</summary>
    public override string ToString()
    {
        var bytes = new byte[Bits.Length * 8];
        for (var i = 0; i < Bits.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), Bits[i]);
        }
        return Convert.ToBase64String(bytes);
    }
}

/// <summary>Builds <see cref="BloomEncoding"/>s. Parameters follow Schnell et al.: 1,000 bits, bigrams with padding,
/// 20 hash functions for names and 10 for the birth date (which has fewer bigrams).</summary>
public sealed class BloomFilterEncoder : IDisposable
{
    /// <summary>Bits per encoding.</summary>
    public const int Length = 1024;

    private readonly KeyedPseudonymiser _mac;

    /// <summary>Creates an encoder with the linkage domain's 32-byte Bloom-filter key.</summary>
    public BloomFilterEncoder(ReadOnlySpan<byte> key) => _mac = new KeyedPseudonymiser(key);

    /// <summary>Encodes a person's given name, family name and birth date into one record-level encoding.</summary>
    public BloomEncoding Encode(string givenName, string familyName, DateOnly? birthDate)
    {
        var bits = new ulong[Length / 64];
        AddField(bits, "g", Normalise(givenName), hashes: 20);
        AddField(bits, "f", Normalise(familyName), hashes: 20);
        if (birthDate is { } date)
        {
            AddField(bits, "b", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), hashes: 10);
        }
        return new BloomEncoding(bits);
    }

    // Lower case, accents and punctuation removed, so "Müller-Thill" and "muller thill" encode alike.
    private static string Normalise(string? text)
    {
        var folded = HeaderText.RemoveDiacritics((text ?? "").Replace("ß", "ss", StringComparison.Ordinal)).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private void AddField(ulong[] bits, string field, string text, int hashes)
    {
        if (text.Length == 0)
        {
            return;
        }
        var padded = "_" + text + "_";
        Span<byte> mac = stackalloc byte[32];
        for (var i = 0; i + 1 < padded.Length; i++)
        {
            // The field label keeps "anna" as a given name apart from "anna" inside a family name.
            _mac.Compute(Encoding.UTF8.GetBytes(string.Concat(field, ":", padded.AsSpan(i, 2))), mac);
            var h1 = BinaryPrimitives.ReadUInt64BigEndian(mac);
            var h2 = BinaryPrimitives.ReadUInt64BigEndian(mac[8..]) | 1;
            for (var k = 0; k < hashes; k++)
            {
                var position = (int)((h1 + ((ulong)k * h2)) % Length);
                bits[position >> 6] |= 1UL << (position & 63);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _mac.Dispose();
}

/// <summary>A link between two records.</summary>
/// <param name="Left">Index in the left list.</param>
/// <param name="Right">Index in the right list.</param>
/// <param name="Similarity">Dice coefficient of the encodings.</param>
public readonly record struct RecordLink(int Left, int Right, double Similarity);

/// <summary>Links two lists of encodings one-to-one: every pair at or above the threshold is a candidate, and candidates
/// are accepted best first so that each record links at most once.</summary>
public static class FuzzyLinkage
{
    /// <summary>The default Dice threshold, chosen on generated data with typos (docs/pseudonymisation.md).</summary>
    public const double DefaultThreshold = 0.8;

    /// <summary>Links the lists.</summary>
    public static IReadOnlyList<RecordLink> Link(IReadOnlyList<BloomEncoding> left, IReadOnlyList<BloomEncoding> right, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var candidates = new List<RecordLink>();
        for (var i = 0; i < left.Count; i++)
        {
            for (var j = 0; j < right.Count; j++)
            {
                var similarity = left[i].Dice(right[j]);
                if (similarity >= threshold)
                {
                    candidates.Add(new RecordLink(i, j, similarity));
                }
            }
        }
        candidates.Sort((a, b) => b.Similarity.CompareTo(a.Similarity));
        var usedLeft = new bool[left.Count];
        var usedRight = new bool[right.Count];
        var links = new List<RecordLink>();
        foreach (var candidate in candidates)
        {
            if (!usedLeft[candidate.Left] && !usedRight[candidate.Right])
            {
                usedLeft[candidate.Left] = true;
                usedRight[candidate.Right] = true;
                links.Add(candidate);
            }
        }
        return links;
    }
}
