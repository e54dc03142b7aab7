using System.Text.Json.Nodes;
using Agora.Privacy.Policies;
using CsCheck;

namespace Agora.Privacy.Tests.Policies;

/// <summary>Fuzzing of the ODRL reader (policies arrive from other connectors over the Dataspace Protocol): whatever the
/// text, it is read into a policy or refused with a <see cref="PolicyFormatException"/> that says what is wrong; nothing
/// else escapes, and whatever it reads it writes back to an equivalent document.</summary>
public sealed class OdrlJsonPropertyTests
{
    private static readonly string Valid = OdrlJson.Write(PolicyExamples.ResearchAgreement());

    private static readonly Gen<string> Fragment = Gen.OneOf(
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "1e999", "-0", "\"@id\"", "\"@type\"", "\"permission\"", "\"prohibition\"",
        "\"obligation\"", "\"action\"", "\"constraint\"", "\"leftOperand\"", "\"operator\"", "\"rightOperand\"", "\"and\"", "\"or\"",
        "\"xone\"", "\"andSequence\"", "\"odrl:use\"", "\"http://www.w3.org/ns/odrl/2/Agreement\"", "{\"@id\":\"x\"}", "\"\\u0000\"", "[[[[");

    private static void ReadOrRefuse(string json)
    {
        try
        {
            var policy = OdrlJson.Parse(json);
            // Whatever was read can be written and read again to the same document.
            var written = OdrlJson.Write(policy);
            Assert.Equal(written, OdrlJson.Write(OdrlJson.Parse(written)));
        }
        catch (PolicyFormatException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    /// <summary>Found by the mangling property (seed bNiMrv_ym841): a repeated property name escaped as an ArgumentException.</summary>
    [Fact]
    public void RepeatedPropertyName_IsRefusedClearly()
    {
        var repeated = Valid.Replace("\"leftOperand\"", "\"leftOperand\": \"purpose\", \"leftOperand\"", StringComparison.Ordinal);
        Assert.NotEqual(Valid, repeated);
        Assert.Throws<PolicyFormatException>(() => OdrlJson.Parse(repeated));
    }

    [Fact]
    public void RandomText_IsReadOrRefusedClearly() =>
        Gen.String[0, 200].Sample(ReadOrRefuse, iter: 500);

    [Fact]
    public void RandomTokens_AreReadOrRefusedClearly() =>
        Fragment.Array[0, 40].Select(parts => string.Concat(parts)).Sample(ReadOrRefuse, iter: 1000);

    [Fact]
    public void MangledValidPolicies_AreReadOrRefusedClearly() =>
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[0, 12], Fragment)
            .Select((at, cut, insert) => Valid[..at] + insert + Valid[Math.Min(Valid.Length, at + cut)..])
            .Sample(ReadOrRefuse, iter: 1000);

    /// <summary>Valid JSON of the wrong shape: every node of a real policy replaced by another kind of value.</summary>
    [Fact]
    public void WrongShapes_AreRefusedClearly()
    {
        var paths = new List<Action<JsonNode?>>();
        Collect(JsonNode.Parse(Valid)!, paths);
        var replacement = Gen.OneOf<JsonNode?>(Gen.Int[0, 2].Select(kind => kind switch
            {
                0 => (JsonNode?)null,
                1 => new JsonArray(),
                _ => new JsonObject(),
            }),
            Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)), Gen.String[0, 10].Select(s => (JsonNode?)JsonValue.Create(s)));
        Gen.Select(Gen.Int[0, paths.Count - 1], replacement).Sample((index, value) =>
        {
            var copy = JsonNode.Parse(Valid)!;
            var setters = new List<Action<JsonNode?>>();
            Collect(copy, setters);
            setters[index](value?.DeepClone());
            ReadOrRefuse(copy.ToJsonString());
        }, iter: 600);
    }

    /// <summary>One setter per property or array element of the tree (each replaces that node).</summary>
    private static void Collect(JsonNode node, List<Action<JsonNode?>> setters)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    var owner = obj;
                    setters.Add(value => owner[name] = value);
                    if (child is not null)
                    {
                        Collect(child, setters);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var (owner, at) = (array, i);
                    setters.Add(value => owner[at] = value);
                    if (array[i] is { } child)
                    {
                        Collect(child, setters);
                    }
                }
                break;
        }
    }
}
