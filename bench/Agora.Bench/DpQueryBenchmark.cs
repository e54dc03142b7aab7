using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Agora.Data.Querying;
using Agora.Privacy.DifferentialPrivacy;
using DuckDB.NET.Data;

namespace Agora.Bench;

/// <summary>
/// dp-query: a differentially private aggregate query over a generated Parquet file (10M rows by default) against the same
/// plain query in DuckDB, side by side in one run (goal: at most 1.3× the plain time); then the empirical error of DP counts
/// and means against the theoretical figures of references/dp.md §6.
/// Usage: dp-query [--rows N] [--runs R] [--folder DIR]
/// </summary>
internal static class DpQueryBenchmark
{
    private const string PlainSql = "SELECT region, COUNT(*), AVG(income) FROM t GROUP BY region";
    private const string DpSql = "SELECT region, COUNT(*), AVG(income) FROM people GROUP BY region";
    private static readonly string[] Regions = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 10_000_000L);
        var runs = (int)Option(args, "--runs", 3L);
        var folder = OptionText(args, "--folder") ?? Directory.CreateTempSubdirectory("agora-bench-dp-").FullName;
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"people-{rows}.parquet"));
        if (!File.Exists(path))
        {
            var generate = Stopwatch.StartNew();
            Generate(path, rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {rows:N0} rows in {generate.Elapsed.TotalSeconds:F1} s: {path}"));
        }

        var rowUnit = Relation(path, unitColumn: null);
        var idUnit = Relation(path, unitColumn: "id");
        var plain = new List<double>();
        var dpRows = new List<double>();
        var dpUnits = new List<double>();
        // Warm the page cache and DuckDB once, then alternate so load on the shared machine hits all three alike.
        await PlainAsync(path);
        for (var run = 0; run < runs; run++)
        {
            plain.Add(await PlainAsync(path));
            dpRows.Add(await DpAsync(rowUnit, run));
            dpUnits.Add(await DpAsync(idUnit, run));
        }
        var plainMedian = Median(plain);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## dp-query: {rows:N0} rows, {runs} runs, median wall time"));
        Console.WriteLine();
        Console.WriteLine("| query | median ms | × plain DuckDB |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| plain DuckDB `{PlainSql}` | {plainMedian:F0} | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| Agora DP, one row per unit (check + sandbox + clamp + noise) | {Median(dpRows):F0} | {Median(dpRows) / plainMedian:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| Agora DP, privacy unit column `id` (per-unit bounding) | {Median(dpUnits):F0} | {Median(dpUnits) / plainMedian:F2} |"));

        Console.WriteLine();
        Console.WriteLine("## Empirical error against references/dp.md §6 (ε = 1, Δ = 1)");
        Console.WriteLine();
        Console.WriteLine("| release | draws | empirical E\\|err\\| | dp.md §6 | 95 % interval held |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        CountError();
        foreach (var n in new[] { 100, 1_000, 10_000 })
        {
            MeanError(n);
        }
        await EndToEndCountErrorAsync(rowUnit, rows);
        return 0;
    }

    private static void Generate(string path, long rows)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            COPY (SELECT range AS id, 'r' || (hash(range) % 8)::INTEGER AS region, 18 + (hash(range * 3) % 70)::INTEGER AS age,
                         (hash(range * 7) % 100000)::DOUBLE AS income
                  FROM range({rows})) TO '{path}' (FORMAT parquet)
            """);
        command.ExecuteNonQuery();
    }

    private static GrantedRelation Relation(string path, string? unitColumn) => new("people", path, "bench-v1")
    {
        Privacy = new RelationPrivacy
        {
            PrivacyUnitColumn = unitColumn,
            Bounds = new Dictionary<string, ValueBounds>(StringComparer.OrdinalIgnoreCase) { ["income"] = new(0, 100_000) },
            PublicKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["region"] = Regions },
        },
    };

    private static async Task<double> PlainAsync(string path)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')";
        await command.ExecuteNonQueryAsync();
        command.CommandText = PlainSql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> DpAsync(GrantedRelation relation, int run)
    {
        var stopwatch = Stopwatch.StartNew();
        // A fresh engine each run, so no cached answer is reused.
        var engine = new ControlledQueryEngine(limits: new SandboxLimits(MemoryLimit: "4GB", Timeout: TimeSpan.FromMinutes(5)));
        var prepared = engine.Prepare(new QueryRequest(DpSql, [relation], new DifferentialPrivacyProtection(PrivacyCost.Pure(1.0)))
        {
            CacheScope = run.ToString(CultureInfo.InvariantCulture),
        });
        var budget = new InMemoryPrivacyBudgetGate(new PrivacyBudgetLedger(PrivacyCost.Pure(10)));
        var result = await engine.RunAsync(prepared, budget);
        if (result.Rows.Count != Regions.Length)
        {
            throw new InvalidOperationException("unexpected result");
        }
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    // dp.md §6: discrete Laplace count at ε = 1 has E|err| = 2α/(1−α²) = 0.85.
    private static void CountError()
    {
        const int draws = 20_000;
        var plan = DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.CountRows)], new ContributionBounds(), new GroupKeyRelease(true),
            PrivacyCost.Pure(1.0));
        double total = 0;
        var held = 0;
        for (var i = 0; i < draws; i++)
        {
            var value = plan.Release(new DpGroupStatistics(1000, 1000, [new DpAggregateStatistics(1000, 0)]))[0];
            total += Math.Abs(value.Value - 1000);
            held += value.Accuracy.Lower <= 1000 && 1000 <= value.Accuracy.Upper ? 1 : 0;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| count, discrete Laplace | {draws:N0} | {total / draws:F3} | 0.85 | {100.0 * held / draws:F1} % |"));
    }

    // dp.md §6: bounded mean on [0, 100], true mean 40, ε split 0.5/0.5, midpoint-centred: E|err| 1.04 / 0.10 / 0.010.
    private static void MeanError(int n)
    {
        var draws = 20_000;
        var bounds = new ValueBounds(0, 100);
        var plan = DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.Mean, "x", bounds)], new ContributionBounds(), new GroupKeyRelease(true),
            PrivacyCost.Pure(1.0));
        var centred = new BigInteger(bounds.Quantise(40)) * n;
        double total = 0;
        var held = 0;
        for (var i = 0; i < draws; i++)
        {
            var value = plan.Release(new DpGroupStatistics(n, n, [new DpAggregateStatistics(n, centred)]))[0];
            total += Math.Abs(value.Value - 40);
            held += value.Accuracy.Lower <= 40 && 40 <= value.Accuracy.Upper ? 1 : 0;
        }
        var reference = n switch { 100 => "1.04", 1_000 => "0.10", _ => "0.010" };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| mean on [0, 100], true 40, n = {n:N0} | {draws:N0} | {total / draws:F3} | {reference} | {100.0 * held / draws:F1} % |"));
    }

    private static async Task EndToEndCountErrorAsync(GrantedRelation relation, long rows)
    {
        var engine = new ControlledQueryEngine(limits: new SandboxLimits(MemoryLimit: "4GB", Timeout: TimeSpan.FromMinutes(5)));
        var prepared = engine.Prepare(new QueryRequest("SELECT COUNT(*) FROM people", [relation], new DifferentialPrivacyProtection(PrivacyCost.Pure(1.0))));
        var result = await engine.RunAsync(prepared, new InMemoryPrivacyBudgetGate(new PrivacyBudgetLedger(PrivacyCost.Pure(1))));
        var cell = result.Rows[0][0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| end to end: COUNT(*) over the Parquet file | 1 | {Math.Abs((double)cell.Value! - rows):F0} | 0.85 (mean) | {(cell.Accuracy!.Lower <= rows && rows <= cell.Accuracy.Upper ? "yes" : "no")} |"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static long Option(string[] args, string name, long fallback)
    {
        var text = OptionText(args, name);
        return text is null ? fallback : long.Parse(text, CultureInfo.InvariantCulture);
    }

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
