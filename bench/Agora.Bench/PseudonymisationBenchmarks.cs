using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Agora.Data.Files;
using Agora.Data.Pseudonymisation;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;
using DuckDB.NET.Data;

#pragma warning disable DuckDBNET001 // the passthrough function is a scalar function, like the ones it is compared with

namespace Agora.Bench;

/// <summary>Pseudonymisation and detection benchmarks (bench/README.md, "Pseudonymisation").</summary>
internal static class PseudonymisationBenchmarks
{
    /// <summary><c>pseudonymise-hmac [--rows N] [--rounds R] [--folder DIR]</c>: HMAC pseudonyms of one string column with
    /// <c>agora_hmac</c> side by side with DuckDB's built-in <c>sha256()</c> over the same column, same COPY, same run; also
    /// the same HMAC through <see cref="IncrementalHash"/> and a passthrough function.</summary>
    public static Task<int> HmacVersusSha256Async(string[] args)
    {
        var rows = Option(args, "--rows", 10_000_000);
        var rounds = Option(args, "--rounds", 2);
        var folder = Folder(args);
        var input = Path.Combine(folder, $"pseudo-emails-{rows}.parquet");
        Generate(input, $"SELECT 'person.' || i || '.' || (i * 7919 % 100003) || '@example.lu' AS email FROM range({rows}) t(i)");
        using var ring = KeyRing.Parse(KeyRing.GenerateText());
        using var keys = DomainKeyChain.FromKeyRing(ring, "bench");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var functions = PseudonymisationFunctions.Register(connection, keys);
        // The cost of crossing into .NET and back alone (no hashing), to show where the time goes.
        connection.RegisterScalarFunction<string, string>("bench_passthrough", (readers, writer, count) =>
        {
            var reader = readers[0];
            for (ulong row = 0; row < count; row++)
            {
                writer.WriteValue(reader.GetValue<string>(row), row);
            }
        });
        // The same HMAC-SHA-256 through .NET's IncrementalHash (what agora_hmac used before it called OpenSSL directly),
        // so that the gain of the direct path shows in the same run.
        var portableKey = RandomNumberGenerator.GetBytes(32);
        using var portable = new ThreadLocal<HmacSha256>(() => HmacSha256.CreatePortable(portableKey), trackAllValues: true);
        connection.RegisterScalarFunction<string, string>("bench_hmac_incremental", (readers, writer, count) =>
        {
            var reader = readers[0];
            var state = portable.Value!;
            Span<char> hex = stackalloc char[KeyedPseudonymiser.PseudonymLength];
            for (ulong row = 0; row < count; row++)
            {
                KeyedPseudonymiser.WriteHex(state, reader.GetValue<string>(row), hex);
                writer.WriteValue(new string(hex), row);
            }
        });
        var source = $"read_parquet({DuckDbSql.Literal(input)})";
        var output = Path.Combine(folder, "pseudo-bench-out.parquet");
        var sha = new List<double>();
        var hmac = new List<double>();
        var passthrough = new List<double>();
        var incremental = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Alternate the order so that neither side always runs on a warm cache.
            foreach (var name in round % 2 == 0 ? new[] { "sha256", "hmac", "passthrough", "incremental" } : ["incremental", "passthrough", "hmac", "sha256"])
            {
                var expression = name switch
                {
                    "sha256" => "sha256(email)",
                    "hmac" => "agora_hmac(email)",
                    "incremental" => "bench_hmac_incremental(email)",
                    _ => "bench_passthrough(email)",
                };
                var elapsed = Time(connection, $"COPY (SELECT {expression} AS email FROM {source}) TO {DuckDbSql.Literal(output)} (FORMAT parquet)");
                (name switch { "sha256" => sha, "hmac" => hmac, "incremental" => incremental, _ => passthrough }).Add(elapsed);
            }
        }
        File.Delete(output);
        foreach (var state in portable.Values)
        {
            state.Dispose();
        }
        var bestSha = sha.Min();
        var bestHmac = hmac.Min();
        var bestIncremental = incremental.Min();
        Console.WriteLine($"| rows | DuckDB sha256() | agora_hmac (HMAC-SHA-256, keyed) | ratio | same HMAC via IncrementalHash | ratio | .NET passthrough (no hashing) | peak RSS |");
        Console.WriteLine($"|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {rows:N0} | {bestSha:F2} s | {bestHmac:F2} s | {bestHmac / bestSha:F2}× | {bestIncremental:F2} s | {bestIncremental / bestSha:F2}× | {passthrough.Min():F2} s | {PeakRssMiB():F0} MiB |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all rounds: sha256 {Seconds(sha)} s; hmac {Seconds(hmac)} s; incremental {Seconds(incremental)} s; passthrough {Seconds(passthrough)} s"));
        return Task.FromResult(0);
    }

    /// <summary><c>detect-throughput [--rows N] [--folder DIR]</c>: PII detection over every row of a 6-column file, and
    /// over the default sample.</summary>
    public static Task<int> DetectionThroughputAsync(string[] args)
    {
        var rows = Option(args, "--rows", 10_000_000);
        var folder = Folder(args);
        var input = Path.Combine(folder, $"pseudo-people-{rows}.parquet");
        Generate(input, "SELECT 'person.' || i || '@example.lu' AS courriel, '+352 621 ' || lpad(CAST(i % 1000000 AS VARCHAR), 6, '0') AS telephone, "
            + "strftime(DATE '1940-01-01' + CAST(i % 25000 AS INTEGER), '%Y-%m-%d') AS geburtsdatum, "
            + "'L-' || CAST(1000 + i % 9000 AS VARCHAR) AS postcode, 'SKU-' || CAST(i % 99991 AS VARCHAR) AS product_code, "
            + $"CAST(i % 1000 AS VARCHAR) || '.50' AS amount FROM range({rows}) t(i)");
        using var connection = TabularFile.OpenAsView(input);
        var stopwatch = Stopwatch.StartNew();
        var full = DatasetDetection.Detect(connection, "input", sampleRows: null);
        var fullSeconds = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        var sampled = DatasetDetection.Detect(connection, "input");
        var sampleSeconds = stopwatch.Elapsed.TotalSeconds;
        var values = (double)rows * full.Count;
        Console.WriteLine("| mode | rows | columns | time | values/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| every row | {rows:N0} | {full.Count} | {fullSeconds:F2} s | {values / fullSeconds:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| sample of {DatasetDetection.DefaultSampleRows:N0} | {rows:N0} | {sampled.Count} | {sampleSeconds:F2} s | - |"));
        foreach (var finding in full)
        {
            Console.WriteLine($"  {finding.Column}: {finding.EntityName ?? "-"} ({finding.SuggestionName}, {finding.Confidence:F2})");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS {PeakRssMiB():F0} MiB"));
        return Task.FromResult(0);
    }

    private static string Seconds(IEnumerable<double> seconds) =>
        string.Join(", ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)));

    private static void Generate(string path, string select)
    {
        if (File.Exists(path))
        {
            return;
        }
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Time(connection, $"COPY ({select}) TO {DuckDbSql.Literal(path + ".tmp")} (FORMAT parquet)");
        File.Move(path + ".tmp", path);
    }

    private static double Time(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var stopwatch = Stopwatch.StartNew();
        command.ExecuteNonQuery();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static double PeakRssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        return 0;
    }

    private static string Folder(string[] args)
    {
        var index = Array.IndexOf(args, "--folder");
        var folder = index >= 0 && index + 1 < args.Length ? args[index + 1] : Path.Combine(Path.GetTempPath(), "agora-bench", "pseudonymisation");
        Directory.CreateDirectory(folder);
        return Path.GetFullPath(folder);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
