using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Bench;

/// <summary>
/// <c>ingest</c>: a generated mixed-type CSV (default 10 million rows) ingested by <c>agora ingest</c> (validation, explicit
/// types, zstd, Parquet modular encryption, hashing, fsync, atomic rename) side by side with DuckDB's own
/// <c>COPY (SELECT * FROM read_csv('file.csv')) TO 'file.parquet'</c> on the same file. Both run as child processes so wall
/// time and peak RSS are measured the same way.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 3 && args[0] == "--duckdb-copy")
        {
            return DuckDbCopy(args[1], args[2]);
        }
        var rows = 10_000_000L;
        var rounds = 1;
        var folder = Path.Combine(Path.GetTempPath(), "agora-bench-ingest");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rows": rows = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--folder": folder = args[i + 1]; break;
                default:
                    Console.Error.WriteLine("usage: ingest [--rows N] [--rounds N] [--folder DIR]");
                    return 2;
            }
        }
        Directory.CreateDirectory(folder);
        var csv = Path.Combine(folder, $"mixed-{rows}.csv");
        if (!File.Exists(csv))
        {
            var generation = Stopwatch.StartNew();
            Generate(csv, rows);
            Console.Error.WriteLine($"generated {csv} ({new FileInfo(csv).Length / 1048576.0:F0} MiB) in {generation.Elapsed.TotalSeconds:F1} s");
        }
        var bin = AppContext.BaseDirectory;
        var duckTimes = new List<PeakMemory.Measurement>();
        var agoraTimes = new List<PeakMemory.Measurement>();
        long agoraRows = 0;
        for (var round = 0; round < rounds; round++)
        {
            var parquet = Path.Combine(folder, "duckdb.parquet");
            File.Delete(parquet);
            var duck = await PeakMemory.MeasureAsync("dotnet", [Path.Combine(bin, "Agora.Bench.dll"), "ingest", "--duckdb-copy", csv, parquet]);
            Check(duck, "DuckDB COPY");
            duckTimes.Add(duck);

            var dataDir = Path.Combine(folder, "agora-data");
            if (Directory.Exists(Path.Combine(dataDir, "store")))
            {
                Directory.Delete(Path.Combine(dataDir, "store"), recursive: true);
            }
            var agora = await PeakMemory.MeasureAsync("dotnet", [Path.Combine(bin, "agora.dll"), "ingest", csv, "--data-dir", dataDir]);
            Check(agora, "agora ingest");
            agoraTimes.Add(agora);
            using var json = JsonDocument.Parse(agora.StandardOutput);
            agoraRows = json.RootElement.GetProperty("rowCount").GetInt64();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: DuckDB {duck.Elapsed.TotalSeconds:F2} s, Agora {agora.Elapsed.TotalSeconds:F2} s"));
        }
        if (agoraRows != rows)
        {
            Console.Error.WriteLine($"Agora stored {agoraRows} rows, expected {rows}");
            return 1;
        }
        var bestDuck = duckTimes.MinBy(m => m.Elapsed)!;
        var bestAgora = agoraTimes.MinBy(m => m.Elapsed)!;
        var storedBytes = Directory.GetFiles(Path.Combine(folder, "agora-data", "store", "versions"), "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"## ingest: {rows:N0} rows, {new FileInfo(csv).Length / 1048576.0:F0} MiB CSV (best of {rounds})"));
        Console.WriteLine();
        Console.WriteLine("| step | wall time | peak RSS | output |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(invariant,
            $"| DuckDB `COPY (SELECT * FROM read_csv(…)) TO '….parquet'` (snappy, plain) | {bestDuck.Elapsed.TotalSeconds:F2} s | {bestDuck.PeakBytes / 1048576.0:F0} MiB | {new FileInfo(Path.Combine(folder, "duckdb.parquet")).Length / 1048576.0:F0} MiB |"));
        Console.WriteLine(string.Create(invariant,
            $"| `agora ingest` (validate, zstd, encrypted, hashed, fsync, atomic) | {bestAgora.Elapsed.TotalSeconds:F2} s | {bestAgora.PeakBytes / 1048576.0:F0} MiB | {storedBytes / 1048576.0:F0} MiB |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(invariant, $"ratio Agora / DuckDB: {bestAgora.Elapsed.TotalSeconds / bestDuck.Elapsed.TotalSeconds:F2}× (goal ≤ 1.2×)"));
        return 0;
    }

    private static void Check(PeakMemory.Measurement measurement, string what)
    {
        if (measurement.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({measurement.ExitCode}): {measurement.StandardError}");
        }
    }

    private static int DuckDbCopy(string csv, string parquet)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT * FROM read_csv({DuckDbSql.Literal(csv)})) TO {DuckDbSql.Literal(parquet)}";
        command.ExecuteNonQuery();
        return 0;
    }

    /// <summary>Synthetic rows: integers, decimals (some empty), dates, timestamps, text (some empty), booleans.</summary>
    internal static void Generate(string path, long rows)
    {
        var random = new Random(20261126);
        string[] cities = ["Luxembourg", "Esch-sur-Alzette", "Differdange", "Dudelange", "Ettelbruck", "Diekirch", "Wiltz", "Echternach"];
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write("id,customer,amount,quantity,day,ts,city,note,active\n");
            Span<char> buffer = stackalloc char[256];
            for (long i = 0; i < rows; i++)
            {
                var moment = start.AddSeconds(random.Next(0, 5 * 365 * 86400));
                var amount = i % 17 == 0 ? "" : (random.Next(0, 1_000_000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture);
                var note = i % 5 == 0 ? "" : "note " + random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture);
                var ok = buffer.TryWrite(CultureInfo.InvariantCulture,
                    $"{i},C{random.Next(0, 10_000_000):D7},{amount},{random.Next(0, 100)},{moment:yyyy-MM-dd},{moment:yyyy-MM-dd HH:mm:ss},{cities[random.Next(cities.Length)]},{note},{(i % 3 == 0 ? "false" : "true")}\n",
                    out var written);
                Debug.Assert(ok);
                writer.Write(buffer[..written]);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }
}
