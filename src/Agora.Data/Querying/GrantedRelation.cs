using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Querying;

/// <summary>
/// A Parquet file a consumer may query under a name. Only granted relations are visible in the sandbox.
/// </summary>
/// <param name="Name">The relation name used in SQL.</param>
/// <param name="ParquetPath">The file.</param>
/// <param name="VersionId">Identifies the exact content (a content hash or version id); part of the answer-cache key.</param>
public sealed record GrantedRelation(string Name, string ParquetPath, string VersionId)
{
    /// <summary>The AES key (16, 24 or 32 bytes) when the file is encrypted Parquet; passed to DuckDB with
    /// <c>PRAGMA add_parquet_key</c> before the sandbox is locked, never shown to the query.</summary>
    public byte[]? EncryptionKey { get; init; }

    /// <summary>Public privacy metadata declared by the provider (needed for differential privacy and unit counts).</summary>
    public RelationPrivacy Privacy { get; init; } = new();
}

/// <summary>The provider's public privacy metadata for a relation.</summary>
public sealed record RelationPrivacy
{
    /// <summary>The column that identifies a privacy unit (person, company). Null: every row is a different unit.</summary>
    public string? PrivacyUnitColumn { get; init; }

    /// <summary>How much one unit may contribute to a DP query.</summary>
    public ContributionBounds Contribution { get; init; } = new();

    /// <summary>Public clamping bounds per numeric column (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, ValueBounds> Bounds { get; init; } = new Dictionary<string, ValueBounds>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Public key lists per column: grouping on such columns releases every listed key, no partition selection.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PublicKeys { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
}
