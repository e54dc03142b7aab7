using System.Globalization;
using Agora.Data.Discovery;

namespace Agora.Data.Tests.Discovery;

/// <summary>The UGEN benchmark files (shared/external/discovery, next to the repository) indexed once per version.</summary>
public static class UgenBenchmark
{
    public static string Root() => Path.Combine(Agora.Testing.RepositoryRoot.Shared, "external", "discovery");

    /// <summary>The index, the query tables, and the unionable pairs by query: <c>Truth</c> from the benchmark's
    /// <c>groundtruth.csv</c> (the figure), <c>ManualTruth</c> from the authors' manual re-check
    /// (<c>groundtruth_manual_validation.csv</c>, label 1 or 2 = unionable, as the authors' own evaluation reads it).</summary>
    public sealed record Loaded(
        DiscoveryIndex Index,
        IReadOnlyDictionary<string, QueryTable> Queries,
        IReadOnlyDictionary<string, HashSet<string>> Truth,
        IReadOnlyDictionary<string, HashSet<string>> ManualTruth,
        int Skipped);

    public static Loaded Load(string version)
    {
        var folder = Path.Combine(Root(), version);
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var index = new DiscoveryIndex();
        var skipped = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "datalake"), "*.csv").Order(StringComparer.Ordinal))
        {
            try
            {
                index.Add(TableSketcher.SketchFile(connection, file).Query.Sketch);
            }
            catch (Agora.Data.Files.TabularFileException)
            {
                skipped++;
            }
        }
        index.Optimise();
        var queries = new Dictionary<string, QueryTable>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "query"), "*.csv"))
        {
            queries[Path.GetFileName(file)] = TableSketcher.SketchFile(connection, file).Query;
        }
        var truth = ReadTruth(Path.Combine(folder, "groundtruth.csv"), label => label == "1");
        var manual = ReadTruth(Path.Combine(folder, "groundtruth_manual_validation.csv"), label => label is "1" or "2");
        return new Loaded(index, queries, truth, manual, skipped);
    }

    private static Dictionary<string, HashSet<string>> ReadTruth(string file, Func<string, bool> unionable)
    {
        // query_table,data_lake_table,label[,…]: table names hold spaces but no commas; the manual file ends with an
        // empty row.
        var truth = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length < 3 || !unionable(parts[2].Trim()))
            {
                continue;
            }
            if (!truth.TryGetValue(parts[0], out var set))
            {
                truth[parts[0]] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(parts[1]);
        }
        return truth;
    }

    public static (double PrecisionAt10, double MapAt10) Evaluate(Loaded loaded, Agora.Data.Discovery.Union.UnionWeights? weights = null, bool manual = false)
    {
        var labels = manual ? loaded.ManualTruth : loaded.Truth;
        double precision = 0, map = 0;
        foreach (var (name, query) in loaded.Queries)
        {
            var truth = labels.GetValueOrDefault(name) ?? [];
            var results = loaded.Index.Unionable(query, 10, weights);
            var hits = 0;
            double averagePrecision = 0;
            for (var i = 0; i < results.Count; i++)
            {
                if (truth.Contains(results[i].Table))
                {
                    hits++;
                    averagePrecision += hits / (double)(i + 1);
                }
            }
            precision += hits / 10.0;
            map += hits == 0 ? 0 : averagePrecision / Math.Min(10, truth.Count);
        }
        return (precision / loaded.Queries.Count, map / loaded.Queries.Count);
    }

    public static string Describe(string version, (double P, double Map) score, int skipped) =>
        string.Create(CultureInfo.InvariantCulture, $"{version}: P@10 {score.P:F3}, MAP@10 {score.Map:F3}, {skipped} files skipped");
}
