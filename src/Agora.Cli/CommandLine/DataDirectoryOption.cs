using System.CommandLine;

namespace Agora.Cli.CommandLine;

/// <summary>The <c>--data-dir</c> option shared by the commands that use a data folder.</summary>
internal static class DataDirectoryOption
{
    public static Option<string?> Create() => new("--data-dir")
    {
        Description = "Folder for data and metadata (default ./agora-data, or Agora:DataDirectory from configuration).",
    };

    public static IEnumerable<KeyValuePair<string, string?>> Settings(string? dataDirectory) =>
        dataDirectory is null ? [] : [new("Agora:DataDirectory", Path.GetFullPath(dataDirectory))];
}
