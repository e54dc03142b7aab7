using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Agora.Cli.Tests.Ingestion;

public sealed class IngestCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-ingest-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string DataDir => Path.Combine(_folder, "data");

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task Ingest_Csv_PrintsTheVersionAndCreatesAMasterKey()
    {
        var path = Write("people.csv", "id,name\n1,Ann\n2,Bo\n");
        var (exit, output, error) = await AgoraProcess.RunAsync("ingest", path, "--data-dir", DataDir);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var hash = json.RootElement.GetProperty("contentHash").GetString()!;
        Assert.Equal(2, json.RootElement.GetProperty("rowCount").GetInt64());
        Assert.StartsWith("1.", json.RootElement.GetProperty("wrappedKey").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DataDir, "store", "versions", hash[..2], hash + ".parquet")));
        Assert.True(File.Exists(Path.Combine(DataDir, "keys", "master.key")));
        Assert.Contains("created a new master key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_RaggedRow_ExitsOneNamingLineAndRule()
    {
        var path = Write("bad.csv", "a,b,c\n1,2,3\n4,5\n");
        var (exit, output, error) = await AgoraProcess.RunAsync("ingest", path, "--data-dir", DataDir);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("error: bad.csv: line 3", error, StringComparison.Ordinal);
        Assert.Contains("[ragged-row]", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(DataDir, "store", "versions"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Ingest_CorrectionsOnTheCommandLine_AreApplied()
    {
        var path = Write("dup.csv", "id,name,name,secret\n1,a,b,x\n");
        var refused = await AgoraProcess.RunAsync("ingest", path, "--data-dir", DataDir);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("[duplicate-column-name]", refused.Error, StringComparison.Ordinal);

        var (exit, output, _) = await AgoraProcess.RunAsync("ingest", path, "--data-dir", DataDir, "--rename", "3=nickname", "--type", "id=text", "--drop", "secret");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var columns = json.RootElement.GetProperty("columns").EnumerateArray()
            .Select(c => c.GetProperty("name").GetString() + ":" + c.GetProperty("type").GetString()).ToList();
        Assert.Equal(["id:text", "name:text", "nickname:text"], columns);
    }

    [Fact]
    public async Task Inspect_ThenPlanFile_RoundTrips()
    {
        var path = Write("semi.csv", "commune;population\nLuxembourg;134697\n");
        var (exit, output, _) = await AgoraProcess.RunAsync("ingest", path, "--inspect", "--data-dir", DataDir);
        Assert.Equal(0, exit);
        Assert.Contains("\"delimiter\": \";\"", output, StringComparison.Ordinal);
        var planPath = Write("plan.json", output.Replace("\"name\": \"population\"", "\"name\": \"inhabitants\"", StringComparison.Ordinal));
        var ingested = await AgoraProcess.RunAsync("ingest", path, "--plan", planPath, "--data-dir", DataDir);
        Assert.Equal(0, ingested.ExitCode);
        Assert.Contains("\"inhabitants\"", ingested.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_UnknownType_IsAUsageError()
    {
        var path = Write("p.csv", "id\n1\n");
        var (exit, _, error) = await AgoraProcess.RunAsync("ingest", path, "--type", "id=money", "--data-dir", DataDir);
        Assert.Equal(2, exit);
        Assert.Contains("unknown type", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_KilledMidWay_StoresNothingAndTheNextRunCleansUp()
    {
        var big = Path.Combine(_folder, "big.csv");
        await using (var writer = new StreamWriter(big, false, new UTF8Encoding(false), 1 << 16))
        {
            await writer.WriteLineAsync("id,group,label,amount,day");
            for (var i = 0; i < 800_000; i++)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{i},{i % 97},label number {i},{i * 0.25},2024-01-{1 + (i % 28):D2}"));
            }
        }
        var staging = Path.Combine(DataDir, "store", "staging");
        using (var process = Process.Start(AgoraProcess.StartInfo(null, "ingest", big, "--data-dir", DataDir))!)
        {
            // Kill once DuckDB has started writing the encrypted file into the staging folder.
            var deadline = Stopwatch.StartNew();
            while (!process.HasExited && !Directory.Exists(staging) || !process.HasExited && !Directory.EnumerateFiles(staging, "version.parquet", SearchOption.AllDirectories).Any())
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "ingestion never started writing");
                await Task.Delay(2);
            }
            Assert.False(process.HasExited, "the ingestion finished before it could be killed; make the file larger");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(DataDir, "store", "versions"), "*", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetFileSystemEntries(staging));

        var (exit, output, error) = await AgoraProcess.RunAsync("ingest", Write("small.csv", "a\n1\n"), "--data-dir", DataDir);
        Assert.Equal(0, exit);
        Assert.Contains("removed 1 abandoned staging folder", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(staging));
        using var json = JsonDocument.Parse(output);
        Assert.Single(Directory.GetFiles(Path.Combine(DataDir, "store", "versions"), "*.parquet", SearchOption.AllDirectories));
    }
}
