using Agora.Data.Anonymisation;
using Agora.Data.Files;
using Agora.Privacy.Anonymisation;

namespace Agora.Data.Tests.Anonymisation;

public sealed class AnonymisationTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-anontable-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReadEncoded_GivesDictionaryAndCodesInRowOrder_MissingAsEmpty()
    {
        var path = Path.Combine(_folder, "in.csv");
        File.WriteAllText(path, "zip;city\n01234;Esch\n;Esch\n01234;\n09999;Wiltz\n");
        using var table = AnonymisationTable.Load(path);
        Assert.Equal(4, table.RowCount);
        var columns = table.ReadEncoded(["zip", "city"]);
        Assert.Equal(["01234", "", "01234", "09999"], Enumerable.Range(0, 4).Select(columns[0].ValueAt));
        Assert.Equal(["Esch", "Esch", "", "Wiltz"], Enumerable.Range(0, 4).Select(columns[1].ValueAt));
        Assert.Equal(3, columns[0].Dictionary.Count);
    }

    [Theory]
    [InlineData("zip;city\n\"01;2\";Esch, Alzette\n", "01;2", "Esch, Alzette")]
    [InlineData("zip,city\n\"01,2\",\"Esch; Alzette\"\n", "01,2", "Esch; Alzette")]
    [InlineData("zip\tcity\n012\tEsch\n", "012", "Esch")]
    [InlineData("\"zip;code\",city\n012,Esch\n", "012", "Esch")]
    public void Load_DetectsTheDelimiter_WithQuotesAndOtherDelimitersInValues(string content, string zip, string city)
    {
        // The delimiter is taken from the header when it holds exactly one candidate; otherwise DuckDB's sniffer picks it.
        var path = Path.Combine(_folder, "delimited.csv");
        File.WriteAllText(path, content);
        using var table = AnonymisationTable.Load(path);
        Assert.Equal(1, table.RowCount);
        Assert.Equal(2, table.Columns.Count);
        var columns = table.ReadEncoded(table.Columns);
        Assert.Equal(zip, columns[0].ValueAt(0));
        Assert.Equal(city, columns[1].ValueAt(0));
    }

    [Fact]
    public void ReadEncoded_UnknownColumn_ListsTheColumns()
    {
        var path = Path.Combine(_folder, "in.csv");
        File.WriteAllText(path, "a,b\n1,2\n");
        using var table = AnonymisationTable.Load(path);
        var error = Assert.Throws<TabularFileException>(() => table.ReadEncoded(["c"]));
        Assert.Contains("unknown attribute 'c'; the file has: a, b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAnonymised_ReplacesQuasiIdentifiers_SuppressesWithStar_KeepsOrderAndOtherColumns()
    {
        var path = Path.Combine(_folder, "in.parquet");
        var csv = Path.Combine(_folder, "seed.csv");
        var lines = new List<string> { "id,age,note" };
        lines.AddRange(Enumerable.Range(0, 2000).Select(i => $"{i},{20 + i % 7 + (i == 1999 ? 50 : 0)},n{i}"));
        File.WriteAllLines(csv, lines);
        using (var seed = TabularFile.OpenAsView(csv))
        {
            TabularFile.WriteAtomically(seed, "SELECT * FROM input", path);
        }
        using var table = AnonymisationTable.Load(path);
        var age = table.ReadEncoded(["age"])[0];
        var result = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(age, HierarchyBuilders.Intervals("age", age.Dictionary, [10, 100]))],
            Models = [new KAnonymity(2)],
            SuppressionLimit = 0.01,
        });
        Assert.Equal(1, result.Suppressed);
        var output = Path.Combine(_folder, "out.csv");
        table.WriteAnonymised(result, output);

        using var written = TabularFile.OpenAsView(output);
        using var command = written.CreateCommand();
        command.CommandText = "SELECT id, age, note FROM input";
        using var reader = command.ExecuteReader();
        var row = 0;
        while (reader.Read())
        {
            Assert.Equal(row.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(0));
            Assert.Equal(row == 1999 ? "*" : result.Levels[0] == 0 ? (20 + row % 7).ToString(System.Globalization.CultureInfo.InvariantCulture) : "20-29", reader.GetString(1));
            Assert.Equal($"n{row}", reader.GetString(2));
            row++;
        }
        Assert.Equal(2000, row);
    }
}
