using Agora.Data.Querying;
using CsCheck;

namespace Agora.Data.Tests.Querying;

/// <summary>Fuzzing of the checker: whatever the input, it either accepts a query over granted relations or refuses it with a
/// <see cref="QueryRefusedException"/>; it never crashes with anything else.</summary>
public sealed class SqlCheckerPropertyTests
{
    private static readonly string[] Granted = ["people"];
    private static readonly SqlChecker Checker = new();

    private static readonly Gen<string> Token = Gen.OneOf(
        "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "LIMIT", "HAVING", "WITH", "AS", "UNION", "JOIN", "ON", "(", ")", ",", "*", ";",
        "people", "secret", "'/etc/passwd'", "read_csv('/etc/passwd')", "glob('*')", "COUNT(*)", "SUM(income)", "AVG(age)", "MAX(x)",
        "region", "age", "income", "1", "0.5", "'a'", "=", ">", "AND", "OR", "NOT", "NULL", "CASE WHEN", "THEN", "END", "PRAGMA", "SET",
        "ATTACH", "COPY", "INSTALL", "LOAD", "getenv('X')", "x -> x", "$p", "?", "OVER ()", "DISTINCT", "information_schema.tables",
        "\"weird name\"", "--", "/*", "*/", "\n", "E'\\x00'");

    private static void AcceptOrRefuse(string sql, QueryOutputLevel level)
    {
        try
        {
            var result = Checker.Check(sql, Granted, level);
            Assert.All(result.RelationsRead, r => Assert.Equal("people", r, ignoreCase: true));
            Assert.DoesNotContain("read_csv", result.CanonicalTree, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"glob\"", result.CanonicalTree, StringComparison.OrdinalIgnoreCase);
        }
        catch (QueryRefusedException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.False(string.IsNullOrWhiteSpace(e.Rule));
        }
    }

    [Fact]
    public void RandomText_NeverCrashes() =>
        Gen.String[0, 300].Sample(sql => AcceptOrRefuse(sql, QueryOutputLevel.RowLevel), iter: 400);

    [Fact]
    public void RandomTokenSequences_NeverCrash() =>
        Gen.Select(Token.Array[1, 25], Gen.Bool).Sample(t => AcceptOrRefuse(string.Join(' ', t.Item1), t.Item2 ? QueryOutputLevel.RowLevel : QueryOutputLevel.AggregatesOnly), iter: 600);

    [Fact]
    public void WellFormedQueriesWithForbiddenSources_AreAlwaysRefused()
    {
        var source = Gen.OneOf("read_csv('/etc/passwd')", "'/etc/passwd'", "secret", "glob('/*')", "read_parquet('x.parquet')", "information_schema.columns");
        var projection = Gen.OneOf("*", "COUNT(*)", "region, COUNT(*)", "AVG(age)");
        var wrap = Gen.Int[0, 3];
        Gen.Select(source, projection, wrap).Sample(t =>
        {
            var (from, select, depth) = (t.Item1, t.Item2, t.Item3);
            var sql = $"SELECT {select} FROM {from}";
            for (var i = 0; i < depth; i++)
            {
                sql = $"SELECT * FROM people WHERE age IN (SELECT 1 FROM ({sql}) AS s{i})";
            }
            var error = Assert.Throws<QueryRefusedException>(() => Checker.Check(sql, Granted, QueryOutputLevel.RowLevel));
            Assert.Contains(error.Rule, new[] { QueryRules.NoTableFunctions, QueryRules.GrantedRelationsOnly });
        }, iter: 200);
    }

    [Fact]
    public void DeeplyNestedExpression_IsRefusedNotCrashed()
    {
        var sql = "SELECT " + string.Concat(Enumerable.Repeat("abs(", 1500)) + "1" + string.Concat(Enumerable.Repeat(")", 1500)) + " FROM people";
        Assert.Throws<QueryRefusedException>(() => Checker.Check(sql, Granted, QueryOutputLevel.RowLevel));
        var sum = "SELECT " + string.Join(" + ", Enumerable.Repeat("age", 2500)) + " FROM people";
        AcceptOrRefuse(sum, QueryOutputLevel.RowLevel);
    }
}
