using System.Text.Json;

namespace Agora.Cli.Tests.Discovery;

public sealed class DiscoverCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("agora-discover-");

    private string Lake => Path.Combine(_folder.FullName, "lake");

    public DiscoverCommandTests()
    {
        Directory.CreateDirectory(Lake);
        var communes = Enumerable.Range(0, 120).Select(i => $"LU{i:000}").ToArray();
        File.WriteAllLines(Path.Combine(Lake, "population.csv"),
            ["commune_code,commune_name,population,constant"
            , .. communes.Select((c, i) => $"{c},Commune {i},{1000 + i}.5,same")]);
        File.WriteAllLines(Path.Combine(Lake, "schools.csv"),
            ["school,code_commune,pupils", .. communes.Take(90).Select((c, i) => $"School {i},{c},{i}")]);
        File.WriteAllLines(Path.Combine(Lake, "weather.csv"),
            ["station,temperature", .. Enumerable.Range(0, 50).Select(i => $"ST{i},{i}.25")]);
        File.WriteAllText(Path.Combine(Lake, "empty.csv"), "a,b\n");
        File.WriteAllText(Path.Combine(Lake, "blank.csv"), "");
        File.WriteAllBytes(Path.Combine(Lake, "broken.parquet"), [1, 2, 3, 4, 5, 6, 7, 8]);
        File.WriteAllText(Path.Combine(Lake, "notes.md"), "# not a table\n");
        File.WriteAllLines(Path.Combine(_folder.FullName, "more-communes.csv"),
            ["commune_code,commune_name,population", .. Enumerable.Range(200, 30).Select(i => $"LU{i},Commune {i},{2000 + i}")]);
        File.WriteAllLines(Path.Combine(_folder.FullName, "query.csv"),
            ["code,name", .. communes.Skip(20).Take(60).Select((c, i) => $"{c},Name {i}")]);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Index_SkipsBadFilesAndColumns_AndSaysWhy()
    {
        var index = Path.Combine(_folder.FullName, "lake.index");
        var (exit, output, error) = await AgoraProcess.RunAsync("discover", "index", Lake, "--out", index);
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(index));
        Assert.Contains("indexed 4 tables", output, StringComparison.Ordinal);
        Assert.Contains("no rows in empty.csv: indexed for union search by its header line only", output, StringComparison.Ordinal);
        Assert.Matches("skipped file blank.csv: (malformed|empty table \\(no rows, no column names\\))", output);
        Assert.Contains("skipped file broken.parquet: malformed", output, StringComparison.Ordinal);
        Assert.Contains("skipped file notes.md: not a table file", output, StringComparison.Ordinal);
        Assert.Contains("population.csv › constant: a single value", output, StringComparison.Ordinal);
        Assert.Contains("population.csv › population: decimal numbers", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Joinable_FindsTheKeyColumnsOnBothSides_AsJson()
    {
        var index = Path.Combine(_folder.FullName, "lake.index");
        Assert.Equal(0, (await AgoraProcess.RunAsync("discover", "index", Lake, "--out", index)).ExitCode);
        var (exit, output, error) = await AgoraProcess.RunAsync("discover", "joinable", "--index", index,
            "--query", Path.Combine(_folder.FullName, "query.csv"), "--column", "code", "--top", "5", "--json");
        Assert.True(exit == 0, error);
        var results = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, results.Count(r => r.GetProperty("score").GetDouble() >= 0.5));
        Assert.Equal(("population.csv", "commune_code", 1.0), (results[0].GetProperty("table").GetString(), results[0].GetProperty("column").GetString(), results[0].GetProperty("score").GetDouble()));
        Assert.Equal(("schools.csv", "code_commune"), (results[1].GetProperty("table").GetString(), results[1].GetProperty("column").GetString()));
        Assert.Equal("code", results[1].GetProperty("queryColumn").GetString());
    }

    [Fact]
    public async Task Unionable_RanksTheTableWithTheSameShapeFirst()
    {
        var index = Path.Combine(_folder.FullName, "lake.index");
        Assert.Equal(0, (await AgoraProcess.RunAsync("discover", "index", Lake, "--out", index)).ExitCode);
        var (exit, output, error) = await AgoraProcess.RunAsync("discover", "unionable", "--index", index,
            "--query", Path.Combine(_folder.FullName, "more-communes.csv"), "--top", "3", "--json");
        Assert.True(exit == 0, error);
        var results = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal("population.csv", results[0].GetProperty("table").GetString());
        Assert.True(results[0].GetProperty("score").GetDouble() >= results[1].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task OneLineFile_IsAUnionCandidate_AndCanBeAUnionQuery_ButNotAJoinQuery()
    {
        // A one-line file is a header or a lone row: its words are all there is to compare, and they are enough to find it.
        File.WriteAllText(Path.Combine(Lake, "planets.csv"), "Mercury|Venus|Earth|Mars|Jupiter|Saturn\n");
        File.WriteAllLines(Path.Combine(_folder.FullName, "planets-query.csv"), ["planet,moons", "Mars,2", "Jupiter,95", "Saturn,146", "Earth,1"]);
        var index = Path.Combine(_folder.FullName, "lake.index");
        Assert.Equal(0, (await AgoraProcess.RunAsync("discover", "index", Lake, "--out", index)).ExitCode);
        var found = await AgoraProcess.RunAsync("discover", "unionable", "--index", index,
            "--query", Path.Combine(_folder.FullName, "planets-query.csv"), "--top", "1", "--json");
        Assert.True(found.ExitCode == 0, found.Error);
        var first = JsonDocument.Parse(found.Output).RootElement[0];
        Assert.Equal("planets.csv", first.GetProperty("table").GetString());
        Assert.True(first.GetProperty("parts").GetProperty("values").GetDouble() >= 0.5, found.Output);

        var lineQuery = Path.Combine(Lake, "planets.csv");
        var union = await AgoraProcess.RunAsync("discover", "unionable", "--index", index, "--query", lineQuery, "--top", "3", "--json");
        Assert.True(union.ExitCode == 0, union.Error);
        var join = await AgoraProcess.RunAsync("discover", "joinable", "--index", index, "--query", lineQuery);
        Assert.Equal(1, join.ExitCode);
        Assert.Contains("the query table has no rows", join.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryLimit_GivesTheSameIndex_AndABadSizeIsAUsageError()
    {
        var unlimited = Path.Combine(_folder.FullName, "unlimited.index");
        var limited = Path.Combine(_folder.FullName, "limited.index");
        Assert.Equal(0, (await AgoraProcess.RunAsync("discover", "index", Lake, "--out", unlimited)).ExitCode);
        var run = await AgoraProcess.RunAsync("discover", "index", Lake, "--out", limited, "--memory-limit", "256MB");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(await File.ReadAllBytesAsync(unlimited), await File.ReadAllBytesAsync(limited));
        foreach (var bad in new[] { "lots", "12", "100MB", "-1GB" })
        {
            var refused = await AgoraProcess.RunAsync("discover", "index", Lake, "--out", limited, "--memory-limit", bad);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("give a size of at least 256MB", refused.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BadInput_GivesOneClearLine_AndExitCode1()
    {
        var missing = await AgoraProcess.RunAsync("discover", "joinable", "--index", Path.Combine(_folder.FullName, "none.index"),
            "--query", Path.Combine(_folder.FullName, "query.csv"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("index file not found", missing.Error, StringComparison.Ordinal);
        var index = Path.Combine(_folder.FullName, "lake.index");
        Assert.Equal(0, (await AgoraProcess.RunAsync("discover", "index", Lake, "--out", index)).ExitCode);
        var column = await AgoraProcess.RunAsync("discover", "joinable", "--index", index,
            "--query", Path.Combine(_folder.FullName, "query.csv"), "--column", "nope");
        Assert.Equal(1, column.ExitCode);
        Assert.Contains("no column 'nope'", column.Error, StringComparison.Ordinal);
        var notIndex = await AgoraProcess.RunAsync("discover", "unionable", "--index", Path.Combine(_folder.FullName, "query.csv"),
            "--query", Path.Combine(_folder.FullName, "query.csv"));
        Assert.Equal(1, notIndex.ExitCode);
        Assert.Contains("not an Agora discovery index", notIndex.Error, StringComparison.Ordinal);
    }
}
