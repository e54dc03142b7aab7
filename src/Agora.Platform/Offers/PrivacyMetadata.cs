using System.Text.Json;
using Agora.Data.Querying;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Platform.Offers;

/// <summary>What a provider declares publicly about a dataset so differential privacy can protect it: the column that
/// identifies a person (or none when every row is a different person), how much one person may contribute, public clamping
/// bounds of numeric columns, and public lists of group keys. Never learned from the data.</summary>
public sealed record PrivacyMetadata
{
    public string? PrivacyUnitColumn { get; init; }

    public int MaxGroupsPerUnit { get; init; } = 1;

    public int MaxRowsPerGroup { get; init; } = 1;

    /// <summary>Column → [lower, upper].</summary>
    public Dictionary<string, double[]> Bounds { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Column → every key value, in text form.</summary>
    public Dictionary<string, List<string>> PublicKeys { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PrivacyMetadata FromJson(string json)
    {
        var parsed = JsonSerializer.Deserialize<PrivacyMetadata>(json, Json) ?? new PrivacyMetadata();
        // Case-insensitive lookups survive the round trip.
        return parsed with
        {
            Bounds = new Dictionary<string, double[]>(parsed.Bounds, StringComparer.OrdinalIgnoreCase),
            PublicKeys = new Dictionary<string, List<string>>(parsed.PublicKeys, StringComparer.OrdinalIgnoreCase),
        };
    }

    public RelationPrivacy ToRelationPrivacy() => new()
    {
        PrivacyUnitColumn = string.IsNullOrWhiteSpace(PrivacyUnitColumn) ? null : PrivacyUnitColumn,
        Contribution = new ContributionBounds(MaxGroupsPerUnit, MaxRowsPerGroup),
        Bounds = Bounds.ToDictionary(b => b.Key, b => new ValueBounds(b.Value[0], b.Value[1]), StringComparer.OrdinalIgnoreCase),
        PublicKeys = PublicKeys.ToDictionary(k => k.Key, k => (IReadOnlyList<string>)k.Value, StringComparer.OrdinalIgnoreCase),
    };
}
