using System.Globalization;
using System.Text.Json;
using Agora.Data.Files;

namespace Agora.Cli.Tests.Anonymisation;

public sealed class AnonymiseCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-anonymise-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Adult_FourPercent_MatchesArxAndWritesTheReport()
    {
        var output = Path.Combine(_folder, "adult.csv");
        var report = Path.Combine(_folder, "report.json");
        var run = await AgoraProcess.RunAsync([
            "anonymise", Path.Combine(AdultBenchmark.ArxFolder, "adult.csv"), "--out", output,
            "--qi", string.Join(",", AdultBenchmark.AdultQuasiIdentifiers), .. AdultBenchmark.AdultHierarchyOptions(),
            "--k", "5", "--suppression", "0.04", "--report", report]);

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        var transformation = root.GetProperty("transformation");
        Assert.Equal([3, 0, 0, 0, 2, 1, 1, 2], AdultBenchmark.AdultQuasiIdentifiers.Select(q => transformation.GetProperty(q).GetInt32()));
        Assert.Equal(1038, root.GetProperty("suppressed").GetInt64());
        Assert.Equal(327, root.GetProperty("classes").GetInt32());
        Assert.Equal(5, root.GetProperty("minClassSize").GetInt64());
        Assert.Equal("loss", root.GetProperty("metric").GetString());
        Assert.Equal(0.26084, root.GetProperty("score").GetDouble(), 5e-6);
        Assert.True(root.GetProperty("checked").GetInt64() is > 0 and <= 6480);
        Assert.True(root.GetProperty("elapsedMs").GetDouble() > 0);
        foreach (var when in new[] { "before", "after" })
        {
            var risk = root.GetProperty("risk").GetProperty(when);
            Assert.True(risk.GetProperty("prosecutor").GetProperty("highest").GetDouble() > 0);
            Assert.True(risk.GetProperty("journalist").GetProperty("average").GetDouble() > 0);
            Assert.True(risk.GetProperty("marketer").GetDouble() > 0);
            Assert.True(risk.TryGetProperty("sampleUniques", out _));
        }
        Assert.Equal(0.2, root.GetProperty("risk").GetProperty("after").GetProperty("prosecutor").GetProperty("highest").GetDouble(), 12);
        Assert.Equal(0, root.GetProperty("risk").GetProperty("after").GetProperty("sampleUniques").GetInt64());

        using var connection = TabularFile.OpenAsView(output);
        Assert.Equal(30_162L, Scalar(connection, "SELECT count(*) FROM input"));
        Assert.Equal(1038L, Scalar(connection, "SELECT count(*) FROM input WHERE age = '*' AND sex = '*' AND occupation = '*'"));
        Assert.Equal(327L + 1, Scalar(connection, $"SELECT count(*) FROM (SELECT DISTINCT {string.Join(", ", AdultBenchmark.AdultQuasiIdentifiers.Select(q => $"\"{q}\""))} FROM input)"));
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM (SELECT age, sex, race, \"marital-status\", education, \"native-country\", workclass, occupation, count(*) AS n FROM input WHERE age <> '*' GROUP BY ALL) WHERE n < 5"));
    }

    [Fact]
    public async Task Builders_Parquet_KeepRowOrder_AndSaveHierarchiesForReuse()
    {
        var input = Path.Combine(_folder, "people.csv");
        var random = new Random(5);
        var lines = new List<string> { "id;age;postcode;born;diagnosis" };
        for (var i = 0; i < 400; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{i};{18 + random.Next(70)};L-{1000 + random.Next(40) * 7};19{50 + random.Next(50)}-0{1 + random.Next(9)}-1{random.Next(10)};d{random.Next(4)}"));
        }
        File.WriteAllLines(input, lines);
        var output = Path.Combine(_folder, "people.parquet");
        var saved = Path.Combine(_folder, "hierarchies");
        var run = await AgoraProcess.RunAsync(
            "anonymise", input, "--out", output, "--qi", "age,postcode,born", "--sensitive", "diagnosis",
            "--builder", "age=interval:5,10,20", "--builder", "postcode=mask:1", "--builder", "born=date:month,year,decade",
            "--k", "4", "--l-diversity", "distinct:2", "--suppression", "0.05", "--save-hierarchies", saved);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("wrote", run.Output, StringComparison.Ordinal);
        using (var connection = TabularFile.OpenAsView(output))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, age FROM input";
            using var reader = command.ExecuteReader();
            var row = 0;
            while (reader.Read())
            {
                Assert.Equal(row.ToString(CultureInfo.InvariantCulture), reader.GetString(0));
                var age = reader.GetString(1);
                var original = int.Parse(lines[row + 1].Split(';')[1], CultureInfo.InvariantCulture);
                Assert.True(age == "*" || age == original.ToString(CultureInfo.InvariantCulture) || Covers(age, original), $"row {row}: {age} for {original}");
                row++;
            }
            Assert.Equal(400, row);
        }
        Assert.True(File.Exists(Path.Combine(saved, "age.csv")));

        // The saved hierarchies give the same result on the next run.
        var again = Path.Combine(_folder, "again.parquet");
        var rerun = await AgoraProcess.RunAsync(
            "anonymise", input, "--out", again, "--qi", "age,postcode,born", "--sensitive", "diagnosis",
            "--hierarchy", $"age={Path.Combine(saved, "age.csv")}", "--hierarchy", $"postcode={Path.Combine(saved, "postcode.csv")}",
            "--hierarchy", $"born={Path.Combine(saved, "born.csv")}", "--k", "4", "--l-diversity", "distinct:2", "--suppression", "0.05");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Equal(Summary(run.Output), Summary(rerun.Output));
    }

    [Fact]
    public async Task CombinedModels_Microaggregation_TopBottomCoding_AndAnotherMetric()
    {
        var input = Path.Combine(_folder, "salaries.csv");
        var random = new Random(9);
        var lines = new List<string> { "age,sex,salary,income" };
        for (var i = 0; i < 600; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{16 + random.Next(80)},{(random.Next(2) == 0 ? "F" : "M")},s{random.Next(4)},{1000 + random.Next(5000)}"));
        }
        File.WriteAllLines(input, lines);
        var salaryHierarchy = Path.Combine(_folder, "salary.csv");
        File.WriteAllText(salaryHierarchy, "s0;low;*\ns1;low;*\ns2;high;*\ns3;high;*\n");
        var output = Path.Combine(_folder, "out.csv");
        var report = Path.Combine(_folder, "report.json");
        var run = await AgoraProcess.RunAsync(
            "anonymise", input, "--out", output, "--qi", "age,sex", "--sensitive", "salary",
            "--builder", "age=interval:5,10,20", "--builder", "sex=suppress", "--top-bottom", "age=18:90",
            "--hierarchy", $"salary={salaryHierarchy}", "--k", "3", "--t-closeness", "0.4:hierarchical", "--average-risk", "0.2",
            "--microaggregate", "income=median", "--suppression", "0.05", "--metric", "dm", "--population", "100000", "--report", report);

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        Assert.Equal("dm", root.GetProperty("metric").GetString());
        Assert.Equal(root.GetProperty("quality").GetProperty("dm").GetDouble(), root.GetProperty("score").GetDouble());
        Assert.Equal(3, root.GetProperty("models").GetArrayLength());
        Assert.True(root.GetProperty("classes").GetInt32() / (double)(600 - root.GetProperty("suppressed").GetInt64()) <= 0.2);
        Assert.True(root.GetProperty("risk").GetProperty("before").TryGetProperty("populationUniqueness", out _));
        using var connection = TabularFile.OpenAsView(output);
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM input WHERE age IN ('16', '17', '91', '95')"));
        // Every released class has one income value (its median).
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM (SELECT age, sex FROM input WHERE age <> '*' GROUP BY age, sex HAVING count(DISTINCT income) > 1)"));
    }

    [Fact]
    public async Task UnknownAttribute_NamesItAndTheColumns()
    {
        var output = Path.Combine(_folder, "out.csv");
        var run = await AgoraProcess.RunAsync("anonymise", WriteSmallCsv(), "--out", output, "--qi", "nope", "--builder", "nope=suppress", "--k", "2");
        AssertFailed(run, output, "unknown attribute 'nope'", "zip, age");
    }

    [Fact]
    public async Task ValueMissingFromHierarchy_ListsTheValues()
    {
        var hierarchy = Path.Combine(_folder, "age.csv");
        File.WriteAllText(hierarchy, "30;*\n");
        var output = Path.Combine(_folder, "out.csv");
        var run = await AgoraProcess.RunAsync("anonymise", WriteSmallCsv(), "--out", output, "--qi", "age", "--hierarchy", $"age={hierarchy}", "--k", "2");
        AssertFailed(run, output, "not in the hierarchy", "'40'");
    }

    [Fact]
    public async Task InconsistentHierarchy_IsRejected()
    {
        var hierarchy = Path.Combine(_folder, "age.csv");
        File.WriteAllText(hierarchy, "30;young;*\n40;old\n");
        var output = Path.Combine(_folder, "out.csv");
        var run = await AgoraProcess.RunAsync("anonymise", WriteSmallCsv(), "--out", output, "--qi", "age", "--hierarchy", $"age={hierarchy}", "--k", "2");
        AssertFailed(run, output, "same number of levels");
    }

    [Fact]
    public async Task KLargerThanRows_IsRejected()
    {
        var output = Path.Combine(_folder, "out.csv");
        var run = await AgoraProcess.RunAsync("anonymise", WriteSmallCsv(), "--out", output, "--qi", "age", "--builder", "age=interval:10", "--k", "50");
        AssertFailed(run, output, "larger than the number of rows (4)");
    }

    [Fact]
    public async Task UnsatisfiableConstraints_AreRejected()
    {
        var output = Path.Combine(_folder, "out.csv");
        var run = await AgoraProcess.RunAsync("anonymise", WriteSmallCsv(), "--out", output, "--qi", "age", "--builder", "age=interval:10",
            "--sensitive", "zip", "--k", "2", "--l-diversity", "distinct:3");
        AssertFailed(run, output, "No transformation satisfies");
    }

    [Fact]
    public async Task UnreadableFile_IsRejected()
    {
        var broken = Path.Combine(_folder, "broken.parquet");
        File.WriteAllText(broken, "this is not parquet");
        var output = Path.Combine(_folder, "out.csv");
        var run = await AgoraProcess.RunAsync("anonymise", broken, "--out", output, "--qi", "age", "--builder", "age=suppress", "--k", "2");
        AssertFailed(run, output, "broken.parquet");
        var missing = await AgoraProcess.RunAsync("anonymise", Path.Combine(_folder, "missing.csv"), "--out", output, "--qi", "age", "--k", "2");
        AssertFailed(missing, output, "missing.csv: file not found");
    }

    [Fact]
    public async Task BadOptions_AreExplained()
    {
        var output = Path.Combine(_folder, "out.csv");
        var input = WriteSmallCsv();
        AssertFailed(await AgoraProcess.RunAsync("anonymise", input, "--out", output, "--qi", "age", "--k", "2"), output, "no hierarchy for quasi-identifier 'age'");
        AssertFailed(await AgoraProcess.RunAsync("anonymise", input, "--out", output, "--qi", "age", "--builder", "age=interval:10", "--k", "2", "--metric", "fun"), output, "unknown metric 'fun'");
        AssertFailed(await AgoraProcess.RunAsync("anonymise", input, "--out", output, "--qi", "age", "--builder", "age=interval:10", "--k", "2", "--l-diversity", "distinct:2"), output, "needs --sensitive");
        AssertFailed(await AgoraProcess.RunAsync("anonymise", input, "--out", output, "--qi", "age", "--builder", "age=buckets", "--k", "2"), output, "unknown hierarchy builder");
    }

    [Fact]
    public async Task Risk_ReportsProsecutorJournalistMarketerAndPopulationUniqueness()
    {
        var report = Path.Combine(_folder, "risk.json");
        var run = await AgoraProcess.RunAsync("risk", Path.Combine(AdultBenchmark.ArxFolder, "adult.csv"), "--qi", "age,sex,race",
            "--population", "317238626", "--report", report);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("prosecutor: highest 1", run.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var risk = json.RootElement.GetProperty("risk");
        Assert.Equal(30_162, risk.GetProperty("records").GetInt64());
        Assert.Equal(1.0, risk.GetProperty("prosecutor").GetProperty("highest").GetDouble());
        var uniques = risk.GetProperty("sampleUniques").GetInt64();
        Assert.True(uniques > 0);
        var population = risk.GetProperty("populationUniqueness");
        Assert.Equal("pitman", population.GetProperty("dankarModel").GetString());
        Assert.True(population.GetProperty("dankar").GetDouble() is > 0 and < 1);
    }

    private string WriteSmallCsv()
    {
        var path = Path.Combine(_folder, "small.csv");
        File.WriteAllText(path, "zip,age\n1000,30\n1000,40\n2000,30\n2000,40\n");
        return path;
    }

    private static void AssertFailed(AgoraProcess.Outcome run, string output, params string[] messageParts)
    {
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        foreach (var part in messageParts)
        {
            Assert.Contains(part, run.Error, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(output), "no output file may be left behind");
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, ".*.tmp*"));
    }

    private static bool Covers(string label, int value)
    {
        var parts = label.Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var low)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var high) && low <= value && value <= high;
    }

    private static string Summary(string standardOutput) => standardOutput.Split('\n')[0].Split(", ", StringSplitOptions.None)
        .Where(p => !p.Contains("checked", StringComparison.Ordinal)).Aggregate((a, b) => a + ", " + b);

    private static long Scalar(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
