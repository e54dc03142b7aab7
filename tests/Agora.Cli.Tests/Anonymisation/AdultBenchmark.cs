namespace Agora.Cli.Tests.Anonymisation;

/// <summary>ARX's adult benchmark files and the options that use them.</summary>
internal static class AdultBenchmark
{
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
            // ../shared/external/arx beside the repository (from a git worktree, beside one of its ancestors).
            for (var above = directory?.Parent; above is not null; above = above.Parent)
            {
                var candidate = Path.Combine(above.FullName, "shared", "external", "arx");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new InvalidOperationException("../shared/external/arx not found above the repository");
        }
    }

    public static readonly string[] AdultQuasiIdentifiers =
        ["age", "sex", "race", "marital-status", "education", "native-country", "workclass", "occupation"];

    public static string[] AdultHierarchyOptions() =>
        [.. AdultQuasiIdentifiers.SelectMany(q => new[] { "--hierarchy", $"{q}={Path.Combine(ArxFolder, $"adult_hierarchy_{q}.csv")}" })];
}
