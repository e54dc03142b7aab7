using System.Security.Cryptography;
using System.Text;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;

namespace Agora.Privacy.Tests.Pseudonymisation;

public sealed class KeysAndPseudonymsTests
{
    private static readonly string RingText = KeyRing.GenerateText();

    [Fact]
    public void DeriveKey_IsReproducibleAndSeparatedByPurposeAndVersion()
    {
        using var ring = KeyRing.Parse(RingText + "," + KeyRing.GenerateText(2));
        Assert.Equal(ring.DeriveKey("a", 1), ring.DeriveKey("a", 1));
        Assert.NotEqual(ring.DeriveKey("a", 1), ring.DeriveKey("b", 1));
        Assert.NotEqual(ring.DeriveKey("a", 1), ring.DeriveKey("a", 2));
        Assert.Equal(ring.DeriveKey("a", 2), ring.DeriveKey("a"));
        Assert.Throws<KeyRingException>(() => ring.DeriveKey("a", 3));
    }

    [Fact]
    public void DomainKeys_SameDomainAgree_OtherDomainsDiffer()
    {
        using var ring = KeyRing.Parse(RingText);
        using var a = PseudonymisationKeys.DeriveFrom(ring, "linkage:study-7");
        using var b = PseudonymisationKeys.DeriveFrom(KeyRing.Parse(RingText), "linkage:study-7");
        using var other = PseudonymisationKeys.DeriveFrom(ring, "linkage:study-8");
        Assert.Equal(a.KeyFor(KeyPurpose.Hmac), b.KeyFor(KeyPurpose.Hmac));
        Assert.NotEqual(a.KeyFor(KeyPurpose.Hmac), other.KeyFor(KeyPurpose.Hmac));
        Assert.NotEqual(a.KeyFor(KeyPurpose.Hmac), a.KeyFor(KeyPurpose.Siv));
        Assert.NotEqual(a.KeyFor(KeyPurpose.Hmac, "doc-1"), a.KeyFor(KeyPurpose.Hmac, "doc-2"));
    }

    [Fact]
    public void WrappedDomainKey_SurvivesRotation_AndRefusesAnotherDomain()
    {
        using var ring = KeyRing.Parse(RingText);
        var (wrapped, keys) = PseudonymisationKeys.CreateWrapped(ring, "agreement:42");
        using var rotated = KeyRing.Parse(RingText + "," + KeyRing.GenerateText(2));
        using var reopened = PseudonymisationKeys.OpenWrapped(rotated, WrappedKey.Parse(wrapped.ToString()), "agreement:42");
        Assert.Equal(keys.KeyFor(KeyPurpose.Hmac), reopened.KeyFor(KeyPurpose.Hmac));
        var rewrapped = rotated.Rewrap(wrapped, "agora:pseudonymisation:v1:domain-key:agreement:42");
        Assert.Equal(2, rewrapped.Version);
        Assert.Throws<KeyRingException>(() => PseudonymisationKeys.OpenWrapped(rotated, wrapped, "agreement:43"));
        keys.Dispose();
    }

    [Fact]
    public void Domain_WithoutName_IsRefused()
    {
        using var ring = KeyRing.Parse(RingText);
        Assert.Throws<PseudonymisationException>(() => PseudonymisationKeys.DeriveFrom(ring, " "));
    }

    [Fact]
    public void Hmac_IsTheTruncatedHmacSha256OfTheUtf8Value()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var pseudonymiser = new KeyedPseudonymiser(key);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("Müller")))[..32];
        Assert.Equal(expected, pseudonymiser.Pseudonymise("Müller"));
        Assert.Equal(expected, pseudonymiser.Pseudonymise("Müller"));
        Assert.NotEqual(expected, pseudonymiser.Pseudonymise("Muller"));
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(new string('x', 1000))))[..32],
            pseudonymiser.Pseudonymise(new string('x', 1000)));
    }

    [Fact]
    public void Hmac_FromManyThreads_GivesTheSameAnswers()
    {
        using var pseudonymiser = new KeyedPseudonymiser(RandomNumberGenerator.GetBytes(32));
        var expected = Enumerable.Range(0, 2000).Select(i => pseudonymiser.Pseudonymise("v" + i)).ToArray();
        var actual = new string[2000];
        Parallel.For(0, 2000, i => actual[i] = pseudonymiser.Pseudonymise("v" + i));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Hmac_ShortKey_IsRefused() => Assert.Throws<PseudonymisationException>(() => new KeyedPseudonymiser(new byte[16]));

    [Fact]
    public void Email_KeepsTheDomainAndIgnoresCase()
    {
        using var email = new EmailPseudonymiser(RandomNumberGenerator.GetBytes(32));
        var pseudonym = email.Pseudonymise("Jean.Dupont@Post.lu");
        Assert.EndsWith("@post.lu", pseudonym, StringComparison.Ordinal);
        Assert.DoesNotContain("dupont", pseudonym, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(pseudonym, email.Pseudonymise("jean.dupont@post.lu"));
        Assert.DoesNotContain("not", email.Pseudonymise("not an address"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LU28 0019 4006 4475 0000", "**** **** **** **** 0000")]
    [InlineData("4111-1111-1111-1111", "****-****-****-1111")]
    [InlineData("Jean", "****")]
    [InlineData("621 123 456", "*** *** 456")]
    public void Mask_KeepsSeparatorsAndTheLastCharacters(string value, string expected) => Assert.Equal(expected, Masking.Mask(value));

    [Fact]
    public void DateShift_MovesOneSubjectsDatesTogether_AndReverses()
    {
        using var shifter = new DateShifter(RandomNumberGenerator.GetBytes(32), maxDays: 30);
        var admission = new DateOnly(2024, 3, 1);
        var discharge = new DateOnly(2024, 3, 9);
        var shiftedAdmission = shifter.Shift(admission, "patient-1");
        var shiftedDischarge = shifter.Shift(discharge, "patient-1");
        Assert.Equal(8, shiftedDischarge.DayNumber - shiftedAdmission.DayNumber);
        Assert.NotEqual(admission, shiftedAdmission);
        Assert.Equal(admission, shifter.Unshift(shiftedAdmission, "patient-1"));
        var offsets = Enumerable.Range(0, 500).Select(i => shifter.OffsetDays("p" + i)).ToList();
        Assert.All(offsets, o => Assert.InRange(Math.Abs(o), 1, 30));
        Assert.True(offsets.Distinct().Count() > 50);
    }
}
