using System.Text;
using Agora.Data.Anonymisation;
using Agora.Data.Files;
using Agora.Privacy.Anonymisation;

namespace Agora.Data.Tests.Files;

/// <summary>The .NET reader and writer of small CSV files against DuckDB's, on the same files.</summary>
public sealed class DelimitedTextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-delimited-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> Files => new()
    {
        { "semicolons", "zip;city;note\n01234;Esch;a\n;Esch;\n01234;;b\n09999;Wiltz;c\n" },
        { "commas, quoted delimiters", "zip,city,note\n\"01,2\",\"Esch; Alzette\",x\n\"01,2\",Wiltz,\"y,z\"\n" },
        { "doubled quotes", "id;name;note\n1;\"Jean \"\"Jang\"\" Muller\";\"\"\"\"\n2;plain;\"a\"\"b\"\n" },
        { "line breaks in quotes", "id,text,city\n1,\"two\nlines\",Esch\n2,\"crlf\r\ninside\",Diekirch\n3,plain,Esch\n" },
        { "CRLF", "a;b\r\n1;2\r\n3;4\r\n" },
        { "CRLF, no final line break", "a;b\r\n1;2\r\n3;4" },
        { "BOM", "\uFEFFage;sex\n30;F\n40;M\n" },
        { "empty and quoted-empty cells", "a,b,c\n,,\n\"\",x,\n1,\"\",2\n" },
        { "blank lines", "a;b\n1;2\n\n3;4\n\n" },
        { "tabs", "zip\tcity\n012\tEsch\n013\t\"Esch\tSud\"\n" },
        { "non-ASCII sort order", "name;n\nÉcole;1\nzèbre;2\nEcole;3\n😀;4\n\uFB01n;5\nz;6\n" },
        { "spaces kept", "a;b\n x ; y\n\"  \";z\n" },
        { "header only", "a;b\n" },
        { "quoted header names", "\"first name\";\"age\"\nJo;30\n" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadInDotNet_EqualsDuckDb(string description, string content)
    {
        var path = Path.Combine(_folder, "in.csv");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        Assert.NotNull(DelimitedText.ReadEncoded(path, TabularFile.DelimiterHint(path)!.Value));
        using var dotNet = AnonymisationTable.Load(path);
        using var duckDb = AnonymisationTable.Load(path, readSmallCsvInDotNet: false);
        Assert.Equal(duckDb.Columns, dotNet.Columns);
        Assert.Equal(duckDb.RowCount, dotNet.RowCount);
        var expected = duckDb.ReadEncoded(duckDb.Columns);
        var actual = dotNet.ReadEncoded(dotNet.Columns);
        for (var c = 0; c < expected.Count; c++)
        {
            Assert.True(expected[c].Dictionary.SequenceEqual(actual[c].Dictionary), $"{description}: dictionary of {expected[c].Name}: [{string.Join("|", actual[c].Dictionary)}]");
            Assert.True(expected[c].Codes.SequenceEqual(actual[c].Codes), $"{description}: codes of {expected[c].Name}");
        }
    }

    [Theory]
    [InlineData("a;b;c\n1;2;3\n4;5\n", "row 2 (line 3): 2 values where the header has 3 columns")]
    [InlineData("a;b\n1;2\n3;4;5\n", "row 2 (line 3): more values than the 2 columns of the header")]
    [InlineData("a;b\n1;\"open\n2;3\n", "row 1 (line 2): a quoted value is not closed")]
    [InlineData("a;b\n1;\"x\"y\n", "row 1 (line 2): a quoted value must be followed by the delimiter or the end of the line")]
    [InlineData("a;b\n1;\"two\nlines\"\n3\n", "row 2 (line 4): 1 values where the header has 2 columns")]
    public void BadRows_AreNamedByRowAndLine(string content, string message)
    {
        var path = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(path, content);
        var error = Assert.Throws<TabularFileException>(() => AnonymisationTable.Load(path));
        Assert.Equal($"bad.csv: {message}.", error.Message);
    }

    [Fact]
    public void InvalidUtf8_IsRejected()
    {
        var path = Path.Combine(_folder, "latin1.csv");
        File.WriteAllBytes(path, [.. "a;b\n1;"u8, 0xE9, .. "t\u00e9\n"u8]);
        var error = Assert.Throws<TabularFileException>(() => AnonymisationTable.Load(path));
        Assert.Contains("latin1.csv: cannot be read as CSV: not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedOrEmptyHeaderNames_AreLeftToDuckDb()
    {
        var path = Path.Combine(_folder, "names.csv");
        File.WriteAllText(path, "a;a;\n1;2;3\n");
        Assert.Null(DelimitedText.ReadEncoded(path, ';'));
        using var table = AnonymisationTable.Load(path);
        Assert.Equal(3, table.Columns.Count);
        Assert.Equal(3, table.Columns.Distinct().Count());
    }

    [Theory]
    [InlineData("out.csv")]
    [InlineData("out.tsv")]
    [InlineData("out.parquet")]
    public void WriteAnonymised_InDotNet_EqualsDuckDb(string outputName)
    {
        var path = Path.Combine(_folder, "people.csv");
        var lines = new List<string> { "id;age;city;note" };
        var cities = new[] { "Esch, Alzette", "Wiltz", "\"Minett\" town", "", "two\nlines", "tab\there" };
        var random = new Random(3);
        for (var i = 0; i < 300; i++)
        {
            var city = cities[random.Next(cities.Length)];
            var note = i % 7 == 0 ? "" : i % 11 == 0 ? "\"quoted; note\"" : $"n{i}";
            lines.Add($"{i};{(i == 299 ? 99 : 20 + random.Next(40))};{Quote(city)};{note}");
        }
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        // Labels that need quoting, and an empty one (written "" by DuckDB, unlike a missing value).
        var cityHierarchy = new GeneralisationHierarchy("city",
            [.. cities.Select(c => (IReadOnlyList<string>)[c, c.Length % 2 == 0 ? "even, \"E\"" : "", "*"])]);

        var outputs = new List<string>();
        foreach (var inDotNet in new[] { true, false })
        {
            using var table = AnonymisationTable.Load(path, inDotNet);
            var columns = table.ReadEncoded(["age", "city"]);
            var result = Anonymiser.Run(new AnonymisationRequest
            {
                QuasiIdentifiers =
                [
                    new QuasiIdentifier(columns[0], HierarchyBuilders.Intervals("age", columns[0].Dictionary, [10, 100])),
                    new QuasiIdentifier(columns[1], cityHierarchy),
                ],
                Models = [new KAnonymity(3)],
                SuppressionLimit = 0.05,
            });
            Assert.True(result.Suppressed > 0);
            var output = Path.Combine(_folder, (inDotNet ? "dotnet-" : "duckdb-") + outputName);
            table.WriteAnonymised(result, output);
            outputs.Add(output);
        }
        if (outputName.EndsWith(".parquet", StringComparison.Ordinal))
        {
            using var dotNet = AnonymisationTable.Load(outputs[0]);
            using var duckDb = AnonymisationTable.Load(outputs[1]);
            Assert.Equal(duckDb.Columns, dotNet.Columns);
            var expected = duckDb.ReadEncoded(duckDb.Columns);
            var actual = dotNet.ReadEncoded(dotNet.Columns);
            for (var c = 0; c < expected.Count; c++)
            {
                Assert.Equal(Enumerable.Range(0, 300).Select(expected[c].ValueAt), Enumerable.Range(0, 300).Select(actual[c].ValueAt));
            }
        }
        else
        {
            Assert.Equal(File.ReadAllText(outputs[1]), File.ReadAllText(outputs[0]));
        }
        Assert.Empty(Directory.GetFiles(_folder, ".*.tmp*"));
    }

    [Fact]
    public void WriteAtomically_Failing_LeavesNothingBehind()
    {
        var blocker = Path.Combine(_folder, "blocker");
        File.WriteAllText(blocker, "a file where a folder should be");
        var error = Assert.Throws<TabularFileException>(() =>
            DelimitedText.WriteAtomically(Path.Combine(blocker, "out.csv"), ["a"], [new string?[] { "x" }], [[0]]));
        Assert.Contains("out.csv: cannot be written", error.Message, StringComparison.Ordinal);
        Assert.Equal([blocker], Directory.GetFileSystemEntries(_folder));
    }

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\n', '\t']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
