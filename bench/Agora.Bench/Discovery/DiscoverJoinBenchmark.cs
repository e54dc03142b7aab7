using System.Diagnostics;
using System.Globalization;
using Agora.Data.Discovery;

namespace Agora.Bench.Discovery;

/// <summary>discover-join: top-10 joinable search over N column sketches (default 100,000), median latency, plus the
/// time to sketch the columns and to build the index. Columns are windows of one shuffled universe of keys with sizes
/// log-uniform between 10 and 2,000 values, so containments spread over [0, 1] as in a real lake.</summary>
internal static class DiscoverJoinBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var columns = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var queries = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var random = new Random(6);
        var universe = Enumerable.Range(0, 2_000_000).Select(i => "key-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        random.Shuffle(universe);
        var windows = new (int Start, int Size)[columns];
        for (var i = 0; i < columns; i++)
        {
            var size = (int)Math.Round(Math.Exp(Math.Log(10) + (random.NextDouble() * (Math.Log(2000) - Math.Log(10)))));
            windows[i] = (random.Next(0, universe.Length - size), size);
        }

        var sketching = Stopwatch.StartNew();
        var tables = new TableSketch[columns];
        Parallel.For(0, columns, i =>
        {
            var (sketch, _) = ValueSketches.OfColumn("key", new ArraySegment<string>(universe, windows[i].Start, windows[i].Size));
            tables[i] = ValueSketches.TableOf("t" + i.ToString(CultureInfo.InvariantCulture), [sketch!]);
        });
        sketching.Stop();

        var building = Stopwatch.StartNew();
        var index = new DiscoveryIndex();
        foreach (var table in tables)
        {
            index.Add(table);
        }
        index.Optimise();
        building.Stop();

        var latencies = new List<double>();
        var found = 0;
        for (var q = 0; q < queries; q++)
        {
            var target = windows[random.Next(columns)];
            var size = Math.Max(20, (int)(target.Size * (0.3 + random.NextDouble())));
            var start = Math.Clamp(target.Start + random.Next(-size / 2, (size / 2) + 1), 0, universe.Length - size);
            var (sketch, hashes) = ValueSketches.OfColumn("q", new ArraySegment<string>(universe, start, size));
            var query = new QueryTable(ValueSketches.TableOf("query", [sketch!]), new Dictionary<string, HashSet<ulong>> { ["q"] = hashes }, hashes);
            var watch = Stopwatch.StartNew();
            var results = index.Joinable(query, "q", 10);
            watch.Stop();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            found += results.Count;
        }
        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(p * latencies.Count))];
        Console.WriteLine("| columns | sketch time | index build | queries | median top-10 latency | p95 | mean results |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {columns:N0} | {sketching.Elapsed.TotalSeconds:F1} s | {building.Elapsed.TotalSeconds:F1} s | {queries} | {Percentile(0.5):F1} ms | {Percentile(0.95):F1} ms | {found / (double)queries:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"partitions: {index.Partitions}; reference: LSH Ensemble 508 ms, JOSIE 506 ms at 1M columns (DeepJoin paper, Table 16); goal <= 50 ms at 100,000."));
        return Task.FromResult(0);
    }
}
