using System.Text.Json.Nodes;
using Agora.Data.Files;
using Agora.Data.Ingestion;
using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Schemas;
using Agora.Platform.Organisations;

namespace Agora.Platform.Tests.Catalog;

public sealed class TableSchemasTests
{
    private static readonly List<VersionColumn> Columns =
    [
        new("commune", "Text", true), new("population", "Integer", false), new("share", "Decimal", true), new("capital", "Boolean", true),
        new("census", "Date", true), new("updated", "Timestamp", true),
    ];

    private static IngestionPlan Plan(params string[] names) => new(TabularFormat.Csv, TextEncoding.Utf8, new CsvDialect(',', '"', '"', true),
        [.. names.Select((n, i) => new PlannedColumn(i, n, n, ColumnType.Text))]);

    [Fact]
    public void TableSchema_HasAFieldPerColumn_WithFrictionlessTypes()
    {
        var schema = TableSchemas.TableSchema(Columns);
        var fields = schema["fields"]!.AsArray();
        Assert.Equal(["commune", "population", "share", "capital", "census", "updated"], fields.Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal(["string", "integer", "number", "boolean", "date", "datetime"], fields.Select(f => f!["type"]!.GetValue<string>()));
        Assert.True(fields[1]!["constraints"]!["required"]!.GetValue<bool>());
    }

    [Fact]
    public void DataPackage_AndCsvw_DescribeTheCsvDownload()
    {
        var dataset = new Dataset
        {
            Slug = "communes", CreatedById = "u", Organisation = new Organisation { Slug = "statec", Name = "STATEC" },
            Title = new TextByLanguage { ["en"] = "Communes", ["fr"] = "Communes" }, Licence = "CC_BY_4_0",
        };
        var version = new DatasetVersion { Number = 3, ContentHash = "h", StoragePath = "p", WrappedKey = "k", SourceFormat = "csv", SourceFileName = "c.csv", CreatedById = "u", Columns = Columns };
        var url = new Uri("https://agora.example.lu/api/datasets/x/versions/3/download?format=csv");
        var package = TableSchemas.DataPackage(dataset, version, url, "en");
        var resource = package["resources"]![0]!;
        Assert.Equal(url.AbsoluteUri, resource["path"]!.GetValue<string>());
        Assert.Equal("tabular-data-resource", resource["profile"]!.GetValue<string>());
        Assert.Equal(6, resource["schema"]!["fields"]!.AsArray().Count);
        Assert.Equal("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", package["licenses"]![0]!["path"]!.GetValue<string>());

        var csvw = TableSchemas.Csvw(dataset, version, url, "en");
        Assert.Equal("http://www.w3.org/ns/csvw", csvw["@context"]!.GetValue<string>());
        var columns = csvw["tableSchema"]!["columns"]!.AsArray();
        Assert.Equal(["string", "integer", "double", "boolean", "date", "dateTime"], columns.Select(c => c!["datatype"]!.GetValue<string>()));
    }

    /// <summary>A schema exported by Agora, imported onto an upload of the same file with other headers, restores the
    /// names and types (by position, since the names differ).</summary>
    [Fact]
    public void ExportedSchema_ImportedByPosition_RestoresNamesAndTypes()
    {
        var corrections = TableSchemas.Corrections(Plan("a", "b", "c", "d", "e", "f"), TableSchemas.Write(TableSchemas.TableSchema(Columns)));
        Assert.Equal(Columns.Select(c => c.Name), corrections.Select(c => c.Name));
        Assert.Equal([ColumnType.Text, ColumnType.Integer, ColumnType.Decimal, ColumnType.Boolean, ColumnType.Date, ColumnType.Timestamp],
            corrections.Select(c => c.Type!.Value));
    }

    [Fact]
    public void Schema_ImportedByName_MatchesColumnsInAnyOrder_AndLeavesOthers()
    {
        var corrections = TableSchemas.Corrections(Plan("id", "Population", "notes"),
            """{"fields": [{"name": "population", "type": "integer"}, {"name": "id", "type": "string"}]}""");
        Assert.Equal([(0, "id", ColumnType.Text), (1, "population", ColumnType.Integer)], corrections.Where(c => c.Name is not null).Select(c => (c.Ordinal, c.Name!, c.Type!.Value)));
        Assert.Contains(corrections, c => c.Ordinal == 2 && c.Name is null && c.Type is null);
    }

    [Fact]
    public void CsvwAndDataPackage_AreImportedToo()
    {
        var csvw = """{"@context": "http://www.w3.org/ns/csvw", "url": "x.csv", "tableSchema": {"columns": [{"titles": "year", "datatype": "gYear"}, {"name": "count", "datatype": {"base": "integer"}}, {"name": "v", "virtual": true}]}}""";
        Assert.Equal([("year", ColumnType.Text), ("count", ColumnType.Integer)], TableSchemas.Corrections(Plan("x", "y"), csvw).Select(c => (c.Name!, c.Type!.Value)));
        var package = """{"resources": [{"name": "r", "path": "r.csv", "schema": {"fields": [{"name": "when", "type": "date"}]}}]}""";
        Assert.Equal(ColumnType.Date, Assert.Single(TableSchemas.Corrections(Plan("when"), package)).Type);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[1]", "not a Table Schema")]
    [InlineData("""{"fields": []}""", "no field")]
    [InlineData("""{"fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}""", "3 fields and the file 2 columns")]
    [InlineData("""{"resources": [{"path": "x.csv", "schema": "schema.json"}]}""", "no inline schema")]
    public void UnusableSchema_SaysWhy(string json, string reason)
    {
        var error = Assert.Throws<PlatformException>(() => TableSchemas.Corrections(Plan("a", "b"), json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_ThroughJson_IsStable()
    {
        var text = TableSchemas.Write(TableSchemas.TableSchema(Columns));
        Assert.Equal(text, TableSchemas.Write((JsonObject)JsonNode.Parse(text)!));
    }
}
