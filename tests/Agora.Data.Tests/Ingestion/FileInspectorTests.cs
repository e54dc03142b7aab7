using System.Text;
using Agora.Data.Files;
using Agora.Data.Ingestion;
using Agora.Data.Tests.Storage;

namespace Agora.Data.Tests.Ingestion;

public sealed class FileInspectorTests : IDisposable
{
    private readonly StoreFixture _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Inspect_MixedCsv_InfersEveryType()
    {
        var path = _store.Write("mixed.csv",
            "id,zip,name,amount,day,seen,active\n1,01234,Ann,12.5,2024-01-02,2024-01-02 10:00:00,true\n2,05678,\"Bo, jr\",,2024-02-03,2024-01-02 11:30:00,false\n");
        var inspection = FileInspector.Inspect(path);
        Assert.Equal(TabularFormat.Csv, inspection.Plan.Format);
        Assert.Equal(',', inspection.Plan.Csv!.Delimiter);
        Assert.True(inspection.Plan.Csv.HasHeader);
        Assert.Equal(["id", "zip", "name", "amount", "day", "seen", "active"], inspection.Plan.Columns.Select(c => c.Name));
        Assert.Equal(
            [ColumnType.Integer, ColumnType.Text, ColumnType.Text, ColumnType.Decimal, ColumnType.Date, ColumnType.Timestamp, ColumnType.Boolean],
            inspection.Plan.Columns.Select(c => c.Type));
        Assert.Equal([false, false, false, true, false, false, false], inspection.Columns.Select(c => c.Nullable));
        Assert.Equal(2, inspection.SampleRows.Count);
        Assert.Equal("Bo, jr", inspection.SampleRows[1][2]);
        Assert.Null(inspection.SampleRows[1][3]);
        Assert.Empty(inspection.Problems);
    }

    [Fact]
    public void Inspect_Utf8WithBom_DetectsBomAndKeepsFirstHeaderClean()
    {
        var path = _store.WriteBytes("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("name;city\nZoé;Esch\nLéa;Diekirch\n")]);
        var inspection = FileInspector.Inspect(path);
        Assert.Equal(TextEncoding.Utf8WithBom, inspection.Plan.Encoding);
        Assert.Equal(';', inspection.Plan.Csv!.Delimiter);
        Assert.Equal("name", inspection.Plan.Columns[0].Name);
        Assert.Equal("Zoé", inspection.SampleRows[0][0]);
    }

    [Fact]
    public void Inspect_Latin1_DetectsAndDecodes()
    {
        var path = _store.Write("latin.csv", "name,city\nZoé,Münsbach\nFrançois,Hesperange\n", Encoding.Latin1);
        var inspection = FileInspector.Inspect(path);
        Assert.Equal(TextEncoding.Latin1, inspection.Plan.Encoding);
        Assert.Equal("Münsbach", inspection.SampleRows[0][1]);
        Assert.Equal("François", inspection.SampleRows[1][0]);
    }

    [Fact]
    public void Inspect_Windows1252_DetectsEuroSign()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = _store.Write("prices.csv", "item,price\nCafé,3 €\nThé,2 €\n", Encoding.GetEncoding(1252));
        var inspection = FileInspector.Inspect(path);
        Assert.Equal(TextEncoding.Windows1252, inspection.Plan.Encoding);
        Assert.Equal("3 €", inspection.SampleRows[0][1]);
    }

