using Agora.Data.Querying;
using Agora.Privacy.Disclosure;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Tests.Querying;

/// <summary>Engine-level attacks from the issue: each must be refused with a clear rule and message, or neutralised.</summary>
public sealed class AttackTests(QueryData data) : IClassFixture<QueryData>
{
    private static readonly DifferentialPrivacyProtection Dp = new(PrivacyCost.Pure(1.0, 1e-6));
    private readonly ControlledQueryEngine _engine = new(random: new SeededRandomSource(99));

    private QueryRefusedException Refused(string sql, OutputProtection? protection = null) =>
        Assert.Throws<QueryRefusedException>(() => _engine.Prepare(new QueryRequest(sql, [data.People(), data.Stays()], protection ?? new RowLevelAccess())));

    public static TheoryData<string> FileReads() => new()
    {
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_parquet('/tmp/secret.parquet')",
        "SELECT * FROM parquet_scan('/tmp/secret.parquet')",
        "SELECT * FROM read_json_auto('/etc/hosts')",
        "SELECT * FROM glob('/*')",
        "SELECT * FROM query('SELECT 1')",
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM people WHERE name IN (SELECT * FROM read_csv('/etc/passwd'))",
        "WITH x AS (SELECT * FROM read_blob('/etc/shadow')) SELECT * FROM x",
    };

    [Theory]
    [MemberData(nameof(FileReads))]
    public void FileRead_ThroughTableFunction_IsRefused(string sql)
    {
        var error = Refused(sql);
        Assert.Equal(QueryRules.NoTableFunctions, error.Rule);
        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM '/etc/passwd'")]
    [InlineData("SELECT * FROM 'secret.parquet'")]
    [InlineData("SELECT COUNT(*) FROM \"/tmp/x.csv\"")]
    public void FilePathAsTable_IsRefused(string sql) => Assert.Equal(QueryRules.NoTableFunctions, Refused(sql).Rule);

    [Theory]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("RESET lock_configuration")]
    [InlineData("PRAGMA enable_profiling")]
    [InlineData("ATTACH '/tmp/other.db' AS other")]
    [InlineData("COPY people TO '/tmp/out.csv'")]
    [InlineData("EXPORT DATABASE '/tmp/dump'")]
    [InlineData("CREATE TABLE t AS SELECT * FROM people")]
    [InlineData("DROP VIEW people")]
    [InlineData("CALL pragma_version()")]
    [InlineData("DETACH memory")]
    public void NonSelectStatement_IsRefused(string sql)
    {
        var error = Refused(sql);
        Assert.Equal(QueryRules.SelectOnly, error.Rule);
        Assert.Contains("Only SELECT queries are allowed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM secret")]
    [InlineData("SELECT * FROM information_schema.tables")]
    [InlineData("SELECT * FROM pg_catalog.pg_class")]
    [InlineData("SELECT * FROM duckdb_tables")]
    [InlineData("SELECT * FROM system.main.people")]
    [InlineData("SELECT * FROM other.main.people")]
    public void RelationNotGranted_IsRefusedAndListsWhatIs(string sql)
    {
        var error = Refused(sql);
        Assert.Equal(QueryRules.GrantedRelationsOnly, error.Rule);
        Assert.Contains("You may query: people, stays", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT getenv('HOME')")]
    [InlineData("SELECT current_setting('memory_limit')")]
    [InlineData("SELECT list_transform([1], x -> x + 1)")]
    [InlineData("SELECT main.lower('A')")]
    public void DangerousOrUnknownFunction_IsRefused(string sql) =>
        Assert.Contains(Refused(sql).Rule, new[] { QueryRules.AllowedFunctions, QueryRules.UnsupportedConstruct });

    [Fact]
    public async Task Sandbox_EvenWithoutTheChecker_CannotReadFilesLoadExtensionsOrUnlock()
    {
        using var sandbox = QuerySandbox.Open([data.People()]);
        foreach (var sql in new[]
                 {
                     $"SELECT * FROM read_parquet('{data.SecretPath}')", "SELECT * FROM read_csv('/etc/passwd')", "LOAD httpfs", "INSTALL httpfs",
                     "SET enable_external_access = true", "SET lock_configuration = false", "ATTACH '/tmp/agora-attack.db'",
                     $"COPY (SELECT 1) TO '{Path.Combine(data.Folder, "leak.csv")}'",
                 })
        {
            var error = await Assert.ThrowsAsync<QueryFailedException>(() => sandbox.QueryAsync(sql));
            Assert.Matches("disabled|locked|Permission", error.Message);
        }
        Assert.False(File.Exists(Path.Combine(data.Folder, "leak.csv")));
        var granted = await sandbox.QueryAsync("SELECT COUNT(*) FROM people");
        Assert.Equal(2000L, Convert.ToInt64(granted.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void RowLevelOutput_WhereOnlyAggregatesAreAllowed_IsRefused()
    {
        var error = Refused("SELECT name, income FROM people", Dp);
        Assert.Equal(QueryRules.AggregatesOnly, error.Rule);
    }

    [Fact]
    public async Task TinyGroups_UnderDp_AreNotReleased()
    {
        // One group per person: every group has a single unit, so partition selection drops them all.
        var prepared = _engine.Prepare(new QueryRequest("SELECT name, AVG(income) FROM people GROUP BY name", [data.People()], Dp));
        var result = await _engine.RunAsync(prepared, new InMemoryPrivacyBudgetGate(new PrivacyBudgetLedger(PrivacyCost.Pure(10, 1e-3))));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public async Task TinyGroups_UnderSdc_AreHeldForReview()
    {
        var prepared = _engine.Prepare(new QueryRequest("SELECT AVG(income) FROM people WHERE id = 7", [data.People()],
            new DisclosureControlProtection(DisclosureRules.Default)));
        var result = await _engine.RunAsync(prepared);
        Assert.Equal(ReleaseStatus.HeldForReview, result.Status);
        Assert.Empty(result.Rows);
        Assert.Contains(result.Disclosure!.Findings, f => f.Message.Contains("1 contributor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AveragingRepeatedDpAnswers_GetsTheSameAnswerEveryTime()
    {
        var budget = new InMemoryPrivacyBudgetGate(new PrivacyBudgetLedger(PrivacyCost.Pure(3, 1e-4)));
        var answers = new List<object?>();
        for (var i = 0; i < 20; i++)
        {
            var spacing = new string(' ', i % 4 + 1);
            var prepared = _engine.Prepare(new QueryRequest($"SELECT{spacing}AVG(income) FROM people WHERE region = 'north'", [data.People()], Dp));
            answers.Add((await _engine.RunAsync(prepared, budget)).Rows[0][0].Value);
        }
        Assert.Single(answers.Distinct());
        Assert.Single(budget.Ledger.Charges);
    }
}
