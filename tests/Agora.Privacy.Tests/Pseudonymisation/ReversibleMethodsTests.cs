using System.Net;
using System.Security.Cryptography;
using Agora.Privacy.Pseudonymisation;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Fpe;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Agora.Privacy.Tests.Pseudonymisation;

public sealed class ReversibleMethodsTests
{
    // Pins the library to the published vectors, so an upgrade that changed the primitives would fail here.
    [Theory]
    [InlineData("01000000000000000000000000000000", "dc20e2d83f25705bb49e439eca56de25")]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000", "07f5f4169bbf55a8400cd47ea6fd400f")]
    public void GcmSiv_Rfc8452EmptyMessageVectors(string key, string expected)
    {
        var cipher = new GcmSivBlockCipher(new AesEngine());
        cipher.Init(true, new AeadParameters(new KeyParameter(Convert.FromHexString(key)), 128, Convert.FromHexString("030000000000000000000000")));
        var output = new byte[cipher.GetOutputSize(0)];
        var written = cipher.DoFinal(output, 0);
        Assert.Equal(expected, Convert.ToHexStringLower(output, 0, written));
    }

    [Theory]
    [InlineData("2B7E151628AED2A6ABF7158809CF4F3C", "", "0123456789", "2433477484")]
    [InlineData("2B7E151628AED2A6ABF7158809CF4F3C", "39383736353433323130", "0123456789", "6124200773")]
    [InlineData("2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", "", "0123456789", "6657667009")]
    public void Ff1_NistSp800_38GSamples(string key, string tweak, string plaintext, string expected)
    {
        var engine = new FpeFf1Engine();
        engine.Init(true, new FpeParameters(new KeyParameter(Convert.FromHexString(key)), 10, Convert.FromHexString(tweak)));
        var input = plaintext.Select(c => (byte)(c - '0')).ToArray();
        var output = new byte[input.Length];
        engine.ProcessBlock(input, 0, input.Length, output, 0);
        Assert.Equal(expected, string.Concat(output.Select(b => (char)('0' + b))));
    }

    [Fact]
    public void Siv_Deterministic_RoundTripsAndRepeats()
    {
        var siv = new DeterministicEncryption(RandomNumberGenerator.GetBytes(32), keyVersion: 3);
        var pseudonym = siv.Encrypt("1893120105732");
        Assert.StartsWith("s3.", pseudonym, StringComparison.Ordinal);
        Assert.Equal(pseudonym, siv.Encrypt("1893120105732"));
        Assert.NotEqual(pseudonym, siv.Encrypt("1893120105733"));
        Assert.Equal("1893120105732", siv.Decrypt(pseudonym));
        Assert.Equal(3, DeterministicEncryption.VersionOf(pseudonym));
    }

    [Fact]
    public void Siv_Randomised_DiffersEachTimeButDecrypts()
    {
        var siv = new DeterministicEncryption(RandomNumberGenerator.GetBytes(32), keyVersion: 1);
        var a = siv.Encrypt("Jean Dupont", randomised: true);
        var b = siv.Encrypt("Jean Dupont", randomised: true);
        Assert.NotEqual(a, b);
        Assert.Equal("Jean Dupont", siv.Decrypt(a));
        Assert.Equal("Jean Dupont", siv.Decrypt(b));
    }

    [Fact]
    public void Siv_OtherKeyOrTampering_IsRefusedWithoutTheValue()
    {
        var siv = new DeterministicEncryption(RandomNumberGenerator.GetBytes(32), keyVersion: 1);
        var other = new DeterministicEncryption(RandomNumberGenerator.GetBytes(32), keyVersion: 1);
        var pseudonym = siv.Encrypt("secret-value");
        var error = Assert.Throws<PseudonymisationException>(() => other.Decrypt(pseudonym));
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        var tampered = pseudonym[..^2] + (pseudonym[^2] == 'A' ? "B" : "A") + pseudonym[^1];
        Assert.Throws<PseudonymisationException>(() => siv.Decrypt(tampered));
        Assert.Throws<PseudonymisationException>(() => siv.Decrypt("plain text"));
    }

