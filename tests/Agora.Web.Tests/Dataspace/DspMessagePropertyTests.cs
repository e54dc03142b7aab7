using Agora.Platform.Dataspace;
using CsCheck;

namespace Agora.Web.Tests.Dataspace;

/// <summary>Fuzzing of the Dataspace Protocol message reader (bodies arrive from other connectors): whatever the text,
/// it is accepted as the expected message or refused with a 400 <see cref="DspException"/> that says why; nothing else
/// escapes.</summary>
public sealed class DspMessagePropertyTests
{
    private static readonly string Valid = File.ReadAllText(Path.Combine(DspSchemaTests.Folder, "negotiation", "example", "contract-request-message_initial.json"));

    private static readonly Gen<string> Fragment = Gen.OneOf(
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "1e999", "-0", "\"@type\"", "\"@context\"", "\"consumerPid\"", "\"providerPid\"",
        "\"offer\"", "\"callbackAddress\"", "\"ContractRequestMessage\"", "[\"ContractRequestMessage\"]", "{\"@id\":\"x\"}", "\"\\u0000\"",
        "\"https://w3id.org/dspace/2025/1/context.jsonld\"", "[[[[", "{\"@type\":{}}");

    private static void AcceptOrRefuse(string body)
    {
        try
        {
            var message = DspMessage.Parse(body, "ContractRequestMessage", DspSchemas.Default);
            Assert.NotNull(message["consumerPid"]);
        }
        catch (DspException e)
        {
            Assert.Equal(400, e.Status);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [Fact]
    public void RepeatedPropertyName_IsRefusedWith400()
    {
        var repeated = Valid.Replace("\"consumerPid\"", "\"consumerPid\": \"urn:uuid:x\", \"consumerPid\"", StringComparison.Ordinal);
        Assert.NotEqual(Valid, repeated);
        Assert.Equal(400, Assert.Throws<DspException>(() => DspMessage.Parse(repeated, "ContractRequestMessage", DspSchemas.Default)).Status);
    }

    [Fact]
    public void RandomText_IsAcceptedOrRefusedWith400() => Gen.String[0, 200].Sample(AcceptOrRefuse, iter: 300);

    [Fact]
    public void RandomTokens_AreAcceptedOrRefusedWith400() =>
        Fragment.Array[0, 40].Select(parts => string.Concat(parts)).Sample(AcceptOrRefuse, iter: 500);

    [Fact]
    public void MangledOfficialExamples_AreAcceptedOrRefusedWith400() =>
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[0, 12], Fragment)
            .Select((at, cut, insert) => Valid[..at] + insert + Valid[Math.Min(Valid.Length, at + cut)..])
            .Sample(AcceptOrRefuse, iter: 1000);
}
