using Agora.Data.Querying;
using Agora.Privacy.Disclosure;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Tests.Querying;

public sealed class ControlledQueryEngineTests(QueryData data) : IClassFixture<QueryData>
{
    private static readonly DifferentialPrivacyProtection Dp = new(PrivacyCost.Pure(1.0, 1e-6));

    private static InMemoryPrivacyBudgetGate Budget(double epsilon = 10) => new(new PrivacyBudgetLedger(PrivacyCost.Pure(epsilon, 1e-4)));

    private static ControlledQueryEngine Engine(int seed = 7) => new(random: new SeededRandomSource(seed));

    private async Task<QueryResult> RunAsync(ControlledQueryEngine engine, string sql, OutputProtection protection, IPrivacyBudgetGate? budget = null,
        params GrantedRelation[] relations)
    {
        var prepared = engine.Prepare(new QueryRequest(sql, relations.Length == 0 ? [data.People()] : relations, protection));
        return await engine.RunAsync(prepared, budget ?? Budget());
    }

    [Fact]
    public async Task Dp_CountByPublicRegion_ReleasesEveryListedKeyWithIntervals()
    {
        var result = await RunAsync(Engine(), "SELECT region, COUNT(*) AS n FROM people GROUP BY region", Dp, null, data.People(publicRegions: true));
        Assert.Equal(QueryProtectionKind.DifferentialPrivacy, result.Protection);
        Assert.Equal(["centre", "east", "north", "south", "west"], result.Rows.Select(r => (string)r[0].Value!));
        foreach (var row in result.Rows.Skip(1))
        {
            var exact = data.Exact($"SELECT COUNT(*) FROM people WHERE region = '{row[0].Value}'");
            var cell = row[1];
            Assert.InRange((double)cell.Value!, exact - 20, exact + 20);
            Assert.NotNull(cell.Accuracy);
            Assert.Equal(0.95, cell.Accuracy!.Confidence);
        }
        Assert.Equal(1.0, result.Cost!.Epsilon, 12);
        Assert.Equal(0, result.Cost.Delta);
    }

    [Fact]
    public async Task Dp_KeysFromData_DropsTheTinyIslandByPartitionSelection()
    {
        var result = await RunAsync(Engine(), "SELECT region, COUNT(*) FROM people GROUP BY region", Dp);
        var regions = result.Rows.Select(r => (string)r[0].Value!).ToList();
        Assert.Equal(QueryData.Regions, regions);
        Assert.DoesNotContain("island", regions);
        Assert.Equal(1e-6, result.Cost!.Delta);
    }

    [Fact]
    public async Task Dp_MeanAndMedian_AreCloseToTheTruth()
    {
        var result = await RunAsync(Engine(), "SELECT AVG(income) AS mean_income, MEDIAN(age) AS median_age FROM people", Dp);
        var row = Assert.Single(result.Rows);
        var mean = data.Exact("SELECT AVG(income) FROM people");
        Assert.InRange((double)row[0].Value!, mean - 3000, mean + 3000);
        Assert.True(row[0].Accuracy!.Lower <= mean && mean <= row[0].Accuracy!.Upper);
        var median = data.Exact("SELECT MEDIAN(age) FROM people");
        Assert.InRange((double)row[1].Value!, median - 5, median + 5);
        Assert.Equal(AccuracyScale.Rank, row[1].Accuracy!.Scale);
    }

    [Fact]
    public async Task Dp_PrivacyUnitWithManyRows_CountsAtMostOneRowPerPerson()
    {
        var result = await RunAsync(Engine(), "SELECT COUNT(*) FROM stays", Dp, null, data.Stays(rowsPerGroup: 1));
        var persons = data.Exact("SELECT COUNT(DISTINCT person_id) FROM stays");
        var rows = data.Exact("SELECT COUNT(*) FROM stays");
        Assert.True(rows > persons * 2);
        Assert.InRange((double)result.Rows[0][0].Value!, persons - 20, persons + 20);
    }

    [Fact]
    public async Task Dp_SumOfDaysPerWard_IsBoundedPerPerson()
    {
        var result = await RunAsync(Engine(), "SELECT ward, SUM(days) FROM stays GROUP BY ward", Dp, null, data.Stays(rowsPerGroup: 2));
        Assert.Equal(["A", "B", "C"], result.Rows.Select(r => (string)r[0].Value!));
        var total = result.Rows.Sum(r => (double)r[1].Value!);
        var unbounded = data.Exact("SELECT SUM(days) FROM stays");
        Assert.True(total < unbounded, "each person adds at most 2 stays to one ward, so the bounded total is smaller");
        Assert.True(total > 0);
    }

