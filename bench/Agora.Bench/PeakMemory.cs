using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Agora.Bench;

/// <summary>Runs a command and reports its wall time, CPU time and peak resident memory (from /proc and getrusage, Linux
/// only).</summary>
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
            $"exit {measurement.ExitCode}, {measurement.Elapsed.TotalMilliseconds:F0} ms, CPU {measurement.CpuTime.TotalMilliseconds:F0} ms, peak RSS {measurement.PeakBytes / 1048576.0:F1} MiB"));
        return measurement.ExitCode;
    }

    public static async Task<Measurement> MeasureAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var cpuBefore = ChildrenCpuTime();
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        long peak = 0;
        // Poll the peak every 20 ms, but stop the clock as soon as the process exits (a fixed sleep would add up to
        // 20 ms to every sub-second run).
        while (!exited.IsCompleted)
        {
            peak = Math.Max(peak, ReadHighWaterMark(process.Id));
            await Task.WhenAny(exited, Task.Delay(20));
        }
        await exited;
        stopwatch.Stop();
        // The child has been reaped, so its CPU time (user + system, all threads) is now in RUSAGE_CHILDREN; CPU time
        // is steadier than wall time on a shared machine. Assumes one child at a time, as every benchmark here runs.
        var cpu = ChildrenCpuTime() - cpuBefore;
        return new Measurement(process.ExitCode, stopwatch.Elapsed, peak, await stdout, await stderr) { CpuTime = cpu };
    }

    private static TimeSpan ChildrenCpuTime()
    {
        const int RusageChildren = -1;
        // struct rusage on 64-bit Linux: ru_utime and ru_stime (seconds, microseconds each), then 14 longs.
        var usage = new long[18];
        if (!OperatingSystem.IsLinux() || GetResourceUsage(RusageChildren, usage) != 0)
        {
            return TimeSpan.Zero;
        }
        return TimeSpan.FromMicroseconds((usage[0] + usage[2]) * 1_000_000.0 + usage[1] + usage[3]);
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, [Out] long[] usage);

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

    public sealed record Measurement(int ExitCode, TimeSpan Elapsed, long PeakBytes, string StandardOutput, string StandardError)
    {
        /// <summary>User + system CPU time of the process and its threads (zero where getrusage is unavailable).</summary>
        public TimeSpan CpuTime { get; init; }
    }
}
