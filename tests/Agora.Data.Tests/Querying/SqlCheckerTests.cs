using Agora.Data.Querying;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Tests.Querying;

public sealed class SqlCheckerTests
{
    private static readonly string[] Granted = ["people", "stays"];
    private readonly SqlChecker _checker = new();

    [Theory]
    [InlineData("SELECT region, COUNT(*) FROM people GROUP BY region")]
    [InlineData("select Region, count(*) as n, avg(income), median(age), quantile_cont(age, 0.9) from PEOPLE p where p.age > 30 and sex = 'F' group by region")]
    [InlineData("SELECT COUNT(*) FROM people WHERE name LIKE 'a%' AND age BETWEEN 20 AND 30")]
    [InlineData("SELECT floor(age / 10) * 10, SUM(income) FROM people GROUP BY floor(age / 10) * 10")]
    public void Check_AggregateForm_IsAccepted(string sql)
    {
        var checkedQuery = _checker.Check(sql, Granted, QueryOutputLevel.AggregatesOnly);
        Assert.NotNull(checkedQuery.Aggregate);
        Assert.Equal(["people"], checkedQuery.RelationsRead.Select(r => r.ToLowerInvariant()));
    }

    [Fact]
    public void Check_ExtractsKeysAggregatesAndOutputNames()
    {
        var query = _checker.Check("SELECT region AS r, COUNT(*) AS n, AVG(income), QUANTILE_CONT(age, 0.25) FROM people WHERE age > 20 GROUP BY region",
            Granted, QueryOutputLevel.AggregatesOnly).Aggregate!;
        Assert.Equal("region", query.Keys.Single().Column);
        Assert.Equal([DpAggregateKind.CountRows, DpAggregateKind.Mean, DpAggregateKind.Quantile], query.Aggregates.Select(a => a.Kind));
        Assert.Equal(0.25, query.Aggregates[2].QuantileLevel);
        Assert.Equal(["r", "n", "AVG(income)"], query.Outputs.Take(3).Select(o => o.Name));
        Assert.Equal("(age > 20)", query.WhereSql);
    }

    [Theory]
    [InlineData("SELECT name FROM people", QueryRules.AggregatesOnly, "neither a GROUP BY key nor an aggregate")]
    [InlineData("SELECT region, income FROM people GROUP BY region", QueryRules.AggregatesOnly, "'income'")]
    [InlineData("SELECT MAX(income) FROM people", QueryRules.AggregatesOnly, "MAX reveals")]
    [InlineData("SELECT SUM(income * 2) FROM people", QueryRules.AggregatesOnly, "to a column directly")]
    [InlineData("SELECT COUNT(*) FROM people WHERE id IN (SELECT person_id FROM stays)", QueryRules.AggregatesOnly, "Subqueries are not allowed in WHERE")]
    [InlineData("SELECT COUNT(*) FROM people p JOIN stays s ON p.id = s.person_id", QueryRules.AggregatesOnly, "without joins")]
    [InlineData("SELECT region, COUNT(*) FROM people GROUP BY region HAVING COUNT(*) > 5", QueryRules.AggregatesOnly, "HAVING")]
    [InlineData("SELECT region, COUNT(*) FROM people GROUP BY region ORDER BY 2", QueryRules.AggregatesOnly, "ORDER BY")]
    [InlineData("SELECT COUNT(DISTINCT region) FROM people", QueryRules.AggregatesOnly, "DISTINCT")]
    [InlineData("SELECT region, COUNT(*) FROM people GROUP BY ALL", QueryRules.AggregatesOnly, "GROUP BY ALL")]
    [InlineData("SELECT region, COUNT(*) FROM people GROUP BY ROLLUP (region)", QueryRules.AggregatesOnly, "ROLLUP")]
    [InlineData("SELECT SUM(income) OVER () FROM people", QueryRules.AggregatesOnly, "Window functions")]
    [InlineData("SELECT COUNT(*) FROM people UNION ALL SELECT COUNT(*) FROM stays", QueryRules.AggregatesOnly, "UNION")]
    public void Check_RowLevelOrNonRestrictedAggregate_IsRefusedWithReason(string sql, string rule, string expected)
    {
        var error = Assert.Throws<QueryRefusedException>(() => _checker.Check(sql, Granted, QueryOutputLevel.AggregatesOnly));
        Assert.Equal(rule, error.Rule);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT p.name, s.days FROM people p JOIN stays s ON p.id = s.person_id ORDER BY 2 DESC LIMIT 5")]
    [InlineData("WITH young AS (SELECT * FROM people WHERE age < 30) SELECT name FROM young UNION SELECT ward FROM stays")]
    [InlineData("SELECT name, row_number() OVER (PARTITION BY region ORDER BY age) FROM people")]
    public void Check_RowLevel_AllowsJoinsCtesAndWindows(string sql) =>
        Assert.Null(_checker.Check(sql, Granted, QueryOutputLevel.RowLevel).Aggregate);

    [Fact]
    public void Check_CteNameOutOfScope_IsNotARelation()
    {
        var error = Assert.Throws<QueryRefusedException>(() =>
            _checker.Check("SELECT * FROM (WITH secret AS (SELECT 1) SELECT * FROM secret), secret", Granted, QueryOutputLevel.RowLevel));
        Assert.Equal(QueryRules.GrantedRelationsOnly, error.Rule);
    }

    [Fact]
    public void CanonicalTree_IgnoresSpacingAndKeywordCase()
    {
        var a = _checker.Check("SELECT region, COUNT(*) FROM people GROUP BY region", Granted, QueryOutputLevel.AggregatesOnly);
        var b = _checker.Check("select   region,\n count( * )  from people\tgroup by region", Granted, QueryOutputLevel.AggregatesOnly);
        Assert.Equal(a.CanonicalTree, b.CanonicalTree);
    }

    [Fact]
    public void Check_TwoStatements_IsRefused()
    {
        var error = Assert.Throws<QueryRefusedException>(() => _checker.Check("SELECT 1; SELECT 2", Granted, QueryOutputLevel.RowLevel));
        Assert.Equal(QueryRules.SingleStatement, error.Rule);
    }
}
