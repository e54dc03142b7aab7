using System.ComponentModel.DataAnnotations;

namespace Agora.Platform.Metadata;

/// <summary>Configuration section <c>Agora:Metadata</c>.</summary>
public sealed class MetadataOptions : IValidatableObject
{
    public const string Section = "Agora:Metadata";

    public MetadataProvider Provider { get; set; } = MetadataProvider.Sqlite;

    /// <summary>Required for PostgreSQL. For SQLite, defaults to <c>metadata.db</c> in the data folder.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == MetadataProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Agora:Metadata:ConnectionString is required when Agora:Metadata:Provider is Postgres.", [nameof(ConnectionString)]);
        }
    }
}

public enum MetadataProvider
{
    Sqlite = 0,
    Postgres = 1,
}
