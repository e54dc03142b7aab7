using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Platform.Offers;
using Agora.Privacy.Policies;

namespace Agora.Platform.Agreements;

/// <summary>A party to an agreement, as it was when the agreement was signed.</summary>
public sealed record AgreementParty(Guid Id, string Slug, string Name, string Kind);

/// <summary>The granted dataset version, named by id and content hash.</summary>
public sealed record AgreementDataset(Guid Id, string Slug, string Title, Guid VersionId, int VersionNumber, string ContentHash);

/// <summary>
/// The whole agreement, as signed: parties, the exact dataset version, the relation name the consumer queries, the stated
/// purpose, the ODRL Agreement, the provider's privacy metadata, the release rule, who asked and who decided, and the
/// validity. It is serialised to canonical JSON, hashed and signed; nothing outside it decides a use.
/// </summary>
public sealed record AgreementDocument(
    Guid AgreementId,
    Guid NegotiationId,
    Guid OfferId,
    AgreementParty Provider,
    AgreementParty Consumer,
    AgreementDataset Dataset,
    string Relation,
    string Purpose,
    JsonObject Policy,
    PrivacyMetadata Privacy,
    int ReviewersRequired,
    string RequestedBy,
    string ApprovedBy,
    DateTimeOffset SignedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Names the document format, so a later format can be told apart.</summary>
    public string Format { get; init; } = "agora:AccessAgreement/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToCanonicalJson() => CanonicalJson.Serialize(JsonSerializer.SerializeToNode(this, Json));

    public static AgreementDocument Parse(string canonicalJson)
    {
        var document = JsonSerializer.Deserialize<AgreementDocument>(canonicalJson, Json)
            ?? throw new JsonException("The agreement document is empty.");
        return document with { Privacy = PrivacyMetadata.FromJson(JsonSerializer.Serialize(document.Privacy, Json)) };
    }

    public UsagePolicy UsagePolicy() => OdrlJson.Parse(Policy);

    public static string HashOf(string canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));
}
