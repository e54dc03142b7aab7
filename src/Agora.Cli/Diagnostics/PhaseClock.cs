using System.Diagnostics;
using System.Globalization;

namespace Agora.Cli.Diagnostics;

// TEMPORARY: phase timings for the start-up investigation (AGORA_PHASES=1).
internal static class PhaseClock
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("AGORA_PHASES") == "1";
    private static double s_lastWall;
    private static double s_lastCpu;

    public static void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }
        using var process = Process.GetCurrentProcess();
        var wall = (DateTime.Now - process.StartTime).TotalMilliseconds;
        var cpu = process.TotalProcessorTime.TotalMilliseconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase,-28} wall {wall,7:0} (+{wall - s_lastWall,5:0})  cpu {cpu,7:0} (+{cpu - s_lastCpu,5:0})"));
        s_lastWall = wall;
        s_lastCpu = cpu;
    }
}
