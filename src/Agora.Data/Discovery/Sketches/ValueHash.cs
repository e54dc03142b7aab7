using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Agora.Data.Discovery.Sketches;

/// <summary>The one way discovery turns a cell value into a 64-bit hash, so sketches built at different times, by the
/// command line or by the platform, are comparable. Values are normalised first: trimmed, inner white space collapsed,
/// lower-cased with the invariant culture, so <c>" Paris "</c> and <c>"PARIS"</c> count as the same key.</summary>
public static class ValueHash
{
    // A fixed seed: changing it invalidates every stored index (the file format records it).
    private const long Seed = 0x4167_6F72_6144_6973;

    /// <summary>The seed recorded in index files.</summary>
    public static long FormatSeed => Seed;

    /// <summary>The normalised form of a value, or <c>null</c> when nothing is left (empty or white space only).</summary>
    public static string? Normalise(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var span = value.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return null;
        }
        var needsWork = false;
        for (var i = 0; i < span.Length && !needsWork; i++)
        {
            var c = span[i];
            needsWork = char.IsUpper(c) || (char.IsWhiteSpace(c) && (c != ' ' || (i + 1 < span.Length && char.IsWhiteSpace(span[i + 1]))));
        }
        if (!needsWork)
        {
            return span.Length == value.Length ? value : span.ToString();
        }
        var builder = new StringBuilder(span.Length);
        var previousSpace = false;
        foreach (var c in span)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!previousSpace)
                {
                    builder.Append(' ');
                }
                previousSpace = true;
                continue;
            }
            previousSpace = false;
            builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>The hash of an already normalised value.</summary>
    public static ulong OfNormalised(string normalised) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(normalised.AsSpan()), Seed);

    /// <summary>A 64-bit mix of one number (the finaliser of a well-known 64-bit hash), used where a cheap, well-spread
    /// function of an integer is needed (bin choice in densification, LSH band keys).</summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