    [Theory]
    [InlineData("1893120105732")]
    [InlineData("LU28 0019 4006 4475 0000")]
    [InlineData("+352 621 123 456")]
    [InlineData("AbCdEf-12")]
    public void Fpe_KeepsTheFormat_AndRoundTrips(string value)
    {
        var fpe = new FormatPreservingEncryption(RandomNumberGenerator.GetBytes(32), "col"u8);
        var encrypted = fpe.Encrypt(value);
        Assert.NotEqual(value, encrypted);
        Assert.Equal(value.Length, encrypted.Length);
        for (var i = 0; i < value.Length; i++)
        {
            Assert.Equal(char.IsAsciiDigit(value[i]), char.IsAsciiDigit(encrypted[i]));
            Assert.Equal(char.IsAsciiLetterUpper(value[i]), char.IsAsciiLetterUpper(encrypted[i]));
            if (!char.IsAsciiLetterOrDigit(value[i]))
            {
                Assert.Equal(value[i], encrypted[i]);
            }
        }
        Assert.Equal(value, fpe.Decrypt(encrypted));
    }

    [Fact]
    public void Fpe_KeepsShortLetterGroups_SuchAsTheIbanCountry() =>
        Assert.StartsWith("LU", new FormatPreservingEncryption(RandomNumberGenerator.GetBytes(32)).Encrypt("LU280019400644750000"), StringComparison.Ordinal);

    [Fact]
    public void Fpe_TooSmallADomain_IsRefused()
    {
        var error = Assert.Throws<PseudonymisationException>(() => new FormatPreservingEncryption(RandomNumberGenerator.GetBytes(32)).Encrypt("12345"));
        Assert.Contains("6 digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenVault_OpensOnlyWithItsKeyAndToken()
    {
        var vault = new TokenVault(RandomNumberGenerator.GetBytes(32));
        var token = TokenVault.NewToken();
        Assert.True(TokenVault.IsToken(token));
        var entry = vault.Seal(token, "Jean Dupont");
        Assert.Equal("Jean Dupont", vault.Open(token, entry));
        Assert.Throws<PseudonymisationException>(() => vault.Open(TokenVault.NewToken(), entry));
        Assert.Throws<PseudonymisationException>(() => new TokenVault(RandomNumberGenerator.GetBytes(32)).Open(token, entry));
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => TokenVault.NewToken()).Distinct().Count());
    }

    [Theory]
    [InlineData("192.168.17.4")]
    [InlineData("2001:db8:85a3::8a2e:370:7334")]
    public void IpPrefix_RoundTripsInTheSameFamily(string address)
    {
        using var ip = new PrefixPreservingIp(RandomNumberGenerator.GetBytes(32));
        var pseudonym = ip.Pseudonymise(address);
        Assert.NotEqual(address, pseudonym);
        Assert.Equal(IPAddress.Parse(address).AddressFamily, IPAddress.Parse(pseudonym).AddressFamily);
        Assert.Equal(IPAddress.Parse(address), IPAddress.Parse(ip.Reverse(pseudonym)));
    }

    [Fact]
    public void IpPrefix_SharedPrefixLengthIsPreserved()
    {
        using var ip = new PrefixPreservingIp(RandomNumberGenerator.GetBytes(32));
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var a = new IPAddress(random.Next(int.MinValue, int.MaxValue) & 0x7fffffff).ToString();
            var b = new IPAddress(random.Next(int.MinValue, int.MaxValue) & 0x7fffffff).ToString();
            Assert.Equal(CommonPrefix(a, b), CommonPrefix(ip.Pseudonymise(a), ip.Pseudonymise(b)));
        }
    }

    [Fact]
    public void IpPrefix_NotAnAddress_IsRefused()
    {
        using var ip = new PrefixPreservingIp(RandomNumberGenerator.GetBytes(32));
        Assert.Throws<PseudonymisationException>(() => ip.Pseudonymise("not-an-ip"));
    }

    private static int CommonPrefix(string a, string b)
    {
        var x = IPAddress.Parse(a).GetAddressBytes();
        var y = IPAddress.Parse(b).GetAddressBytes();
        for (var bit = 0; bit < x.Length * 8; bit++)
        {
            if (((x[bit >> 3] ^ y[bit >> 3]) & (0x80 >> (bit & 7))) != 0)
            {
                return bit;
            }
        }
        return x.Length * 8;
    }
}
