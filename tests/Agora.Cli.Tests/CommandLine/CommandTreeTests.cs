using System.CommandLine;
using Agora.Cli.CommandLine;

namespace Agora.Cli.Tests.CommandLine;

public sealed class CommandTreeTests
{
    private static readonly (string, Func<Command>)[] Commands =
    [
        ("first", () => new Command("first", "The first command.")),
        ("second", () => new Command("second", "The second command.")),
    ];

    [Fact]
    public void InvokedCommand_IsTheOnlyOneCreated()
    {
        var root = CommandTree.Create("root", ["second", "--help"], Commands);
        Assert.Equal(["second"], root.Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("secnd")]
    [InlineData("--version second")]
    public void NoCommandNamedFirst_CreatesThemAll(string commandLine)
    {
        var root = CommandTree.Create("root", commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), Commands);
        Assert.Equal(["first", "second"], root.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void NameListedForAnotherCommand_IsAProgrammingError()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            CommandTree.Create("root", [], [("frist", () => new Command("first"))]));
        Assert.Contains("'frist'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommandWithItsDescription_AndACommandsOwnHelpWorks()
    {
        var (exit, output, _) = await AgoraProcess.RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var name in new[] { "serve", "audit", "discover", "profile", "migrate", "publish", "query", "ingest", "anonymise", "risk",
            "detect", "pseudonymise", "reidentify", "protect", "harvest" })
        {
            Assert.Contains($"  {name}", output, StringComparison.Ordinal);
        }
        Assert.Contains("Anonymise a file: generalise quasi-identifiers", output, StringComparison.Ordinal);

        var anonymise = await AgoraProcess.RunAsync("anonymise", "--help");
        Assert.Equal(0, anonymise.ExitCode);
        Assert.Contains("--suppression", anonymise.Output, StringComparison.Ordinal);
    }
}
