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
    public void OpenForRepeatedScans_CopiesACsvOnce_AndKeepsParquetAsAView()
    {
        var csv = Path.Combine(_folder, "scores.csv");
        File.WriteAllText(csv, "id,score\n1,0.5\n2,0.75\n");
        using (var connection = TabularFile.OpenForRepeatedScans(csv, allText: false))
        {
            Assert.Equal("LOCAL TEMPORARY", TableType(connection, "input"));
            // The copy no longer needs the file, and keeps the types DuckDB detected.
            File.Delete(csv);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sum(score) FROM input";
            Assert.Equal(1.25, Convert.ToDouble(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }
        var parquet = Path.Combine(_folder, "scores.parquet");
        using (var source = TabularFile.OpenAsView(WriteCsv("source.csv", "id,score\n1,0.5\n")))
        {
            TabularFile.WriteAtomically(source, "SELECT * FROM input", parquet);
        }
        using var reread = TabularFile.OpenForRepeatedScans(parquet, "scores");
        Assert.Equal("VIEW", TableType(reread, "scores"));
    }

    [Fact]
    public void OpenForRepeatedScans_BadRowDeepInTheFile_FailsAtOpen_NamingTheFile()
    {
        // A view would only meet the bad row during some later scan; the copy meets it at once.
        var path = WriteCsv("late.csv", "a,b\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i},x\n")) + "1,2,3,4\n");
        var error = Assert.Throws<TabularFileException>(() => TabularFile.OpenForRepeatedScans(path, allText: false));
        Assert.Contains("late.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatOf_UnknownExtension_SaysWhatIsExpected()
    {
        var error = Assert.Throws<TabularFileException>(() => TabularFile.FormatOf("data.xlsx"));
        Assert.Contains(".parquet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_EscapesQuotes() => Assert.Equal("'it''s'", DuckDbSql.Literal("it's"));

    private string WriteCsv(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string TableType(DuckDB.NET.Data.DuckDBConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT table_type FROM information_schema.tables WHERE table_name = {DuckDbSql.Literal(name)}";
        return (string)command.ExecuteScalar()!;
    }
}
