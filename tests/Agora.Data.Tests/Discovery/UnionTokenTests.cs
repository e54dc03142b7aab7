using Agora.Data.Discovery;
using Agora.Data.Discovery.Union;

namespace Agora.Data.Tests.Discovery;

public sealed class UnionTokenTests
{
    [Theory]
    [InlineData("column0", true)]
    [InlineData("column07", true)]
    [InlineData("column", false)]
    [InlineData("column_a", false)]
    [InlineData("Column1", false)]
    [InlineData("columns", false)]
    [InlineData("country", false)]
    public void PlaceholderNames_AreOnlyColumnFollowedByDigits(string name, bool placeholder) =>
        Assert.Equal(placeholder, Tokens.IsPlaceholderName(name));

    [Fact]
    public void HeaderTokens_LeaveOutTheNamesTheReaderMadeUpForBlankHeaderCells()
    {
        var folder = Directory.CreateTempSubdirectory("agora-union-tokens-").FullName;
        try
        {
            // A leading and a trailing separator give blank header cells, which DuckDB names column0 and column3.
            var path = Path.Combine(folder, "ragged.csv");
            File.WriteAllText(path, "|Country|Capital|\n|France|Paris|\n|Spain|Madrid|\n|Italy|Rome|\n");
            var sketch = TableSketcher.SketchFile(path).Query.Sketch;
            Assert.Contains(sketch.Columns, c => Tokens.IsPlaceholderName(c.Name));
            Assert.Equal(["country", "capital"], sketch.Union.HeaderTokens);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ValueTokens_CountEverySpellingOfAValue_AndDoNotDependOnRowOrder()
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            // "Yes", " yes " and "YES" are one normalised value held by 4 cells; 300 distinct names, more than the 50 whose
            // tokens are kept, in two row orders.
            command.CommandText = """
                CREATE TABLE forward AS SELECT 'name ' || i AS name, CASE i % 4 WHEN 0 THEN 'Yes' WHEN 1 THEN ' yes ' ELSE 'YES' END AS ok
                  FROM range(4) t(i) UNION ALL SELECT 'name ' || i, NULL FROM range(4, 300) t(i);
                CREATE TABLE backward AS SELECT * FROM forward ORDER BY name DESC;
                """;
            command.ExecuteNonQuery();
        }
        var options = new SketchOptions(MaxTokenValuesPerColumn: 50);
        var forward = TableSketcher.SketchRelation(connection, "forward", "t", "t", options).Query.Sketch.Union;
        var backward = TableSketcher.SketchRelation(connection, "backward", "t", "t", options).Query.Sketch.Union;
        Assert.Equal(4, forward.ValueTokens["yes"]);
        Assert.Equal(forward.ValueTokens.OrderBy(p => p.Key, StringComparer.Ordinal), backward.ValueTokens.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(forward.Values.Hashes.ToArray(), backward.Values.Hashes.ToArray());
    }
}
