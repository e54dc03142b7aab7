using Agora.Privacy.Keys;

namespace Agora.Privacy.Tests.Keys;

public sealed class KeyRingTests
{
    [Fact]
    public void Unwrap_AfterWrap_ReturnsTheDataKey()
    {
        using var ring = KeyRing.Parse(KeyRing.GenerateText());
        var dataKey = KeyRing.NewDataKey();
        var wrapped = WrappedKey.Parse(ring.Wrap(dataKey, "version:42").ToString());
        Assert.Equal(dataKey, ring.Unwrap(wrapped, "version:42"));
    }

    [Fact]
    public void Unwrap_OtherPurpose_IsRefused()
    {
        using var ring = KeyRing.Parse(KeyRing.GenerateText());
        var wrapped = ring.Wrap(KeyRing.NewDataKey(), "domain:a");
        Assert.Throws<KeyRingException>(() => ring.Unwrap(wrapped, "domain:b"));
    }

    [Fact]
    public void Unwrap_WrongRing_IsRefusedWithoutKeyMaterialInTheMessage()
    {
        var text = KeyRing.GenerateText();
        using var ring = KeyRing.Parse(text);
        using var other = KeyRing.Parse(KeyRing.GenerateText());
        var error = Assert.Throws<KeyRingException>(() => other.Unwrap(ring.Wrap(KeyRing.NewDataKey(), "p"), "p"));
        Assert.DoesNotContain(text[2..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrap_AfterRotation_UsesTheNewVersionAndStillUnwraps()
    {
        var v1 = KeyRing.GenerateText(1);
        using var old = KeyRing.Parse(v1);
        var dataKey = KeyRing.NewDataKey();
        var wrapped = old.Wrap(dataKey, "p");
        using var rotated = KeyRing.Parse(v1 + "," + KeyRing.GenerateText(2));
        var rewrapped = rotated.Rewrap(wrapped, "p");
        Assert.Equal(2, rewrapped.Version);
        Assert.Equal(dataKey, rotated.Unwrap(rewrapped, "p"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1:not-base64!")]
    [InlineData("1:AAAA")]
    [InlineData("x:AAAA")]
    public void Parse_BadText_IsRefused(string text) => Assert.Throws<KeyRingException>(() => KeyRing.Parse(text));

    [Fact]
    public void Derive_DifferentPurposes_GiveDifferentKeys()
    {
        var dataKey = KeyRing.NewDataKey();
        Assert.NotEqual(KeyRing.Derive(dataKey, "a"), KeyRing.Derive(dataKey, "b"));
        Assert.Equal(KeyRing.Derive(dataKey, "a"), KeyRing.Derive(dataKey, "a"));
    }
}
