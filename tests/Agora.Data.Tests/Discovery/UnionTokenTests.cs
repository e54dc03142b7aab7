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
}
