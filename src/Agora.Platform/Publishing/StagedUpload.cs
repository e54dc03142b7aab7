namespace Agora.Platform.Publishing;

/// <summary>A file received from a steward and inspected, waiting for the steward to confirm its schema.
/// The bytes stay in the data folder's staging area; nothing is a version until ingestion finishes.</summary>
public sealed class StagedUpload
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string UserId { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The dataset the upload becomes a new version of; null for a new dataset.</summary>
    public Guid? DatasetId { get; set; }

    public required string FileName { get; set; }

    /// <summary>Relative to the data folder.</summary>
    public required string StagedPath { get; set; }

    public long ByteSize { get; set; }

    /// <summary>The data plane's inspection (format, delimiter, encoding, columns, samples) as JSON.</summary>
    public required string Inspection { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
