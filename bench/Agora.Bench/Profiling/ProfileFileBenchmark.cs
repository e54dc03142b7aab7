using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Agora.Data.Files;
using Agora.Data.Profiling;

namespace Agora.Bench.Profiling;

/// <summary><c>profile-file</c>: the engine of <c>agora profile</c> on ARX's adult.csv and on a generated mixed-type CSV
/// (default 1,000,000 rows), two ways side by side in one run: the file read once into a DuckDB table
/// (<see cref="TabularFile.OpenForRepeatedScans"/>, what the command does) against a view that parses the file again
/// for each of the profile's queries (what it did before). Both must give the same profile (up to the last digits of parallel sums and the error of approximate quantiles),
/// or the run fails.</summary>
internal static class ProfileFileBenchmark
{
    private static readonly TimeProvider Clock = new FixedClock();

    public static Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var folder = Path.Combine(Path.GetTempPath(), "agora-bench-profile");
        Directory.CreateDirectory(folder);
        var mixed = Path.Combine(folder, $"mixed-{rows}.csv");
        if (!File.Exists(mixed))
        {
            IngestBenchmark.Generate(mixed, rows);
        }
        Console.WriteLine("| file | rows × columns | size | view, a parse per query (best / first) | copied once (best / first) | ratio (best) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var file in new[] { Path.Combine(Anonymisation.AnonymisationBenchmarks.ArxFolder(), "adult.csv"), mixed })
        {
            var viewTimes = new List<double>();
            var copyTimes = new List<double>();
            string? viewJson = null, copyJson = null;
            TableProfile? profile = null;
            for (var round = 0; round < rounds; round++)
            {
                // Alternate the order so neither side always runs with the file freshly in the page cache.
                foreach (var copy in round % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    var watch = Stopwatch.StartNew();
                    using (var connection = copy
                        ? TabularFile.OpenForRepeatedScans(file, allText: false)
                        : TabularFile.OpenAsView(file, allText: false))
                    {
                        profile = TableProfiler.Profile(connection, "input", Path.GetFileName(file), null, Clock);
                    }
                    watch.Stop();
                    (copy ? copyTimes : viewTimes).Add(watch.Elapsed.TotalSeconds);
                    var json = ProfileJson.Serialize(profile);
                    if (copy)
                    {
                        copyJson = json;
                    }
                    else
                    {
                        viewJson = json;
                    }
                }
            }
            if (Difference(JsonNode.Parse(viewJson!), JsonNode.Parse(copyJson!), "", null) is { } difference)
            {
                Console.Error.WriteLine(difference);
                File.WriteAllText(Path.Combine(folder, "view.json"), viewJson);
                File.WriteAllText(Path.Combine(folder, "copy.json"), copyJson);
                Console.Error.WriteLine($"{Path.GetFileName(file)}: the two ways gave different profiles (view.json, copy.json in {folder})");
                return Task.FromResult(1);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileName(file)} | {profile!.Rows:N0} × {profile.Columns.Count} | {new FileInfo(file).Length / 1048576.0:F1} MiB | " +
                $"{viewTimes.Min():F2} / {viewTimes[0]:F2} s | {copyTimes.Min():F2} / {copyTimes[0]:F2} s | {viewTimes.Min() / copyTimes.Min():F1}× |"));
        }
        return Task.FromResult(0);
    }

    // DuckDB aggregates in parallel, so sums (mean, standard deviation) may differ in the last digits and the
    // approximate quantiles (t-digest) by a little, from run to run, whichever way the file is read. Everything else must be
    // equal.
    private static string? Difference(JsonNode? a, JsonNode? b, string path, double? range)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                if (x.Count != y.Count)
                {
                    return $"{path}: {x.Count} against {y.Count} fields";
                }
                if (x["min"] is JsonValue lo && x["max"] is JsonValue hi && lo.TryGetValue(out string? low) && hi.TryGetValue(out string? high)
                    && double.TryParse(low, CultureInfo.InvariantCulture, out var l) && double.TryParse(high, CultureInfo.InvariantCulture, out var h))
                {
                    range = h - l;
                }
                foreach (var (name, value) in x)
                {
                    if (Difference(value, y[name], $"{path}/{name}", name == "quantiles" ? range ?? 0 : range) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count)
                {
                    return $"{path}: {x.Count} against {y.Count} items";
                }
                return x.Select((item, i) => Difference(item, y[i], $"{path}[{i}]", range)).FirstOrDefault(found => found is not null);
            case (JsonValue x, JsonValue y) when x.TryGetValue(out double u) && y.TryGetValue(out double v):
                var tolerance = path.Contains("/quantiles/", StringComparison.Ordinal) ? 0.02 * (range ?? 0) : 1e-9 * Math.Max(Math.Abs(u), Math.Abs(v));
                return Math.Abs(u - v) <= tolerance ? null : $"{path}: {u} against {v}";
            default:
                return JsonNode.DeepEquals(a, b) ? null : $"{path}: {a?.ToJsonString()} against {b?.ToJsonString()}";
        }
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    }
}
