namespace Agora.Cli.Tests.Serve;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Help_ListsTheServeCommand()
    {
        var (exit, output, _) = await AgoraProcess.RunAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("serve", output, StringComparison.Ordinal);
    }
}
