using System.Globalization;

namespace Agora.Bench.Discovery;

/// <summary><c>discover-index-large [--rows 8000000] [--compare DIR]</c>: <c>agora discover index</c> (this build's
/// output) on a folder holding one generated mixed-type CSV file, then two copies of it, then the two again under
/// <c>--memory-limit</c> 1GB, 512MB and 256MB; wall time, CPU time and peak RSS of each whole process. With
/// <c>--compare DIR</c> another build of agora (for example main's before a change) runs the same folders in the same run, and the indexes
/// must be byte for byte the same, or the run fails.</summary>
internal static class DiscoverIndexLargeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows") is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : 8_000_000;
        var work = Path.Combine(Path.GetTempPath(), "agora-bench-discover-large");
        var one = Path.Combine(work, "one");
        var two = Path.Combine(work, "two");
        Directory.CreateDirectory(one);
        Directory.CreateDirectory(two);
        var file = Path.Combine(one, $"mixed-{rows}.csv");
        if (!File.Exists(file))
        {
            IngestBenchmark.Generate(file, rows);
        }
        foreach (var copy in new[] { "a.csv", "b.csv" })
        {
            var target = Path.Combine(two, copy);
            if (!File.Exists(target))
            {
                File.Copy(file, target);
            }
        }
        var build = File.Exists(Path.Combine(AppContext.BaseDirectory, "agora"))
            ? Path.Combine(AppContext.BaseDirectory, "agora")
            : Path.Combine(AppContext.BaseDirectory, "agora.dll");
        var contenders = new List<(string Name, string Executable)> { ("this build", build) };
        if (Option(args, "--compare") is { } other)
        {
            contenders.Add((other, Path.Combine(other, "agora")));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"file: {rows:N0} rows, {new FileInfo(file).Length / 1048576.0:F0} MiB; load average at start: {LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| folder | options | agora | whole process (s) | CPU (s) | peak RSS (MiB) | outcome |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---|");
        var failed = false;
        foreach (var (folder, options) in new[] { (one, Array.Empty<string>()), (two, []), (two, ["--memory-limit", "1GB"]),
            (two, ["--memory-limit", "512MB"]), (two, ["--memory-limit", "256MB"]) })
        {
            byte[]? reference = null;
            foreach (var (name, executable) in contenders)
            {
                var index = Path.Combine(work, "out.index");
                File.Delete(index);
                string[] arguments = ["discover", "index", folder, "--out", index, .. options];
                var measured = executable.EndsWith(".dll", StringComparison.Ordinal)
                    ? await PeakMemory.MeasureAsync("dotnet", [executable, .. arguments])
                    : await PeakMemory.MeasureAsync(executable, arguments);
                var summary = measured.StandardOutput.Split('\n')[0];
                if (measured.ExitCode == 0 && File.Exists(index))
                {
                    var bytes = await File.ReadAllBytesAsync(index);
                    if (reference is not null && !bytes.AsSpan().SequenceEqual(reference))
                    {
                        summary += "; INDEX DIFFERS";
                        failed = true;
                    }
                    reference ??= bytes;
                }
                else
                {
                    summary = $"exit {measured.ExitCode}: {measured.StandardError.Split('\n')[0]}";
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Path.GetFileName(folder)} | {string.Join(' ', options)} | {name} | {measured.Elapsed.TotalSeconds:F1} | {measured.CpuTime.TotalSeconds:F1} | {measured.PeakBytes / 1048576.0:F0} | {summary} |"));
            }
        }
        Console.WriteLine();
        Console.WriteLine($"load average at end: {LoadAverage()}");
        return failed ? 1 : 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
