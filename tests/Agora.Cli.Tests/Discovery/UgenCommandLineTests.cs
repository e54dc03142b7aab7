using System.Globalization;
using System.Text.Json;
using Agora.Data.Discovery;
using Agora.Testing;
using Xunit.Abstractions;

namespace Agora.Cli.Tests.Discovery;

/// <summary>The union figure as a user gets it: <c>agora discover index</c> over UGEN-V1's lake, then
/// <c>agora discover unionable --json</c> for each of its 50 queries, scored against the benchmark's ground truth. The
/// library test (Agora.Data.Tests, UgenV1UnionSearchTests) measures the scorer; this one checks that the command line
/// reads, keeps and ranks the same tables (until 2026-11-26 it dropped the one-line files, five of them labelled unionable).</summary>
public sealed class UgenCommandLineTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("agora-ugen-cli-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task UgenV1_ThroughTheCommandLine_RanksAsTheLibraryDoes()
    {
        var root = Path.Combine(RepositoryRoot.Shared, "external", "discovery", "ugen_v1");
        var index = Path.Combine(_folder.FullName, "ugen_v1.index");
        var built = await AgoraProcess.RunAsync("discover", "index", Path.Combine(root, "datalake"), "--out", index);
        Assert.True(built.ExitCode == 0, built.Error);
        Assert.Contains("indexed 1000 tables", built.Output, StringComparison.Ordinal);

        var truth = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var parts in File.ReadLines(Path.Combine(root, "groundtruth.csv")).Skip(1).Select(line => line.Split(',')).Where(p => p.Length >= 3 && p[2] == "1"))
        {
            (truth.TryGetValue(parts[0], out var set) ? set : truth[parts[0]] = new HashSet<string>(StringComparer.Ordinal)).Add(parts[1]);
        }
        var library = DiscoveryIndexFile.Load(index);
        var queries = Directory.GetFiles(Path.Combine(root, "query"), "*.csv").Order(StringComparer.Ordinal).ToArray();
        // Two processes at a time: each spends most of its second starting up and loading the index.
        var ranked = new List<string>[queries.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, queries.Length), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
        {
            var ran = await AgoraProcess.RunAsync("discover", "unionable", "--index", index, "--query", queries[i], "--top", "10", "--json");
            Assert.True(ran.ExitCode == 0, ran.Error);
            ranked[i] = [.. JsonDocument.Parse(ran.Output).RootElement.EnumerateArray().Select(r => r.GetProperty("table").GetString()!)];
        });
        var hits = 0;
        for (var i = 0; i < queries.Length; i++)
        {
            // The same ranking as the library's, from the same index file and the same reading of the query.
            var expected = library.Unionable(TableSketcher.SketchFile(queries[i]).Query, 10).Select(m => m.Table).ToList();
            Assert.Equal(expected, ranked[i]);
            hits += ranked[i].Count(truth[Path.GetFileName(queries[i])].Contains);
        }
        var precision = hits / (10.0 * queries.Length);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"UGEN-V1 through the command line: P@10 {precision:F3} over {queries.Length} queries"));
        Assert.Equal(50, queries.Length);
        Assert.True(precision >= 0.70, string.Create(CultureInfo.InvariantCulture, $"P@10 {precision:F3}"));
    }
}
