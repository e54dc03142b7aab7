namespace Agora.Platform.Catalog;

/// <summary>One recorded change to a dataset: who, when, what. Never holds data values.</summary>
public sealed class DatasetChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DatasetId { get; set; }

    public DatasetChangeKind Kind { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Which fields changed, or the reviewer's comment.</summary>
    public string? Detail { get; set; }
}

public enum DatasetChangeKind
{
    Created = 0,
    MetadataEdited = 1,
    VersionAdded = 2,
    SubmittedForReview = 3,
    Approved = 4,
    Rejected = 5,
    Withdrawn = 6,
}