    [Fact]
    public async Task Dp_Zcdp_UsesGaussianNoiseAndChargesRho()
    {
        var budget = new InMemoryPrivacyBudgetGate(new PrivacyBudgetLedger(PrivacyCost.Zcdp(1.0, 1e-5)));
        var protection = new DifferentialPrivacyProtection(PrivacyCost.Zcdp(0.5));
        var result = await RunAsync(Engine(), "SELECT ward, COUNT(*), MEDIAN(days) FROM stays GROUP BY ward", protection, budget, data.Stays(rowsPerGroup: 3));
        Assert.Equal(3, result.Rows.Count);
        Assert.All(result.Rows, r => Assert.InRange((double)r[2].Value!, 0, 30));
        Assert.Equal(0.5, budget.Ledger.Spent.Rho, 12);
        Assert.Contains(result.Notes, n => n.Contains("ρ = 0.5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dp_HistogramOfBinnedAges_ReleasesOnlyLargeBins()
    {
        var result = await RunAsync(Engine(), "SELECT floor(age / 10) * 10 AS decade, COUNT(*) FROM people GROUP BY floor(age / 10) * 10", Dp);
        Assert.Equal(["decade", "COUNT(*)"], result.Columns.Select(c => c.Name));
        Assert.InRange(result.Rows.Count, 6, 8);
        Assert.All(result.Rows, r => Assert.True((double)r[1].Value! > 20));
    }

    [Fact]
    public async Task Dp_RepeatedQuery_IsAnsweredFromCacheAtNoCost()
    {
        var engine = Engine();
        var budget = Budget();
        var first = await RunAsync(engine, "SELECT sex, AVG(income) FROM people GROUP BY sex", Dp, budget, data.People(publicRegions: true));
        var second = await RunAsync(engine, "select sex,   avg(income)\nfrom people group by sex", Dp, budget, data.People(publicRegions: true));
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Rows.Select(r => r[1].Value), second.Rows.Select(r => r[1].Value));
        Assert.Single(budget.Ledger.Charges);
        Assert.Equal(0, second.Cost!.Epsilon);
    }

    [Fact]
    public async Task Dp_OverBudget_IsRefusedBeforeRunning()
    {
        var engine = Engine();
        var budget = Budget(epsilon: 1.5);
        await RunAsync(engine, "SELECT COUNT(*) FROM people", Dp, budget);
        var error = await Assert.ThrowsAsync<QueryRefusedException>(() => RunAsync(engine, "SELECT COUNT(*) FROM people WHERE age > 40", Dp, budget));
        Assert.Equal(QueryRules.PrivacyBudget, error.Rule);
        Assert.Contains("remains", error.Message, StringComparison.Ordinal);
        Assert.Single(budget.Ledger.Charges);
    }

    [Fact]
    public async Task Dp_FiftyConcurrentQueries_NeverExceedTheBudget()
    {
        var engine = Engine();
        var budget = Budget(epsilon: 5);
        var tasks = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                await RunAsync(engine, $"SELECT COUNT(*) FROM people WHERE age > {i}", Dp, budget);
                return true;
            }
            catch (QueryRefusedException e) when (e.Rule == QueryRules.PrivacyBudget)
            {
                return false;
            }
        })).ToList();
        var succeeded = (await Task.WhenAll(tasks)).Count(ok => ok);
        Assert.Equal(5, succeeded);
        Assert.True(budget.Ledger.Spent.FitsWithin(budget.Ledger.Limit));
    }

    [Fact]
    public async Task Dp_SumWithoutBounds_IsRefusedNamingTheColumn()
    {
        var error = Assert.Throws<QueryRefusedException>(() => Engine().Prepare(new QueryRequest("SELECT SUM(id) FROM people", [data.People()], Dp)));
        Assert.Equal(QueryRules.PrivacyMetadata, error.Rule);
        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Sdc_LargeGroups_AreReleasedWithCountsRoundedToFive()
    {
        var result = await RunAsync(Engine(), "SELECT sex, COUNT(*) AS n, AVG(age) FROM people GROUP BY sex", new DisclosureControlProtection(DisclosureRules.Default));
        Assert.Equal(ReleaseStatus.Released, result.Status);
        Assert.All(result.Rows, r => Assert.Equal(0, (double)r[1].Value! % 5));
        Assert.Equal(1000, (double)result.Rows[0][1].Value!);
    }

    [Fact]
    public async Task Sdc_SmallGroupAndDominance_AreHeldWithPlainReasons()
    {
        var result = await RunAsync(Engine(), "SELECT region, COUNT(*), SUM(wealth) FROM people GROUP BY region",
            new DisclosureControlProtection(DisclosureRules.Default));
        Assert.Equal(ReleaseStatus.HeldForReview, result.Status);
        Assert.Empty(result.Rows);
        Assert.Equal(5, result.HeldRows!.Count);
        var findings = result.Disclosure!.Findings;
        Assert.Contains(findings, f => f.Rule == DisclosureRule.MinimumCellCount && f.Message.Contains("region = island", StringComparison.Ordinal)
            && f.Message.Contains("3 contributor", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Rule == DisclosureRule.Dominance && f.Column == "SUM(wealth)");
    }

    [Fact]
    public async Task RowLevel_ReturnsRowsUpToTheLimit()
    {
        var engine = new ControlledQueryEngine(limits: new SandboxLimits(MaxRows: 10));
        var result = await RunAsync(engine, "SELECT id, name FROM people ORDER BY id", new RowLevelAccess());
        Assert.Equal(10, result.Rows.Count);
        Assert.Contains("first 10 rows", result.Notes.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncryptedParquet_IsReadWithTheKey_AndFailsClearlyWithout()
    {
        var result = await RunAsync(Engine(), "SELECT grp, COUNT(*) FROM encrypted GROUP BY grp", new DisclosureControlProtection(DisclosureRules.Default), null, data.Encrypted());
        Assert.Equal(3, result.Rows.Count);
        var error = await Assert.ThrowsAsync<QueryFailedException>(() =>
            RunAsync(Engine(), "SELECT COUNT(*) FROM encrypted", new DisclosureControlProtection(DisclosureRules.Default), null, data.Encrypted(withKey: false)));
        Assert.Contains("relation 'encrypted' cannot be read", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(data.Folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongQuery_IsInterruptedAtTheTimeLimit()
    {
        var engine = new ControlledQueryEngine(limits: new SandboxLimits(Timeout: TimeSpan.FromMilliseconds(300)));
        var error = await Assert.ThrowsAsync<QueryFailedException>(() =>
            RunAsync(engine, "SELECT COUNT(*) FROM people a, people b, people c WHERE a.age + b.age + c.age = 7", new RowLevelAccess()));
        Assert.Contains("limit and was stopped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovedAlgorithm_RunsWithTypedArgumentsUnderTheSameControl()
    {
        var algorithm = new ApprovedAlgorithm("older-by-region", "People above an age, per region",
            "SELECT region, COUNT(*) AS n FROM people WHERE age >= $min_age GROUP BY region",
            [new AlgorithmParameter("min_age", AlgorithmParameterType.Integer, 0, 120)]);
        algorithm.Validate(["people"]);
        var sql = algorithm.Render(new Dictionary<string, string> { ["min_age"] = "40" });
        Assert.Contains("(age >= 40)", sql, StringComparison.Ordinal);
        var result = await RunAsync(Engine(), sql, Dp);
        Assert.Equal(4, result.Rows.Count);

        var injection = Assert.Throws<QueryRefusedException>(() => algorithm.Render(new Dictionary<string, string> { ["min_age"] = "40; DROP TABLE people" }));
        Assert.Equal(QueryRules.AlgorithmArguments, injection.Rule);
        Assert.Throws<QueryRefusedException>(() => algorithm.Render(new Dictionary<string, string> { ["min_age"] = "500" }));
        Assert.Throws<QueryRefusedException>(() => algorithm.Render(new Dictionary<string, string>()));
    }

    [Fact]
    public void ApprovedAlgorithm_TemplateWithUndeclaredParameter_IsRejected()
    {
        var algorithm = new ApprovedAlgorithm("bad", "", "SELECT COUNT(*) FROM people WHERE age > $a AND income < $b",
            [new AlgorithmParameter("a", AlgorithmParameterType.Integer)]);
        var error = Assert.Throws<QueryRefusedException>(() => algorithm.Validate(["people"]));
        Assert.Contains("uses parameters [a, b] but declares [a]", error.Message, StringComparison.Ordinal);
        var reading = new ApprovedAlgorithm("reads", "", "SELECT * FROM read_csv($path)", [new AlgorithmParameter("path", AlgorithmParameterType.Text)]);
        Assert.Equal(QueryRules.NoTableFunctions, Assert.Throws<QueryRefusedException>(() => reading.Validate(["people"])).Rule);
    }

    [Fact]
    public void ApprovedAlgorithm_TextArgument_StaysAValue()
    {
        var algorithm = new ApprovedAlgorithm("by-name", "", "SELECT COUNT(*) FROM people WHERE name = $name",
            [new AlgorithmParameter("name", AlgorithmParameterType.Text)]);
        var sql = algorithm.Render(new Dictionary<string, string> { ["name"] = "x' OR '1'='1" });
        Assert.Contains("'x'' OR ''1''=''1'", sql, StringComparison.Ordinal);
    }
}
