using System.Security.Cryptography;
using System.Text;
using Agora.Privacy.Pseudonymisation;

namespace Agora.Privacy.Tests.Pseudonymisation;

public sealed class HmacSha256Tests
{
    private static readonly byte[] CountingKey = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void OnLinux_TheDirectOpenSslPathIsTheOneInUse()
    {
        // The fast path must not silently fall back on the platform the benchmark and production run on.
        using var state = HmacSha256.Create(CountingKey);
        Assert.Equal(OperatingSystem.IsLinux(), HmacSha256.OpenSslAvailable);
        Assert.Equal(OperatingSystem.IsLinux(), state.UsesOpenSsl);
        using var portable = HmacSha256.CreatePortable(CountingKey);
        Assert.False(portable.UsesOpenSsl);
    }

    [Fact]
    public void Rfc4231TestCase2_BothPaths()
    {
        var expected = Convert.FromHexString("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        foreach (var state in new[] { HmacSha256.Create("Jefe"u8), HmacSha256.CreatePortable("Jefe"u8) })
        {
            using (state)
            {
                var mac = new byte[32];
                state.Compute("what do ya want for nothing?"u8, mac);
                Assert.Equal(expected, mac);
            }
        }
    }

    [Fact]
    public void ReusedState_MatchesTheOneShotHmac_ForShortEmptyLongAndNonAsciiMessages()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var direct = HmacSha256.Create(key);
        using var portable = HmacSha256.CreatePortable(key);
        var random = new Random(4);
        var messages = new List<byte[]> { Array.Empty<byte>(), Encoding.UTF8.GetBytes("Zoë Müller-Ångström ✓"), new byte[55], new byte[56], new byte[64], new byte[5000] };
        messages.AddRange(Enumerable.Range(0, 300).Select(i =>
        {
            var message = new byte[random.Next(0, 200)];
            random.NextBytes(message);
            return message;
        }));
        var fromDirect = new byte[32];
        var fromPortable = new byte[32];
        // Twice over: the state must come back clean after every message, not only the first.
        foreach (var message in messages.Concat(messages))
        {
            direct.Compute(message, fromDirect);
            portable.Compute(message, fromPortable);
            var expected = HMACSHA256.HashData(key, message);
            Assert.Equal(expected, fromDirect);
            Assert.Equal(expected, fromPortable);
        }
    }

    [Fact]
    public void Pseudonyms_AreStableAcrossVersions()
    {
        // Known answers computed outside .NET (Python's hmac): a change of output is a breaking change for every
        // dataset pseudonymised before it.
        using var pseudonymiser = new KeyedPseudonymiser(CountingKey);
        Assert.Equal("b87284a81525704a8e551bb09929bfa8", pseudonymiser.Pseudonymise("person.1.7919@example.lu"));
        Assert.Equal("832dda76f35c6569530e33c94735df4a", pseudonymiser.Pseudonymise("Zoë Müller-Ångström ✓"));
        Assert.Equal("d38b42096d80f45f826b44a9d5607de7", pseudonymiser.Pseudonymise(""));
        Span<char> hex = stackalloc char[KeyedPseudonymiser.PseudonymLength];
        KeyedPseudonymiser.WriteHex(pseudonymiser.ThreadState, "person.1.7919@example.lu", hex);
        Assert.Equal("b87284a81525704a8e551bb09929bfa8", hex.ToString());
    }

    [Fact]
    public void DisposedState_IsRefused_NotUsedAfterFree()
    {
        var state = HmacSha256.Create(CountingKey);
        state.Dispose();
        Assert.Throws<ObjectDisposedException>(() => state.Compute("x"u8, new byte[32]));
    }

    [Fact]
    public void EmptyKey_IsTheEmptyKey_OnBothPaths()
    {
        using var direct = HmacSha256.Create([]);
        using var portable = HmacSha256.CreatePortable([]);
        var a = new byte[32];
        var b = new byte[32];
        direct.Compute("value"u8, a);
        portable.Compute("value"u8, b);
        Assert.Equal(HMACSHA256.HashData(Array.Empty<byte>(), "value"u8.ToArray()), a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ShortDestination_IsRefused()
    {
        using var state = HmacSha256.Create(CountingKey);
        Assert.Throws<ArgumentException>(() => state.Compute("x"u8, new byte[16]));
    }
}
