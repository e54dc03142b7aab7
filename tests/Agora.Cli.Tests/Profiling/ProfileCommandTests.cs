using System.Text.Json;
using Agora.Cli.Tests.Discovery;

namespace Agora.Cli.Tests.Profiling;

public sealed class ProfileCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("agora-profile-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Profile_WritesJsonAndHtml_WithDeclaredChecks()
    {
        var data = Write("people.csv", "id,age,city\n1,34,Luxembourg\n2,,Esch\n3,250,Paris\n3,250,Paris\n");
        var rules = Write("rules.json", """{ "columns": { "age": { "max": 120 }, "city": { "allowed": ["Luxembourg", "Esch"] } }, "consistency": [ { "name": "positive", "rule": "id > 0" } ] }""");
        var report = Path.Combine(_folder.FullName, "out", "report.json");
        var html = Path.Combine(_folder.FullName, "out", "report.html");
        var (exit, output, error) = await AgoraProcess.RunAsync("profile", data, "--rules", rules, "--report", report, "--html", html);
        Assert.True(exit == 0, error);
        Assert.Contains("people.csv: 4 rows, 3 columns", output, StringComparison.Ordinal);
        // English writes "92%", not the invariant culture's "92 %".
        Assert.Matches(@"quality \d+% \(completeness 92%, validity \d+%, uniqueness \d+%, consistency 100%, timeliness not assessed\)", output);
        Assert.DoesNotMatch(@"\d %", output);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal("agora.profile/1", json.RootElement.GetProperty("schema").GetString());
        var quality = json.RootElement.GetProperty("quality");
        Assert.Equal(1.0, quality.GetProperty("consistency").GetDouble());
        Assert.Equal(1, quality.GetProperty("duplicateRows").GetInt64());
        Assert.Equal(JsonValueKind.Null, quality.GetProperty("timeliness").ValueKind);
        var page = File.ReadAllText(html);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("What to fix", page, StringComparison.Ordinal);
        Assert.Contains(">75.0%<", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d %", page);
    }

    [Fact]
    public async Task Profile_OfAMissingFileOrBadRule_FailsWithOneLine()
    {
        var missing = await AgoraProcess.RunAsync("profile", Path.Combine(_folder.FullName, "none.csv"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("file not found", missing.Error, StringComparison.Ordinal);
        var data = Write("t.csv", "a\n1\n");
        var rules = Write("bad.json", """{ "consistency": [ { "name": "evil", "rule": "a > 0; DROP TABLE input" } ] }""");
        var report = Path.Combine(_folder.FullName, "report.json");
        var bad = await AgoraProcess.RunAsync("profile", data, "--rules", rules, "--report", report);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("evil", bad.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(report));
    }
}
