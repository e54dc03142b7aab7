namespace Agora.Platform.Jobs;

/// <summary>Long work (ingestion, profiling, anonymisation, heavy queries) runs as a job claimed by a worker.</summary>
public sealed class Job
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The handler's name, for example "ingest".</summary>
    public required string Kind { get; set; }

    public Guid? OrganisationId { get; set; }

    public required string RequestedById { get; set; }

    /// <summary>The handler's input as JSON.</summary>
    public required string Payload { get; set; }

    public JobState State { get; set; }

    /// <summary>0 to 1.</summary>
    public double Progress { get; set; }

    /// <summary>A short human message: the current step, or what went wrong.</summary>
    public string? Message { get; set; }

    /// <summary>The handler's result as JSON.</summary>
    public string? Result { get; set; }

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

public enum JobState
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
}
