using System.Diagnostics;

namespace Agora.Cli.Tests.Serve;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Help_ListsTheServeCommand()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "agora.dll"), "--help"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("serve", output, StringComparison.Ordinal);
    }
}
