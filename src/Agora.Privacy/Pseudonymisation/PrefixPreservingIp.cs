using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>Prefix-preserving IP pseudonyms in the manner of Crypto-PAn (Xu, Fan, Ammar, Moon 2002): two addresses that
/// share their first n bits have pseudonyms that share their first n bits, so subnets stay subnets while addresses are
/// unrecognisable. Bit i of the pseudonym is bit i of the address XOR the first bit of AES-256 over the first i
/// original bits (padded with a secret pad). Reversible with the key, bit by bit. IPv4 stays IPv4, IPv6 stays IPv6.</summary>
public sealed class PrefixPreservingIp : IDisposable
{
    private readonly byte[] _key;
    private readonly byte[] _pad;
    private readonly ThreadLocal<Aes> _aes;

    /// <summary>Creates the pseudonymiser with a 32-byte key (AES key and pad are derived from it).</summary>
    public PrefixPreservingIp(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new PseudonymisationException("An IP pseudonymisation key must be 32 bytes.");
        }
        _key = key.ToArray();
        _pad = new byte[16];
        using (var aes = Aes.Create())
        {
            aes.Key = _key;
            // The pad is the encryption of a constant block, as in Crypto-PAn.
            aes.EncryptEcb(new byte[16], _pad, PaddingMode.None);
        }
        _aes = new ThreadLocal<Aes>(() =>
        {
            var aes = Aes.Create();
            aes.Key = _key;
            return aes;
        }, trackAllValues: true);
    }

    /// <summary>The pseudonym of an address in the same family and notation.</summary>
    /// <exception cref="PseudonymisationException">The text is not an IP address.</exception>
    public string Pseudonymise(string address) => Transform(address, reverse: false);

    /// <summary>The original of a pseudonym made with this key.</summary>
    public string Reverse(string pseudonym) => Transform(pseudonym, reverse: true);

    private string Transform(string text, bool reverse)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IPAddress.TryParse(text.Trim(), out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new PseudonymisationException("ip-prefix needs IPv4 or IPv6 addresses.");
        }
        var input = address.GetAddressBytes();
        var output = new byte[input.Length];
        var bits = input.Length * 8;
        Span<byte> block = stackalloc byte[16];
        Span<byte> encrypted = stackalloc byte[16];
        var aes = _aes.Value!;
        // The prefix fed to AES is always the ORIGINAL address's bits: known when pseudonymising, recovered bit by bit
        // when reversing.
        var original = reverse ? new byte[input.Length] : input;
        for (var i = 0; i < bits; i++)
        {
            _pad.CopyTo(block);
            for (var j = 0; j < i; j++)
            {
                SetBit(block, j, GetBit(original, j));
            }
            aes.EncryptEcb(block, encrypted, PaddingMode.None);
            var flip = (encrypted[0] & 0x80) != 0;
            var bit = GetBit(input, i) ^ flip;
            SetBit(output, i, bit);
            if (reverse)
            {
                SetBit(original, i, bit);
            }
        }
        return new IPAddress(output).ToString();
    }

    private static bool GetBit(ReadOnlySpan<byte> bytes, int index) => (bytes[index >> 3] & (0x80 >> (index & 7))) != 0;

    private static void SetBit(Span<byte> bytes, int index, bool value)
    {
        if (value)
        {
            bytes[index >> 3] |= (byte)(0x80 >> (index & 7));
        }
        else
        {
            bytes[index >> 3] &= (byte)~(0x80 >> (index & 7));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var aes in _aes.Values)
        {
            aes.Dispose();
        }
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
