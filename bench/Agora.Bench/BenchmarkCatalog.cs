namespace Agora.Bench;

internal static class BenchmarkCatalog
{
    /// <summary>Benchmark name → entry point. Add one line per benchmark.</summary>
    public static IReadOnlyDictionary<string, Func<string[], Task<int>>> All { get; } = new Dictionary<string, Func<string[], Task<int>>>
    {
        ["peak-memory"] = PeakMemory.RunAsync,
        ["discover-join"] = Discovery.DiscoverJoinBenchmark.RunAsync,
        ["ingest"] = IngestBenchmark.RunAsync,
        ["anonymise-adult"] = Anonymisation.AnonymisationBenchmarks.AdultAsync,
        ["anonymise-scale"] = Anonymisation.AnonymisationBenchmarks.ScaleAsync,
        ["pseudonymise-hmac"] = PseudonymisationBenchmarks.HmacVersusSha256Async,
        ["detect-throughput"] = PseudonymisationBenchmarks.DetectionThroughputAsync,
        ["dp-query"] = DpQueryBenchmark.RunAsync,
        ["human-check"] = HumanCheckBenchmark.RunAsync,
        ["profile-file"] = Profiling.ProfileFileBenchmark.RunAsync,
        ["discover-index-large"] = Discovery.DiscoverIndexLargeBenchmark.RunAsync,
    };
}
