using System.Text.Json.Nodes;
using Agora.Platform.Dataspace;
using Agora.Testing;

namespace Agora.Web.Tests.Dataspace;

/// <summary>The official DSP 2025-1 schemas and example messages, read in place from the shared conformance folder.</summary>
public sealed class DspSchemaTests
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot.Shared, "external", "dsp");

    /// <summary>Every example message with the type whose schema it follows (the DID service examples are not messages).</summary>
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories)
                     .Where(f => f.Contains($"{Path.DirectorySeparatorChar}example{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.EndsWith("did-service.json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Folder, file));
        }
        return data;
    }

    public static string TypeOf(JsonObject message) => DspMessage.Text(message, "@type") ?? DspSchemas.VersionResponse;

    [Theory]
    [MemberData(nameof(Examples))]
    public void OfficialExample_IsValid_WithTheSharedSchemas_AndTheEmbeddedOnes(string example)
    {
        var message = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, example)))!;
        var type = TypeOf(message);
        Assert.Empty(Shared.Validate(message, type));
        Assert.Empty(DspSchemas.Default.Validate(message, type));
        // The parser the endpoints use accepts it too.
        if (type != DspSchemas.VersionResponse)
        {
            DspMessage.Parse(message.ToJsonString(), type, DspSchemas.Default);
        }
    }

    [Fact]
    public void EmbeddedSchemas_AreTheOfficialOnes()
    {
        Assert.Equal(Directory.EnumerateFiles(Folder, "*-schema.json", SearchOption.AllDirectories).Count(), DspSchemas.Default.Count);
        Assert.True(DspSchemas.Default.Count >= 26);
        // The copy kept in the repository (embedded at build time) is byte for byte the conformance material.
        var inRepository = Path.Combine(RepositoryRoot.Path, "src", "Agora.Platform", "Dataspace", "Schemas");
        foreach (var official in Directory.EnumerateFiles(Folder, "*-schema.json", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(inRepository, Path.GetRelativePath(Folder, official));
            Assert.True(File.Exists(copy), $"{copy} is missing");
            Assert.Equal(File.ReadAllBytes(official), File.ReadAllBytes(copy));
        }
    }

    [Fact]
    public void MessageWithoutConsumerPid_OrWithAWrongState_IsRefusedWithTheReason()
    {
        var request = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "negotiation", "example", "contract-request-message_initial.json")))!;
        request.Remove("consumerPid");
        var error = Assert.Throws<DspException>(() => DspMessage.Parse(request.ToJsonString(), "ContractRequestMessage", DspSchemas.Default));
        Assert.Equal(400, error.Status);
        Assert.Contains(error.Reasons, r => r.Contains("consumerPid", StringComparison.Ordinal));

        var process = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "transfer", "example", "transfer-process.json")))!;
        process["state"] = "DANCING";
        Assert.NotEmpty(Shared.Validate(process, "TransferProcess"));

        Assert.Throws<DspException>(() => DspMessage.Parse("{\"@type\": \"TransferStartMessage\"}", "TransferCompletionMessage", DspSchemas.Default));
        Assert.Throws<DspException>(() => DspMessage.Parse("not json", "TransferCompletionMessage", DspSchemas.Default));
    }

    [Fact]
    public void WhatAgoraBuilds_IsValid()
    {
        Assert.Empty(DspSchemas.Default.Validate(Agora.Web.Dataspace.DataspaceEndpoints.VersionDocument("/dsp"), DspSchemas.VersionResponse));
        Assert.Empty(DspSchemas.Default.Validate(DataspaceProvider.NegotiationJson(Guid.NewGuid(), "urn:uuid:x", Agora.Platform.Agreements.NegotiationState.Verified),
            "ContractNegotiation"));
        Assert.Empty(DspSchemas.Default.Validate(DataspaceProvider.TransferJson(Guid.NewGuid(), "urn:uuid:x", TransferState.Suspended), "TransferProcess"));
    }

    [Theory]
    [InlineData("ContractRequestMessage", "negotiation/contract-request-message-schema.json")]
    [InlineData("ContractAgreementVerificationMessage", "negotiation/contract-agreement-verification-message-schema.json")]
    [InlineData("TransferError", "transfer/transfer-error-schema.json")]
    [InlineData("Catalog", "catalog/catalog-schema.json")]
    [InlineData("DatasetRequestMessage", "catalog/dataset-request-message-schema.json")]
    public void MessageType_MapsToItsSchemaFile(string type, string file)
    {
        Assert.Equal(file, DspSchemas.FileOf(type));
        Assert.True(File.Exists(Path.Combine(Folder, file)));
    }

    private static readonly DspSchemas Shared = DspSchemas.FromFolder(Folder);
}
