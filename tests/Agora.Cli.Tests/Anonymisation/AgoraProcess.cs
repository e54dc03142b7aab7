using System.Diagnostics;

namespace Agora.Cli.Tests.Anonymisation;

/// <summary>Runs the real <c>agora</c> executable and captures what it prints.</summary>
internal static class AgoraProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "agora.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The shared ARX reference folder: ../shared/external/arx beside the repository root.</summary>
    public static string ArxFolder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agora.slnx")))
            {
                directory = directory.Parent;
            }
            return Path.Combine(directory?.Parent?.FullName ?? throw new InvalidOperationException("repository root not found"), "shared", "external", "arx");
        }
    }

    public static readonly string[] AdultQuasiIdentifiers =
        ["age", "sex", "race", "marital-status", "education", "native-country", "workclass", "occupation"];

    public static string[] AdultHierarchyOptions() =>
        [.. AdultQuasiIdentifiers.SelectMany(q => new[] { "--hierarchy", $"{q}={Path.Combine(ArxFolder, $"adult_hierarchy_{q}.csv")}" })];
}