    [Fact]
    public void Inspect_Utf16WithBom_DetectsAndDecodes()
    {
        var path = _store.WriteBytes("utf16.csv", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("name,n\nZoé,1\nJosé,2\n")]);
        var inspection = FileInspector.Inspect(path);
        Assert.Equal(TextEncoding.Utf16LittleEndian, inspection.Plan.Encoding);
        Assert.Equal(["Zoé", "1"], inspection.SampleRows[0]);
    }

    [Fact]
    public void Inspect_Tsv_DetectsTab()
    {
        var path = _store.Write("data.tsv", "a\tb\tc\n1\tx y\t2.5\n2\tz\t3.5\n");
        var inspection = FileInspector.Inspect(path);
        Assert.Equal('\t', inspection.Plan.Csv!.Delimiter);
        Assert.Equal(["a", "b", "c"], inspection.Plan.Columns.Select(c => c.Name));
        Assert.Equal("x y", inspection.SampleRows[0][1]);
    }

    [Fact]
    public void Inspect_Semicolons_DetectsSemicolon()
    {
        var path = _store.Write("data.csv", "commune;population;area\nLuxembourg;134697;51.46\nEsch-sur-Alzette;36625;14.35\n");
        var inspection = FileInspector.Inspect(path);
        Assert.Equal(';', inspection.Plan.Csv!.Delimiter);
        Assert.Equal([ColumnType.Text, ColumnType.Integer, ColumnType.Decimal], inspection.Plan.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Inspect_NoHeader_NamesColumnsByPosition()
    {
        var path = _store.Write("plain.csv", "1,2024-01-01,4.5\n2,2024-01-02,5.5\n3,2024-01-03,6.5\n");
        var inspection = FileInspector.Inspect(path);
        Assert.False(inspection.Plan.Csv!.HasHeader);
        Assert.Equal(["column_1", "column_2", "column_3"], inspection.Plan.Columns.Select(c => c.Name));
        Assert.Equal("1", inspection.SampleRows[0][0]);
        Assert.Equal(3, inspection.SampleRows.Count);
    }

    [Fact]
    public void Inspect_JsonLines_ReadsKeysTypesAndNestedAsText()
    {
        var path = _store.Write("events.jsonl",
            "{\"id\":1,\"kind\":\"visit\",\"at\":\"2024-01-02\",\"tags\":{\"a\":[1,2]}}\n{\"id\":2,\"kind\":null,\"at\":\"2024-01-03\",\"tags\":null}\n");
        var inspection = FileInspector.Inspect(path);
        Assert.Equal(TabularFormat.JsonLines, inspection.Plan.Format);
        Assert.Equal(["id", "kind", "at", "tags"], inspection.Plan.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.Integer, ColumnType.Text, ColumnType.Date, ColumnType.Text], inspection.Plan.Columns.Select(c => c.Type));
        Assert.Equal("{\"a\":[1,2]}", inspection.SampleRows[0][3]);
        Assert.True(inspection.Columns[1].Nullable);
    }

    [Fact]
    public void Inspect_JsonLinesWithoutExtension_IsRecognisedByContent()
    {
        var path = _store.Write("events.txt", "{\"id\":1}\n{\"id\":2}\n");
        Assert.Equal(TabularFormat.JsonLines, FileInspector.Inspect(path).Plan.Format);
    }

    [Fact]
    public void Inspect_Parquet_ReadsSchemaEvenWithWrongExtension()
    {
        var csv = _store.Write("in.csv", "id,name,score\n1,Ann,1.5\n2,Bo,2.5\n");
        var parquet = Path.Combine(_store.Folder, "named-wrongly.csv");
        using (var connection = TabularFile.OpenAsView(csv, allText: false))
        {
            TabularFile.WriteAtomically(connection, "SELECT * FROM input", Path.Combine(_store.Folder, "real.parquet"));
        }
        File.Move(Path.Combine(_store.Folder, "real.parquet"), parquet);
        var inspection = FileInspector.Inspect(parquet);
        Assert.Equal(TabularFormat.Parquet, inspection.Plan.Format);
        Assert.Equal([ColumnType.Integer, ColumnType.Text, ColumnType.Decimal], inspection.Plan.Columns.Select(c => c.Type));
        Assert.Equal("Ann", inspection.SampleRows[0][1]);
    }

    [Fact]
    public void Inspect_DuplicateAndEmptyHeaders_AreReportedAsProblems()
    {
        var path = _store.Write("dup.csv", "id,Name,,name\n1,a,b,c\n");
        var inspection = FileInspector.Inspect(path);
        Assert.Equal(["id", "Name", "", "name"], inspection.Plan.Columns.Select(c => c.SourceName));
        Assert.Equal([IngestionRule.EmptyColumnName, IngestionRule.DuplicateColumnName], inspection.Problems.Select(p => p.Rule));
        var fixedPlan = inspection.Plan.Rename("#3", "note").Rename("#4", "name_2");
        Assert.Empty(fixedPlan.Problems());
    }

    [Fact]
    public void Plan_Overrides_RenameRetypeDropAndSurviveJson()
    {
        var path = _store.Write("p.csv", "id,zip,secret\n1,1234,x\n");
        var plan = FileInspector.Inspect(path).Plan.Rename("id", "person_id").Retype("zip", ColumnType.Text).DropColumn("3");
        var copy = IngestionPlan.FromJson(plan.ToJson());
        Assert.Equal(["person_id", "zip"], copy.KeptColumns.Select(c => c.Name));
        Assert.Equal(ColumnType.Text, copy.Find("zip").Type);
        Assert.True(copy.Columns[2].Drop);
        Assert.Equal(plan.Csv, copy.Csv);
        Assert.Contains("\"format\":\"csv\"", plan.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UnknownColumn_NamesTheColumnsThatExist()
    {
        var path = _store.Write("p.csv", "id,zip\n1,1234\n");
        var error = Assert.Throws<IngestionException>(() => FileInspector.Inspect(path).Plan.Rename("nope", "x"));
        Assert.Equal(IngestionRule.InvalidPlan, error.Error.Rule);
        Assert.Contains("\"zip\"", error.Message, StringComparison.Ordinal);
    }
}
