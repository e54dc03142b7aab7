using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>Keyed pseudonyms: HMAC-SHA-256 of the UTF-8 value under a domain key, truncated to 128 bits and written as
/// 32 lower-case hex characters. One-way; equal values give equal pseudonyms within a domain (ENISA's "MAC" technique).
/// Thread-safe: each thread keeps its own HMAC state (<see cref="HmacSha256"/>, which calls OpenSSL directly where it
/// can).</summary>
/// <remarks>A 128-bit truncation keeps pseudonyms short while collisions stay negligible (birthday bound 2^64); RFC 2104
/// allows truncation to half the hash length.</remarks>
public sealed class KeyedPseudonymiser : IDisposable
{
    /// <summary>Bytes of HMAC output kept.</summary>
    public const int OutputBytes = 16;

    /// <summary>Length of a pseudonym in characters.</summary>
    public const int PseudonymLength = OutputBytes * 2;

    private readonly byte[] _key;
    private readonly ThreadLocal<HmacSha256> _hmac;

    /// <summary>Creates a pseudonymiser with a 32-byte key.</summary>
    public KeyedPseudonymiser(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new PseudonymisationException("An HMAC pseudonymisation key must be at least 32 bytes.");
        }
        _key = key.ToArray();
        _hmac = new ThreadLocal<HmacSha256>(() => HmacSha256.Create(_key), trackAllValues: true);
    }

    /// <summary>The pseudonym of a value.</summary>
    public string Pseudonymise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> utf8 = maxBytes <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, utf8);
            Span<char> hex = stackalloc char[PseudonymLength];
            WriteHex(utf8[..written], hex);
            return new string(hex);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>The HMAC state of the calling thread, for loops that pseudonymise many values on one thread (one
    /// thread-local lookup per batch instead of per value).</summary>
    public HmacSha256 ThreadState => _hmac.Value!;

    /// <summary>Writes the pseudonym of a value into <paramref name="destination"/> (32 characters) with a given HMAC
    /// state from <see cref="ThreadState"/>.</summary>
    public static void WriteHex(HmacSha256 state, ReadOnlySpan<char> value, Span<char> destination)
    {
        ArgumentNullException.ThrowIfNull(state);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> utf8 = maxBytes <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, utf8);
            Span<byte> mac = stackalloc byte[HmacSha256.MacLength];
            state.Compute(utf8[..written], mac);
            Convert.TryToHexStringLower(mac[..OutputBytes], destination, out _);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>Writes the pseudonym of UTF-8 bytes as hex into <paramref name="destination"/> (32 characters).</summary>
    public void WriteHex(ReadOnlySpan<byte> utf8, Span<char> destination)
    {
        Span<byte> mac = stackalloc byte[32];
        Compute(utf8, mac);
        Convert.TryToHexStringLower(mac[..OutputBytes], destination, out _);
    }

    /// <summary>Writes the pseudonym of UTF-8 bytes as UTF-8 hex into <paramref name="destination"/> (32 bytes).</summary>
    public void WriteHexUtf8(ReadOnlySpan<byte> utf8, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[32];
        Compute(utf8, mac);
        Convert.TryToHexStringLower(mac[..OutputBytes], destination, out _);
    }

    /// <summary>The full 32-byte HMAC of UTF-8 bytes (for derived uses such as date offsets).</summary>
    public void Compute(ReadOnlySpan<byte> utf8, Span<byte> mac)
    {
        _hmac.Value!.Compute(utf8, mac);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var hmac in _hmac.Values)
        {
            hmac.Dispose();
        }
        _hmac.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
