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

    /// <summary><c>anonymise-adult [--runs N] [--published DIR | --no-publish] [--compare DIR]</c></summary>
    public static async Task<int> AdultAsync(string[] args)
    {
        var runs = IntOption(args, "--runs", 5);
        var arx = ArxFolder();
        var contenders = await ContendersAsync(args);
        if (contenders is null)
        {
            return 1;
        }
        var work = Directory.CreateTempSubdirectory("agora-bench-adult-").FullName;
        try
        {
            Console.WriteLine($"load average at start: {LoadAverage()}");
            Console.WriteLine();
            var header = new StringBuilder("| suppression | transformation | suppressed | classes | Loss | checked |");
            var rule = new StringBuilder("|---|---|---|---|---|---|");
            foreach (var contender in contenders)
            {
                header.Append(CultureInfo.InvariantCulture, $" {contender.Name}: wall best / first (s) | CPU best / first (s) | engine best (s) |");
                rule.Append("---|---|---|");
            }
            header.Append(" peak RSS (MiB) | ARX 3.9.2 anonymize() best / first (s), §0 |");
            rule.Append("---|---|---|");
            Console.WriteLine(header);
            Console.WriteLine(rule);
            foreach (var reference in Arx)
            {
                var timings = contenders.Select(_ => new List<PeakMemory.Measurement>()).ToArray();
                var engine = contenders.Select(_ => new List<double>()).ToArray();
                JsonElement report = default;
                for (var run = 0; run < runs; run++)
                {
                    // Contenders alternate within each run, so machine load hits them alike.
                    for (var c = 0; c < contenders.Count; c++)
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
                        var measurement = await contenders[c].RunAsync(arguments);
                        if (measurement.ExitCode != 0)
                        {
                            Console.Error.WriteLine(measurement.StandardError);
                            return 1;
                        }
                        report = JsonDocument.Parse(File.ReadAllText(reportPath)).RootElement.Clone();
                        if (!CheckParity(report, reference))
                        {
                            Console.Error.WriteLine($"{contenders[c].Name}: result differs from ARX 3.9.2's at {reference.Suppression:0%}: {report}");
                            return 1;
                        }
                        timings[c].Add(measurement);
                        engine[c].Add(report.GetProperty("elapsedMs").GetDouble() / 1000);
                    }
                }
                var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
                    $"| {reference.Suppression:0%} | {reference.Transformation} (= ARX) | {report.GetProperty("suppressed").GetInt64()} | {report.GetProperty("classes").GetInt32()} | {report.GetProperty("score").GetDouble():0.00000} | {report.GetProperty("checked").GetInt64()} |"));
                for (var c = 0; c < contenders.Count; c++)
                {
                    var measurements = timings[c];
                    line.Append(CultureInfo.InvariantCulture,
                        $" {measurements.Min(m => m.Elapsed.TotalSeconds):0.00} / {measurements[0].Elapsed.TotalSeconds:0.00} | {measurements.Min(m => m.CpuTime.TotalSeconds):0.00} / {measurements[0].CpuTime.TotalSeconds:0.00} | {engine[c].Min():0.000} |");
                }
                line.Append(CultureInfo.InvariantCulture,
                    $" {timings.SelectMany(t => t).Max(m => m.PeakBytes) / 1048576.0:0} | {reference.ArxBest:0.00} / {reference.ArxCold:0.00} |");
                Console.WriteLine(line);
            }
            Console.WriteLine();
            Console.WriteLine($"load average at end: {LoadAverage()}");
            Console.WriteLine("Every run gave ARX 3.9.2's transformation, suppressed count, class count and score (checked, else the benchmark fails).");
            Console.WriteLine("ARX 3.9.2 cannot run here (not on Maven Central, no other registry reachable); its figures are the ones recorded in references/anonymisation.md §0 on the same machine class.");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static bool CheckParity(JsonElement report, (double Suppression, string Transformation, long Suppressed, int Classes, double Score, double ArxBest, double ArxCold) reference)
    {
        var levels = "[" + string.Join(",", QuasiIdentifiers.Select(q => report.GetProperty("transformation").GetProperty(q).GetInt32())) + "]";
        return levels == reference.Transformation && report.GetProperty("suppressed").GetInt64() == reference.Suppressed
            && report.GetProperty("classes").GetInt32() == reference.Classes
            && Math.Abs(report.GetProperty("score").GetDouble() - reference.Score) < 5e-6;
    }

    /// <summary>A way of running <c>agora</c>: the published, ReadyToRun-compiled binary a user installs, and the plain
    /// build output (JIT) that <c>dotnet run</c> and the tests use.</summary>
    private sealed record Contender(string Name, string Executable)
    {
        public Task<PeakMemory.Measurement> RunAsync(IEnumerable<string> arguments) => Executable.EndsWith(".dll", StringComparison.Ordinal)
            ? PeakMemory.MeasureAsync("dotnet", [Executable, .. arguments])
            : PeakMemory.MeasureAsync(Executable, arguments);
    }

    // Publishes the CLI the way README.md tells users to (`dotnet publish src/Agora.Cli -c Release -o DIR`), unless
    // --published DIR names an existing publish or --no-publish asks for the build output only.
    private static async Task<List<Contender>?> ContendersAsync(string[] args)
    {
        var build = File.Exists(Path.Combine(AppContext.BaseDirectory, "agora"))
            ? Path.Combine(AppContext.BaseDirectory, "agora")
            : Path.Combine(AppContext.BaseDirectory, "agora.dll");
        var contenders = new List<Contender>();
        if (!args.Contains("--no-publish"))
        {
            var folder = StringOption(args, "--published");
            if (folder is null)
            {
                folder = Path.Combine(Path.GetTempPath(), "agora-bench-published");
                Console.Error.WriteLine($"publishing agora (ReadyToRun) to {folder} …");
                var publish = await PeakMemory.MeasureAsync("dotnet",
                    ["publish", Path.Combine(RepositoryRoot(), "src", "Agora.Cli"), "-c", "Release", "-o", folder, "--nologo"]);
                if (publish.ExitCode != 0)
                {
                    Console.Error.WriteLine(publish.StandardOutput + publish.StandardError);
                    return null;
                }
            }
            contenders.Add(new Contender("published (ReadyToRun)", Path.Combine(folder, "agora")));
        }
        contenders.Add(new Contender("build output (JIT)", build));
        // --compare DIR: another build of agora (e.g. main's, before a change), timed in the same runs.
        if (StringOption(args, "--compare") is { } other)
        {
            contenders.Add(new Contender(other, Path.Combine(other, "agora")));
        }
        return contenders;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary><c>anonymise-scale [--rows 1000000,10000000] [--keep DIR] [--published DIR | --no-publish]</c></summary>
    public static async Task<int> ScaleAsync(string[] args)
    {
        var sizes = (StringOption(args, "--rows") ?? "1000000,10000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var keep = StringOption(args, "--keep");
        var work = keep ?? Directory.CreateTempSubdirectory("agora-bench-scale-").FullName;
        Directory.CreateDirectory(work);
        var arx = ArxFolder();
        var contenders = await ContendersAsync(args);
        if (contenders is null)
        {
            return 1;
        }
        try
        {
            Console.WriteLine($"load average at start: {LoadAverage()}; agora: {contenders[0].Name}");
            Console.WriteLine();
            Console.WriteLine("| rows | input | transformation | suppressed | classes | Loss | checked | whole process (s) | CPU (s) | engine (s) | peak RSS (MiB) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
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
                var measurement = await contenders[0].RunAsync(arguments);
                if (measurement.ExitCode != 0)
                {
                    Console.Error.WriteLine(measurement.StandardError);
                    return 1;
                }
                var report = JsonDocument.Parse(File.ReadAllText(reportPath)).RootElement;
                var levels = "[" + string.Join(",", QuasiIdentifiers.Select(q => report.GetProperty("transformation").GetProperty(q).GetInt32())) + "]";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {rows:N0} | CSV {new FileInfo(input).Length / 1048576.0:0} MiB | {levels} | {report.GetProperty("suppressed").GetInt64()} | {report.GetProperty("classes").GetInt32()} | {report.GetProperty("score").GetDouble():0.00000} | {report.GetProperty("checked").GetInt64()} | {measurement.Elapsed.TotalSeconds:0.0} | {measurement.CpuTime.TotalSeconds:0.0} | {report.GetProperty("elapsedMs").GetDouble() / 1000:0.0} | {measurement.PeakBytes / 1048576.0:0} |"));
                File.Delete(output);
            }
            Console.WriteLine();
            Console.WriteLine($"load average at end: {LoadAverage()}");
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

    // ../shared/external/arx beside the repository (from a git worktree, beside one of its ancestors).
    internal static string ArxFolder()
    {
        for (var directory = Directory.GetParent(RepositoryRoot()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "external", "arx");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("../shared/external/arx (ARX's adult data) not found above the repository");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agora.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
