using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Agora.Bench.Anonymisation;

/// <summary>
/// Whole-process timings of <c>agora anonymise</c>: on ARX's adult benchmark (each §0 configuration of
/// references/anonymisation.md, compared with the ARX 3.9.2 figures recorded there) and on generated adult-like tables
/// of 1M and 10M rows.
/// </summary>
internal static class AnonymisationBenchmarks
{
    private static readonly string[] QuasiIdentifiers =
        ["age", "sex", "race", "marital-status", "education", "native-country", "workclass", "occupation"];

    // references/anonymisation.md §0: ARX 3.9.2, adult, 8 QIs, k=5, Loss; wall time of ARXAnonymizer.anonymize best of 5 / first call.
    private static readonly (double Suppression, string Transformation, long Suppressed, int Classes, double Score, double ArxBest, double ArxCold)[] Arx =
    [
        (0.00, "[4,0,0,2,3,2,2,1]", 0, 30, 0.59158, 0.10, 0.71),
        (0.02, "[3,0,0,1,2,1,1,2]", 552, 233, 0.30334, 0.55, 1.0),
        (0.04, "[3,0,0,0,2,1,1,2]", 1038, 327, 0.26084, 0.54, 1.3),
    ];

    /// <summary><c>anonymise-adult [--runs N]</c></summary>
    public static async Task<int> AdultAsync(string[] args)
    {
        var runs = IntOption(args, "--runs", 5);
        var arx = ArxFolder();
        var work = Directory.CreateTempSubdirectory("agora-bench-adult-").FullName;
        try
        {
            Console.WriteLine("| suppression | transformation | suppressed | classes | Loss | checked | agora whole process best / first (s) | engine best (s) | peak RSS (MiB) | ARX 3.9.2 anonymize() best / first (s), §0 |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var reference in Arx)
            {
                var timings = new List<(double Wall, double Engine, long Peak)>();
                JsonElement report = default;
                for (var run = 0; run < runs; run++)
                {
                    var output = Path.Combine(work, "out.csv");
                    var reportPath = Path.Combine(work, "report.json");
                    var arguments = new List<string>
                    {
                        "anonymise", Path.Combine(arx, "adult.csv"), "--out", output, "--qi", string.Join(",", QuasiIdentifiers),
                        "--k", "5", "--suppression", reference.Suppression.ToString(CultureInfo.InvariantCulture), "--report", reportPath,
                    };
                    foreach (var q in QuasiIdentifiers)
                    {
                        arguments.AddRange(["--hierarchy", $"{q}={Path.Combine(arx, $"adult_hierarchy_{q}.csv")}"]);
                    }
                    var measurement = await RunAgoraAsync(arguments);
                    if (measurement.ExitCode != 0)
                    {
                        Console.Error.WriteLine(measurement.StandardError);
                        return 1;
                    }
                    report = JsonDocument.Parse(File.ReadAllText(reportPath)).RootElement.Clone();
                    timings.Add((measurement.Elapsed.TotalSeconds, report.GetProperty("elapsedMs").GetDouble() / 1000, measurement.PeakBytes));
                }
                var levels = "[" + string.Join(",", QuasiIdentifiers.Select(q => report.GetProperty("transformation").GetProperty(q).GetInt32())) + "]";
                var parity = levels == reference.Transformation && report.GetProperty("suppressed").GetInt64() == reference.Suppressed
                    && report.GetProperty("classes").GetInt32() == reference.Classes
                    && Math.Abs(report.GetProperty("score").GetDouble() - reference.Score) < 5e-6;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {reference.Suppression:0%} | {levels}{(parity ? " (= ARX)" : " (≠ ARX " + reference.Transformation + ")")} | {report.GetProperty("suppressed").GetInt64()} | {report.GetProperty("classes").GetInt32()} | {report.GetProperty("score").GetDouble():0.00000} | {report.GetProperty("checked").GetInt64()} | {timings.Min(t => t.Wall):0.00} / {timings[0].Wall:0.00} | {timings.Min(t => t.Engine):0.000} | {timings.Max(t => t.Peak) / 1048576.0:0} | {reference.ArxBest:0.00} / {reference.ArxCold:0.00} |"));
            }
            Console.WriteLine();
            Console.WriteLine("ARX 3.9.2 cannot run here (not on Maven Central, no other registry reachable); its figures are the ones recorded in references/anonymisation.md §0 on the same machine class.");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary><c>anonymise-scale [--rows 1000000,10000000] [--format csv|parquet] [--keep DIR]</c></summary>
    public static async Task<int> ScaleAsync(string[] args)
    {
        var sizes = (StringOption(args, "--rows") ?? "1000000,10000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var keep = StringOption(args, "--keep");
        var work = keep ?? Directory.CreateTempSubdirectory("agora-bench-scale-").FullName;
        Directory.CreateDirectory(work);
        var arx = ArxFolder();
        try
        {
            Console.WriteLine("| rows | input | transformation | suppressed | classes | Loss | checked | whole process (s) | engine (s) | peak RSS (MiB) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var rows in sizes)
            {
                var input = Path.Combine(work, $"adult-like-{rows}.csv");
                if (!File.Exists(input))
                {
                    Generate(Path.Combine(arx, "adult.csv"), input, rows, seed: rows);
                }
                var output = Path.Combine(work, $"adult-like-{rows}.anonymised.csv");
                var reportPath = Path.Combine(work, $"adult-like-{rows}.json");
                var arguments = new List<string>
                {
                    "anonymise", input, "--out", output, "--qi", string.Join(",", QuasiIdentifiers),
                    "--k", "5", "--suppression", "0.04", "--report", reportPath,
                };
                foreach (var q in QuasiIdentifiers)
                {
                    arguments.AddRange(["--hierarchy", $"{q}={Path.Combine(arx, $"adult_hierarchy_{q}.csv")}"]);
                }
                var measurement = await RunAgoraAsync(arguments);
                if (measurement.ExitCode != 0)
                {
                    Console.Error.WriteLine(measurement.StandardError);
                    return 1;
                }
                var report = JsonDocument.Parse(File.ReadAllText(reportPath)).RootElement;
                var levels = "[" + string.Join(",", QuasiIdentifiers.Select(q => report.GetProperty("transformation").GetProperty(q).GetInt32())) + "]";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {rows:N0} | CSV {new FileInfo(input).Length / 1048576.0:0} MiB | {levels} | {report.GetProperty("suppressed").GetInt64()} | {report.GetProperty("classes").GetInt32()} | {report.GetProperty("score").GetDouble():0.00000} | {report.GetProperty("checked").GetInt64()} | {measurement.Elapsed.TotalSeconds:0.0} | {report.GetProperty("elapsedMs").GetDouble() / 1000:0.0} | {measurement.PeakBytes / 1048576.0:0} |"));
                File.Delete(output);
            }
            return 0;
        }
        finally
        {
            if (keep is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>Adult-like rows: a random adult record, its age moved by up to ±2 years, and with probability 0.2 one
    /// quasi-identifier taken from another random record (so marginals stay adult's and new combinations appear).</summary>
    internal static void Generate(string adultPath, string outputPath, int rows, int seed)
    {
        var lines = File.ReadAllLines(adultPath);
        var header = lines[0];
        var records = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToArray();
        var random = new Random(seed);
        var ageColumn = Array.IndexOf(header.Split(';'), "age");
        var columns = header.Split(';').Length;
        using var writer = new StreamWriter(outputPath, false, new UTF8Encoding(false), 1 << 20);
        writer.Write(header);
        writer.Write('\n');
        var row = new string[columns];
        for (var i = 0; i < rows; i++)
        {
            var source = records[random.Next(records.Length)];
            Array.Copy(source, row, columns);
            var age = int.Parse(source[ageColumn], CultureInfo.InvariantCulture) + random.Next(-2, 3);
            row[ageColumn] = Math.Clamp(age, 17, 90).ToString(CultureInfo.InvariantCulture);
            if (random.NextDouble() < 0.2)
            {
                var column = random.Next(columns - 1);
                row[column] = records[random.Next(records.Length)][column];
            }
            writer.Write(string.Join(';', row));
            writer.Write('\n');
        }
    }

    private static Task<PeakMemory.Measurement> RunAgoraAsync(IEnumerable<string> arguments)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "agora");
        return File.Exists(apphost)
            ? PeakMemory.MeasureAsync(apphost, arguments)
            : PeakMemory.MeasureAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "agora.dll"), .. arguments]);
    }

    private static string ArxFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agora.slnx")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.Parent?.FullName ?? throw new InvalidOperationException("repository root not found"), "shared", "external", "arx");
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
