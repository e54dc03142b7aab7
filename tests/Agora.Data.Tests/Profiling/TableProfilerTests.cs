using Agora.Data.Profiling;
using Agora.Data.Profiling.Charts;
using DuckDB.NET.Data;

namespace Agora.Data.Tests.Profiling;

public sealed class TableProfilerTests
{
    private static DuckDBConnection Table()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE people AS SELECT * FROM (VALUES
              (1, 'Anna', 34, 'LU-1234', DATE '2020-01-01', DATE '2021-01-01'),
              (2, 'Ben', NULL, 'LU-2', DATE '2020-05-01', DATE '2020-04-01'),
              (3, 'Chloé', 250, 'xx', DATE '2019-03-03', DATE '2020-01-01'),
              (3, 'Chloé', 250, 'xx', DATE '2019-03-03', DATE '2020-01-01'),
              (5, 'Dan', 41, 'LU-77', DATE '2021-02-02', DATE '2022-02-02'))
              AS t(id, name, age, code, "start", "end")
            """;
        command.ExecuteNonQuery();
        return connection;
    }

    private static readonly FixedTime Now = new(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Profile_ComputesColumnStatistics()
    {
        using var connection = Table();
        var profile = TableProfiler.Profile(connection, "people", "people", null, Now);
        Assert.Equal(5, profile.Rows);
        var age = profile.Columns.Single(c => c.Name == "age");
        Assert.Equal(("numeric", 4L, 1L), (age.Kind, age.Count, age.Nulls));
        Assert.Equal(143.75, age.Mean!.Value, 6);
        Assert.Equal("34", age.Min);
        Assert.Equal("250", age.Max);
        Assert.Equal(4, age.Histogram!.Sum(b => b.Count));
        Assert.Equal(new ValueCount("250", 2), age.TopValues[0]);
        // An integer column has integer quantiles.
        Assert.All(age.Quantiles!.Values, q => Assert.Equal(Math.Round(q), q));
        var code = profile.Columns.Single(c => c.Name == "code");
        Assert.Equal(new ValueCount("A-9", 3), code.Patterns[0]);
        Assert.Equal(new ValueCount("a", 2), code.Patterns[1]);
        Assert.Equal((2L, 7L), (code.MinLength!.Value, code.MaxLength!.Value));
        // Letters of any script have a case: "Chloé" has the shape of "Anna".
        Assert.Equal([new ValueCount("Aa", 5)], profile.Columns.Single(c => c.Name == "name").Patterns);
    }

    [Fact]
    public void Quality_WithoutDeclarations_AssessesCompletenessAndUniquenessOnly()
    {
        using var connection = Table();
        var quality = TableProfiler.Profile(connection, "people", "people", null, Now).Quality;
        Assert.Equal(1 - (1 / 30.0), quality.Completeness, 6);
        Assert.Equal(1, quality.DuplicateRows);
        Assert.Equal(0.8, quality.Uniqueness, 6);
        Assert.Null(quality.Validity);
        Assert.Null(quality.Consistency);
        Assert.Null(quality.Timeliness);
        Assert.Equal((quality.Completeness + quality.Uniqueness) / 2, quality.Overall, 6);
    }

    [Fact]
    public void Quality_ChecksDeclaredConstraintsRulesAndTimeliness()
    {
        using var connection = Table();
        var expectations = new QualityExpectations
        {
            Columns = new Dictionary<string, ColumnConstraints>
            {
                ["age"] = new() { Type = "integer", Maximum = 120, Required = true },
                ["code"] = new() { Regex = "LU-[0-9]+" },
                ["id"] = new() { Unique = true },
            },
            Consistency = [new ConsistencyRule("dates in order", "\"end\" >= start")],
            UpdateFrequency = "P10D",
            LastModified = Now.GetUtcNow().AddDays(-15),
        };
        var quality = TableProfiler.Profile(connection, "people", "people", expectations, Now).Quality;
        // Checked cells: age type 4 + age max 4 + age required 5 + code regex 5 = 18; failing: 2 (max) + 1 (required) + 2 (regex).
        Assert.Equal(1 - (5 / 18.0), quality.Validity!.Value, 6);
        Assert.Equal(0.8, quality.Consistency!.Value, 6);
        Assert.Equal(0.5, quality.Timeliness!.Value, 6);
        Assert.Contains(quality.Findings, f => f is { Dimension: "validity", Column: "code", FailingRows: 2 });
        Assert.Contains(quality.Findings, f => f is { Dimension: "uniqueness", Column: "id", FailingRows: 1 });
    }

    [Fact]
    public void Quality_RejectsUnknownColumnsAndUnsafeRules()
    {
        using var connection = Table();
        var unknown = new QualityExpectations { Columns = new Dictionary<string, ColumnConstraints> { ["salary"] = new() { Minimum = 0 } } };
        Assert.Contains("salary", Assert.Throws<ArgumentException>(() => TableProfiler.Profile(connection, "people", "people", unknown, Now)).Message);
        foreach (var rule in new[] { "age > 0; DROP TABLE people", "age IN (SELECT 1)", "read_csv('/etc/passwd') IS NULL", "age > 0 -- x", "salary > 0" })
        {
            var bad = new QualityExpectations { Consistency = [new ConsistencyRule("bad", rule)] };
            Assert.Throws<ArgumentException>(() => TableProfiler.Profile(connection, "people", "people", bad, Now));
        }
    }

    [Fact]
    public void SafeRuleExpression_RebuildsAllowedRules()
    {
        var sql = SafeRuleExpression.ToSql("lower(Name) <> 'x' AND age BETWEEN 0 AND 120 OR \"end\" != start", ["name", "age", "start", "end"]);
        Assert.Equal("lower(\"name\" ) <> 'x' AND \"age\" BETWEEN 0 AND 120 OR \"end\" <> \"start\"", sql);
    }

    [Fact]
    public void Json_HasTheDocumentedShape_AndRoundTrips()
    {
        using var connection = Table();
        var profile = TableProfiler.Profile(connection, "people", "people", null, Now);
        var json = ProfileJson.Serialize(profile);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("agora.profile/1", root.GetProperty("schema").GetString());
        foreach (var name in new[] { "table", "profiledAt", "rows", "columns", "quality" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }
        var column = root.GetProperty("columns")[0];
        foreach (var name in new[] { "name", "type", "kind", "count", "nulls", "distinct", "min", "max", "mean", "stdDev", "quantiles", "histogram", "topValues", "patterns" })
        {
            Assert.True(column.TryGetProperty(name, out _), name);
        }
        Assert.Equal(profile.Rows, ProfileJson.Deserialize(json)!.Rows);
    }

    [Fact]
    public void Charts_AreAccessibleSvg()
    {
        var histogram = SvgCharts.Histogram([new HistogramBin(0, 1, 3), new HistogramBin(1, 2, 5)], "Ages <x>");
        Assert.StartsWith("<svg", histogram, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", histogram, StringComparison.Ordinal);
        Assert.Contains("<title id=", histogram, StringComparison.Ordinal);
        Assert.Contains("Ages &lt;x&gt;", histogram, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(histogram, "<rect"));
        Assert.Contains("not assessed", SvgCharts.Gauge(null, "Validity"), StringComparison.Ordinal);
        Assert.Contains("80%", SvgCharts.Gauge(0.8, "Completeness"), StringComparison.Ordinal);
        // Named by the title, described by the figures; a score just under 1 does not read as perfect.
        Assert.Matches("aria-labelledby=\"(c\\d+)-t\" aria-describedby=\"\\1-d\"", histogram);
        Assert.Contains("<title id=\"c", SvgCharts.Gauge(0.9984, "Validity"), StringComparison.Ordinal);
        Assert.Contains(">Validity: 99.8%</title>", SvgCharts.Gauge(0.9984, "Validity"), StringComparison.Ordinal);
        Assert.Contains(">Validity: 100%</title>", SvgCharts.Gauge(1, "Validity"), StringComparison.Ordinal);
        var french = new ChartWording { NotAssessed = "non évalué", NotAssessedMark = "n.d.", GaugeNotAssessed = "{0} n'est pas évalué." };
        var unassessed = System.Net.WebUtility.HtmlDecode(SvgCharts.Gauge(null, "Validité", wording: french));
        Assert.Contains(">Validité: non évalué</title>", unassessed, StringComparison.Ordinal);
        Assert.Contains("Validité n'est pas évalué.</desc>", unassessed, StringComparison.Ordinal);
        Assert.Contains(">n.d.</text>", unassessed, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(SvgCharts.TopValues([new("a", 3), new("b", 2), new("c", 1)], "Top", 6), "<rect"));
    }

    [Fact]
    public void Profile_GivesQuantilesForEveryNumericType()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE TABLE numbers AS SELECT i::TINYINT AS tiny, i::HUGEINT AS huge, i::UBIGINT AS unsigned, (i / 4)::DECIMAL(10, 2) AS money,
                  (i / 3)::FLOAT AS single, (i / 7)::DOUBLE AS double FROM range(1, 101) t(i)
                """;
            command.ExecuteNonQuery();
        }
        var profile = TableProfiler.Profile(connection, "numbers", "numbers", null, Now);
        Assert.All(profile.Columns, c => Assert.Equal(5, c.Quantiles!.Count));
        Assert.InRange(profile.Columns.Single(c => c.Name == "huge").Quantiles!["p50"], 45, 56);
        Assert.InRange(profile.Columns.Single(c => c.Name == "money").Quantiles!["p50"], 11, 14);
    }

    [Fact]
    public void TopValues_TheLongestBarsCount_FitsInTheChart()
    {
        var svg = SvgCharts.TopValues([new("Male", 20_380), new("Female", 9_782)], "Sex", 30_162, width: 360);
        const string label = "20,380 (68%)";
        var x = System.Text.RegularExpressions.Regex.Match(svg, "<text x=\"([0-9.]+)\"[^>]*>" + System.Text.RegularExpressions.Regex.Escape(label) + "<");
        Assert.True(x.Success, svg);
        // 11-pixel text is at most 7 pixels a character wide.
        Assert.True(double.Parse(x.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + (label.Length * 7) <= 360, svg);
    }

    /// <summary>Charts draw numbers and percentages in the culture the page hands in (they used to say "99.8%" and
    /// "20,380 (68 %)" on a French page); English keeps "80%".</summary>
    [Fact]
    public void Charts_FormatNumbersAndPercentagesInTheWordingsCulture()
    {
        // As the web pages' French culture: the percent sign with its non-breaking space.
        var culture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.GetCultureInfo("fr-LU").Clone();
        culture.NumberFormat.PercentSymbol = "\u00a0%";
        var french = new ChartWording { Culture = culture };
        var gauge = System.Net.WebUtility.HtmlDecode(SvgCharts.Gauge(0.9984, "Validité", wording: french));
        Assert.Contains(">99,8\u00a0%<", gauge, StringComparison.Ordinal);
        var bars = System.Net.WebUtility.HtmlDecode(SvgCharts.TopValues([new("Homme", 20_380), new("Femme", 9_782)], "Sexe", 30_162, wording: french));
        Assert.Contains(">20.380 (68\u00a0%)<", bars, StringComparison.Ordinal);
        Assert.Contains(">20,380 (68%)<", SvgCharts.TopValues([new("Male", 20_380), new("Female", 9_782)], "Sex", 30_162), StringComparison.Ordinal);
        var histogram = System.Net.WebUtility.HtmlDecode(SvgCharts.Histogram([new(0.5, 1.5, 3), new(1.5, 2.5, 1)], "Âges", wording: french));
        Assert.Contains("2 bins from 0,5 to 2,5", histogram, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlReport_IsOneSelfContainedPage()
    {
        using var connection = Table();
        var html = ProfileHtmlReport.Render(TableProfiler.Profile(connection, "people", "people", null, Now));
        Assert.StartsWith("<!DOCTYPE html><html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
