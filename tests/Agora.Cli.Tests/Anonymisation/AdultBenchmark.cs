namespace Agora.Cli.Tests.Anonymisation;

/// <summary>ARX's adult benchmark files and the options that use them.</summary>
internal static class AdultBenchmark
{
    /// <summary>The shared ARX reference folder: ../shared/external/arx beside the repository root.</summary>
    public static string ArxFolder => Path.Combine(Agora.Testing.RepositoryRoot.Shared, "external", "arx");

    public static readonly string[] AdultQuasiIdentifiers =
        ["age", "sex", "race", "marital-status", "education", "native-country", "workclass", "occupation"];

    public static string[] AdultHierarchyOptions() =>
        [.. AdultQuasiIdentifiers.SelectMany(q => new[] { "--hierarchy", $"{q}={Path.Combine(ArxFolder, $"adult_hierarchy_{q}.csv")}" })];
}
