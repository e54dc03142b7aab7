using Agora.Data.Files;

namespace Agora.Data.Tests.Files;

public sealed class TabularFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-tabular-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void OpenAsView_SemicolonCsv_ReadsHeaderAndKeepsLeadingZeros()
    {
        var path = Path.Combine(_folder, "people.csv");
        File.WriteAllText(path, "zip;name\n01234;Ann\n05678;Bo\n");
        using var connection = TabularFile.OpenAsView(path);
        Assert.Equal(["zip", "name"], TabularFile.ColumnNames(connection));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(zip) FROM input";
        Assert.Equal("01234", command.ExecuteScalar());
    }

    [Fact]
    public void WriteAtomically_ToParquet_RoundTripsAndLeavesNoTemporaryFile()
    {
        var input = Path.Combine(_folder, "in.csv");
        File.WriteAllText(input, "a,b\n1,x\n2,y\n");
        var output = Path.Combine(_folder, "out.parquet");
        using (var connection = TabularFile.OpenAsView(input))
        {
            TabularFile.WriteAtomically(connection, "SELECT * FROM input", output);
        }
        using var reread = TabularFile.OpenAsView(output);
        using var command = reread.CreateCommand();
        command.CommandText = "SELECT count(*) FROM input";
        Assert.Equal(2L, Convert.ToInt64(command.ExecuteScalar()));
        Assert.Equal(["in.csv", "out.parquet"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void OpenAsView_MissingFile_NamesTheFile()
    {
        var error = Assert.Throws<TabularFileException>(() => TabularFile.OpenAsView(Path.Combine(_folder, "nope.csv")));
        Assert.Contains("nope.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatOf_UnknownExtension_SaysWhatIsExpected()
    {
        var error = Assert.Throws<TabularFileException>(() => TabularFile.FormatOf("data.xlsx"));
        Assert.Contains(".parquet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_EscapesQuotes() => Assert.Equal("'it''s'", DuckDbSql.Literal("it's"));
}
