using System.ComponentModel.DataAnnotations;

namespace Agora.Data.Ingestion;

/// <summary>Limits and sample sizes for inspection and ingestion (configuration section <c>Agora:Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    /// <summary>The largest file accepted, in bytes (default 10 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>How many rows type inference looks at (DuckDB's sniffer sample; default 20,480).</summary>
    [Range(100, 10_000_000)]
    public int InferenceRows { get; init; } = 20_480;

    /// <summary>How many rows an inspection returns as a sample for the steward (default 20).</summary>
    [Range(0, 1000)]
    public int SampleRows { get; init; } = 20;

    /// <summary>The defaults.</summary>
    public static IngestionOptions Default { get; } = new();
}
