using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Privacy.Policies;
using Agora.Testing;
using Json.Schema;

namespace Agora.Privacy.Tests.Policies;

public sealed class OdrlJsonTests
{
    // The DSP file keeps its subschemas under draft-07 style "definitions", which a 2019-09 validator does not treat as
    // schemas; renaming them to "$defs" keeps the meaning and lets the references resolve (the remote $id is dropped so
    // the local references resolve against the loaded document).
    private static readonly string SchemaText =
        File.ReadAllText(Path.Combine(Dsp.Folder, "negotiation", "contract-schema.json"))
            .Replace("\"definitions\"", "\"$defs\"", StringComparison.Ordinal)
            .Replace("#/definitions/", "#/$defs/", StringComparison.Ordinal)
            .Replace("\"$id\": \"https://w3id.org/dspace/2025/1/negotiation/contract-schema.json\",", "", StringComparison.Ordinal);

    private static readonly JsonSchema ContractSchema = JsonSchema.FromText(SchemaText);

    // A catalogue offer (no target) is checked against the schema's Offer definition, as DSP's dataset schema does; the
    // root "Policy" oneOf would also match it as a message offer.
    private static readonly JsonSchema CatalogueOfferSchema = JsonSchema.FromText(
        new System.Text.RegularExpressions.Regex("#/\\$defs/Policy").Replace(SchemaText, "#/$defs/Offer", 1));

    [Fact]
    public void Write_ThenParse_RoundTrips()
    {
        var policy = PolicyExamples.ResearchAgreement();
        var parsed = OdrlJson.Parse(OdrlJson.Write(policy));
        Assert.Equal(policy.Id, parsed.Id);
        Assert.Equal(PolicyKind.Agreement, parsed.Kind);
        Assert.Equal(policy.Assignee, parsed.Assignee);
        Assert.Equal(policy.Timestamp, parsed.Timestamp);
        Assert.Equal(7, parsed.Permissions[0].Constraints.Count);
        Assert.Equal("Source: Ministry of Health, hospital stays 2025", parsed.Permissions[0].Duties[0].Attribution);
        Assert.Equal(PolicyVocabulary.DownloadDerivative, parsed.Prohibitions[0].Action);
        Assert.Equal(OdrlJson.Write(policy), OdrlJson.Write(parsed));
    }

    [Fact]
    public void Write_Agreement_IsValidAgainstTheDspContractSchema()
    {
        var json = OdrlJson.ToJson(PolicyExamples.ResearchAgreement(), withContext: false);
        var result = ContractSchema.Evaluate(JsonDocument.Parse(json.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Values) ?? []));
    }

    [Fact]
    public void Write_CatalogueOffer_WithoutTarget_IsValidOffer()
    {
        var offer = PolicyExamples.ResearchAgreement() with { Kind = PolicyKind.Offer, Target = null, Assignee = null, Assigner = null, Timestamp = null };
        var result = CatalogueOfferSchema.Evaluate(JsonDocument.Parse(OdrlJson.ToJson(offer, false).ToJsonString()).RootElement);
        Assert.True(result.IsValid);
        var messageOffer = offer with { Target = "urn:agora:dataset:hospital-stays:v3" };
        Assert.True(ContractSchema.Evaluate(JsonDocument.Parse(OdrlJson.ToJson(messageOffer, false).ToJsonString()).RootElement).IsValid);
        Assert.False(CatalogueOfferSchema.Evaluate(JsonDocument.Parse(OdrlJson.ToJson(messageOffer, false).ToJsonString()).RootElement).IsValid);
    }

    [Fact]
    public void Parse_DspExampleAgreement_ReadsEveryLogicalForm()
    {
        var message = JsonNode.Parse(File.ReadAllText(Path.Combine(Dsp.Folder, "negotiation", "example", "contract-agreement-message-full.json")))!;
        var policy = OdrlJson.Parse((JsonObject)message["agreement"]!);
        Assert.Equal(PolicyKind.Agreement, policy.Kind);
        Assert.Equal(7, policy.Permissions.Count);
        Assert.All(policy.Permissions, p => Assert.Equal("use", p.Action));
        Assert.Equal(["and", "or", "andSequence", "xone", "or"],
            policy.Permissions.SelectMany(p => p.Constraints).OfType<LogicalConstraint>().Select(l => l.Operator));
    }

    [Fact]
    public void Parse_AcceptsPrefixedAndIdForms()
    {
        const string json = """
            {"@id":"urn:p","@type":"odrl:Offer","odrl:permission":[{"odrl:action":{"@id":"http://www.w3.org/ns/odrl/2/use"},
             "odrl:constraint":[{"odrl:leftOperand":{"@id":"odrl:purpose"},"odrl:operator":{"@id":"odrl:eq"},"odrl:rightOperand":{"@id":"agora:Education"}}]}]}
            """;
        var policy = OdrlJson.Parse(json);
        var constraint = Assert.IsType<AtomicConstraint>(Assert.Single(policy.Permissions[0].Constraints));
        Assert.Equal(("use", "purpose", "eq", "agora:Education"),
            (policy.Permissions[0].Action, constraint.LeftOperand, constraint.Operator, constraint.RightOperand.GetValue<string>()));
    }

    [Theory]
    [InlineData("[1]", "JSON object")]
    [InlineData("{\"@type\":\"Offer\"}", "'@id'")]
    [InlineData("{\"@id\":\"x\",\"permission\":[{\"constraint\":[]}]}", "permission[0]: 'action' is missing")]
    [InlineData("{\"@id\":\"x\",\"permission\":[{\"action\":\"use\",\"constraint\":[{\"leftOperand\":\"count\",\"operator\":\"lteq\"}]}]}", "permission[0].constraint[0]: 'rightOperand'")]
    [InlineData("{\"@id\":\"x\",\"@type\":\"Contract\"}", "Set, Offer or Agreement")]
    [InlineData("{not json", "not valid JSON")]
    public void Parse_BadDocument_SaysWhere(string json, string expected)
    {
        var error = Assert.Throws<PolicyFormatException>(() => OdrlJson.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The official Dataspace Protocol material in <c>../shared/external/dsp/</c>, read in place (never copied).</summary>
internal static class Dsp
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot.Shared, "external", "dsp");
}
