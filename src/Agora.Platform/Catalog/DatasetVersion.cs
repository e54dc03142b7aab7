namespace Agora.Platform.Catalog;

/// <summary>One immutable upload of a dataset, stored as encrypted Parquet in the data folder.</summary>
public sealed class DatasetVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DatasetId { get; set; }

    public Dataset Dataset { get; set; } = null!;

    /// <summary>1, 2, 3… within the dataset.</summary>
    public int Number { get; set; }

    /// <summary>Hex SHA-256 that names the stored content.</summary>
    public required string ContentHash { get; set; }

    /// <summary>Where the data plane keeps it, relative to the data folder.</summary>
    public required string StoragePath { get; set; }

    /// <summary>The version's data key, wrapped by the platform master key.</summary>
    public required string WrappedKey { get; set; }

    public long RowCount { get; set; }

    public long ByteSize { get; set; }

    /// <summary>csv, tsv, jsonl or parquet: what was uploaded.</summary>
    public required string SourceFormat { get; set; }

    public required string SourceFileName { get; set; }

    public List<VersionColumn> Columns { get; set; } = [];

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>For protected (pseudonymised, anonymised) versions: the version it was derived from.</summary>
    public Guid? DerivedFromId { get; set; }

    /// <summary>For derived versions: what was done, as JSON (method and parameters, never key material).</summary>
    public string? Derivation { get; set; }
}

/// <summary>A column of a stored version.</summary>
public sealed record VersionColumn(string Name, string Type, bool Nullable);
