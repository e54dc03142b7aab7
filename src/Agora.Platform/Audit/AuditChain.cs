using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Agora.Platform.Audit;

/// <summary>The canonical forms that are hashed and signed. Changing them breaks every existing chain: version them.</summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Hex SHA-256 of an entry: a JSON array of every field in a fixed order (so no field can bleed into
    /// another), instants as UTC ticks.</summary>
    public static string HashOf(AuditEntry entry)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            "agora-audit/v1", entry.Sequence, entry.At.UtcTicks, entry.Action, entry.ActorId, entry.OrganisationId?.ToString("D"),
            entry.SubjectType, entry.SubjectId, entry.Details, entry.PreviousHash,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The bytes a checkpoint signature covers.</summary>
    public static byte[] CheckpointBytes(long sequence, string hash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"agora-audit-checkpoint/v1\n{sequence}\n{hash}\n{at.UtcTicks}"));

    /// <summary>Details as canonical JSON: keys sorted, strings only.</summary>
    public static string CanonicalDetails(IReadOnlyDictionary<string, string?>? details) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string?>(
            (details ?? new Dictionary<string, string?>()).ToDictionary(d => d.Key, d => d.Value), StringComparer.Ordinal));
}
