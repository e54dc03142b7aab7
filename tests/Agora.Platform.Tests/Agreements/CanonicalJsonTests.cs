using System.Text.Json.Nodes;
using Agora.Platform.Agreements;

namespace Agora.Platform.Tests.Agreements;

public sealed class CanonicalJsonTests
{
    /// <summary>Number forms from RFC 8785 appendix B.</summary>
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1.5, "1.5")]
    [InlineData(-1.25e-10, "-1.25e-10")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(100.0, "100")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Numbers_UseTheEcmaScriptForm(double value, string expected) => Assert.Equal(expected, CanonicalJson.Number(value));

    [Fact]
    public void Objects_AreSortedByCodeUnits_WithoutSpaces_AndStringsKeepTheirCharacters()
    {
        var json = JsonNode.Parse("""{ "b": [1, 2.50, {"z": true, "a": null}], "a": "é\n\"€\u0001", "€": 1, "A": false }""");
        Assert.Equal("{\"A\":false,\"a\":\"é\\n\\\"€\\u0001\",\"b\":[1,2.5,{\"a\":null,\"z\":true}],\"€\":1}", CanonicalJson.Serialize(json));
    }

    [Fact]
    public void EqualDocuments_GiveTheSameBytes()
    {
        var a = JsonNode.Parse("""{"x": 1.0, "y": {"q": "1", "p": [3]}}""");
        var b = JsonNode.Parse("""{"y":{"p":[3],"q":"1"},"x":1}""");
        Assert.Equal(CanonicalJson.Serialize(a), CanonicalJson.Serialize(b));
    }
}
