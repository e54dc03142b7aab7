using System.Diagnostics;
using System.Globalization;

namespace Agora.Bench;

/// <summary>Runs a command and reports its wall time and peak resident memory (from /proc, Linux only).</summary>
internal static class PeakMemory
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: peak-memory COMMAND [ARGS...]");
            return 2;
        }
        var measurement = await MeasureAsync(args[0], args[1..]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"exit {measurement.ExitCode}, {measurement.Elapsed.TotalMilliseconds:F0} ms, peak RSS {measurement.PeakBytes / 1048576.0:F1} MiB"));
        return measurement.ExitCode;
    }

    public static async Task<Measurement> MeasureAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ReadHighWaterMark(process.Id));
            await Task.Delay(20);
        }
        await process.WaitForExitAsync();
        stopwatch.Stop();
        return new Measurement(process.ExitCode, stopwatch.Elapsed, peak, await stdout, await stderr);
    }

    // VmHWM is the kernel's own peak-RSS counter, so short spikes between polls are not missed.
    private static long ReadHighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    return kb * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }

    public sealed record Measurement(int ExitCode, TimeSpan Elapsed, long PeakBytes, string StandardOutput, string StandardError);
}
