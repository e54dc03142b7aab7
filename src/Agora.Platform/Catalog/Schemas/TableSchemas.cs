using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Data.Ingestion;
using Agora.Platform.Publishing;

namespace Agora.Platform.Catalog.Schemas;

/// <summary>
/// A stored version's columns as Frictionless Table Schema (v1, <c>specs.frictionlessdata.io/table-schema</c>), as a
/// Frictionless Data Package with one CSV resource, and as W3C CSVW metadata (<c>csv-metadata.json</c>, CSV on the Web);
/// and the way back: a Table Schema, Data Package or CSVW document read into column names and types for an upload.
/// Both standards describe the CSV that Agora's download produces (comma, header row, UTF-8, ISO dates).
/// </summary>
public static class TableSchemas
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Frictionless type of each Agora column type.</summary>
    public static string FrictionlessType(ColumnType type) => type switch
    {
        ColumnType.Integer => "integer",
        ColumnType.Decimal => "number",
        ColumnType.Boolean => "boolean",
        ColumnType.Date => "date",
        ColumnType.Timestamp => "datetime",
        _ => "string",
    };

    /// <summary>CSVW (XML Schema) datatype of each Agora column type.</summary>
    public static string CsvwType(ColumnType type) => type switch
    {
        ColumnType.Integer => "integer",
        ColumnType.Decimal => "double",
        ColumnType.Boolean => "boolean",
        ColumnType.Date => "date",
        ColumnType.Timestamp => "dateTime",
        _ => "string",
    };

    public static ColumnType TypeOf(VersionColumn column) => Enum.TryParse<ColumnType>(column.Type, out var type) ? type : ColumnType.Text;

    public static JsonObject TableSchema(IReadOnlyList<VersionColumn> columns)
    {
        var fields = new JsonArray();
        foreach (var column in columns)
        {
            var field = new JsonObject { ["name"] = column.Name, ["type"] = FrictionlessType(TypeOf(column)) };
            if (TypeOf(column) == ColumnType.Boolean)
            {
                field["trueValues"] = new JsonArray("true");
                field["falseValues"] = new JsonArray("false");
            }
            if (!column.Nullable)
            {
                field["constraints"] = new JsonObject { ["required"] = true };
            }
            fields.Add(field);
        }
        return new JsonObject
        {
            ["$schema"] = "https://specs.frictionlessdata.io/schemas/table-schema.json",
            ["fields"] = fields,
            ["missingValues"] = new JsonArray(""),
        };
    }

    /// <summary>A Data Package with the version's CSV download as its one resource.</summary>
    public static JsonObject DataPackage(Dataset dataset, DatasetVersion version, Uri csvUrl, string language)
    {
        var resource = new JsonObject
        {
            ["name"] = ResourceName(dataset.Slug),
            ["path"] = csvUrl.AbsoluteUri,
            ["profile"] = "tabular-data-resource",
            ["format"] = "csv",
            ["mediatype"] = "text/csv",
            ["encoding"] = "utf-8",
            ["dialect"] = new JsonObject { ["delimiter"] = ",", ["header"] = true, ["doubleQuote"] = true },
            ["schema"] = TableSchema(version.Columns),
        };
        var package = new JsonObject
        {
            ["$schema"] = "https://specs.frictionlessdata.io/schemas/data-package.json",
            ["profile"] = "tabular-data-package",
            ["name"] = ResourceName(dataset.Slug),
            ["id"] = dataset.Id.ToString(),
            ["title"] = dataset.DisplayTitle(language),
            ["version"] = version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["created"] = version.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["resources"] = new JsonArray(resource),
        };
        if (dataset.Description.For(language) is { } description)
        {
            package["description"] = description;
        }
        var keywords = dataset.Keywords.For(language);
        if (keywords.Count > 0)
        {
            package["keywords"] = new JsonArray([.. keywords.Select(k => (JsonNode)k)]);
        }
        if (dataset.Licence is { } code && Vocabularies.IsLicence(code))
        {
            var licence = Dcat.Licence.FromCode(code);
            package["licenses"] = new JsonArray(new JsonObject { ["name"] = code, ["path"] = licence.Uri.AbsoluteUri, ["title"] = licence.Label.In(language) });
        }
        return package;
    }

    /// <summary>CSVW metadata for the version's CSV download.</summary>
    public static JsonObject Csvw(Dataset dataset, DatasetVersion version, Uri csvUrl, string language)
    {
        var columns = new JsonArray();
        foreach (var column in version.Columns)
        {
            columns.Add(new JsonObject
            {
                ["name"] = CsvwName(column.Name),
                ["titles"] = column.Name,
                ["datatype"] = CsvwType(TypeOf(column)),
                ["required"] = !column.Nullable,
            });
        }
        var table = new JsonObject
        {
            ["@context"] = "http://www.w3.org/ns/csvw",
            ["url"] = csvUrl.AbsoluteUri,
            ["dc:title"] = dataset.DisplayTitle(language),
            ["dialect"] = new JsonObject { ["delimiter"] = ",", ["header"] = true, ["encoding"] = "utf-8", ["doubleQuote"] = true },
            ["tableSchema"] = new JsonObject { ["columns"] = columns },
        };
        if (dataset.Description.For(language) is { } description)
        {
            table["dc:description"] = description;
        }
        return table;
    }

    public static string Write(JsonObject document) => document.ToJsonString(Indented);

    /// <summary>
    /// Reads the fields of a Table Schema (<c>{"fields": […]}</c>), of a Data Package's first resource, or of CSVW
    /// metadata (<c>tableSchema.columns</c>), and matches them to an upload's columns: by name (source name, ignoring
    /// case) when every field name is found, else by position. Returns the corrections (names and types) to apply.
    /// </summary>
    /// <exception cref="PlatformException">The document is not one of those, or does not fit the upload; the message says why.</exception>
    public static List<ColumnCorrection> Corrections(IngestionPlan plan, string json)
    {
        List<(string Name, ColumnType Type)> fields;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            fields = ReadFields(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new PlatformException(PlatformError.Validation, "The schema is not valid JSON: " + e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
        {
            throw new PlatformException(PlatformError.Validation, "The schema is not a Table Schema, a Data Package or CSVW metadata: " + e.Message);
        }
        if (fields.Count == 0)
        {
            throw new PlatformException(PlatformError.Validation, "The schema describes no field.");
        }
        var columns = plan.Columns;
        var byName = fields.All(f => columns.Count(c => string.Equals(c.SourceName, f.Name, StringComparison.OrdinalIgnoreCase)) == 1);
        if (!byName && fields.Count != columns.Count)
        {
            throw new PlatformException(PlatformError.Validation, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The schema has {fields.Count} fields and the file {columns.Count} columns, and the field names are not the file's column names."));
        }
        var corrections = new List<ColumnCorrection>();
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, type) = fields[i];
            var column = byName ? columns.Single(c => string.Equals(c.SourceName, name, StringComparison.OrdinalIgnoreCase)) : columns[i];
            corrections.Add(new ColumnCorrection(column.Ordinal, name, type));
        }
        if (byName)
        {
            // Columns the schema does not mention are kept as detected.
            foreach (var column in columns.Where(c => corrections.All(k => k.Ordinal != c.Ordinal)))
            {
                corrections.Add(new ColumnCorrection(column.Ordinal, null, null));
            }
        }
        return [.. corrections.OrderBy(c => c.Ordinal)];
    }

    private static List<(string Name, ColumnType Type)> ReadFields(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("the document is not a JSON object");
        }
        if (root.TryGetProperty("resources", out var resources))
        {
            var first = resources.EnumerateArray().FirstOrDefault();
            if (first.ValueKind != JsonValueKind.Object || !first.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException("the Data Package's first resource has no inline schema");
            }
            return ReadFields(schema);
        }
        if (root.TryGetProperty("tables", out var tables))
        {
            return ReadFields(tables.EnumerateArray().First());
        }
        if (root.TryGetProperty("tableSchema", out var tableSchema))
        {
            return [.. tableSchema.GetProperty("columns").EnumerateArray().Where(c => !IsVirtual(c)).Select(c =>
                (Text(c, "titles") ?? Text(c, "name") ?? throw new InvalidOperationException("a CSVW column has neither titles nor name"),
                 FromCsvw(c.TryGetProperty("datatype", out var datatype) ? datatype : default)))];
        }
        return [.. root.GetProperty("fields").EnumerateArray().Select(f =>
            (f.GetProperty("name").GetString() ?? throw new InvalidOperationException("a field has no name"),
             FromFrictionless(f.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null)))];
    }

    private static bool IsVirtual(JsonElement column) => column.TryGetProperty("virtual", out var v) && v.ValueKind == JsonValueKind.True;

    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : null).FirstOrDefault(v => v is not null),
            // A language map: {"en": "Name", "fr": "Nom"}.
            JsonValueKind.Object => value.EnumerateObject().Select(p => Text(value, p.Name)).FirstOrDefault(v => v is not null),
            _ => null,
        };
    }

    /// <summary>Frictionless types Agora has no column type for (year, duration, geopoint, object…) are kept as text.</summary>
    public static ColumnType FromFrictionless(string? type) => type switch
    {
        "integer" => ColumnType.Integer,
        "number" => ColumnType.Decimal,
        "boolean" => ColumnType.Boolean,
        "date" => ColumnType.Date,
        "datetime" => ColumnType.Timestamp,
        _ => ColumnType.Text,
    };

    public static ColumnType FromCsvw(JsonElement datatype)
    {
        var name = datatype.ValueKind switch
        {
            JsonValueKind.String => datatype.GetString(),
            JsonValueKind.Object when datatype.TryGetProperty("base", out var b) && b.ValueKind == JsonValueKind.String => b.GetString(),
            _ => null,
        };
        return name switch
        {
            "integer" or "int" or "long" or "short" or "byte" or "nonNegativeInteger" or "positiveInteger" or "negativeInteger"
                or "nonPositiveInteger" or "unsignedLong" or "unsignedInt" or "unsignedShort" or "unsignedByte" => ColumnType.Integer,
            "decimal" or "double" or "float" or "number" => ColumnType.Decimal,
            "boolean" => ColumnType.Boolean,
            "date" => ColumnType.Date,
            "dateTime" or "datetime" or "dateTimeStamp" => ColumnType.Timestamp,
            _ => ColumnType.Text,
        };
    }

    /// <summary>Frictionless names are lower-case letters, digits and <c>-._</c>.</summary>
    private static string ResourceName(string slug) => slug.ToLowerInvariant();

    /// <summary>CSVW column names must be URI-template-safe: anything else is percent-encoded.</summary>
    private static string CsvwName(string name) => Uri.EscapeDataString(name);
}
