namespace Agora.Data.Files;

internal static class TmpTrace
{
    internal static void T(string what) => Console.Error.WriteLine($"  {what} {(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms wall, cpu {System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:F0} ms");
}
