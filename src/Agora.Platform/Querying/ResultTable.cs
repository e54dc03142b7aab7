using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Data.Querying;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Platform.Querying;

/// <summary>
/// A query output as stored by the platform (answer cache, release queue): columns and cells with their types kept, so an
/// answer read back is the answer that was released. Only aggregates are ever stored this way, never source rows.
/// </summary>
public static class ResultTable
{
    public static JsonObject ToJson(IReadOnlyList<ResultColumn> columns, IReadOnlyList<IReadOnlyList<ResultCell>> rows) => new()
    {
        ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["isKey"] = c.IsKey })]),
        ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonArray([.. r.Select(Cell)]))]),
    };

    public static (List<ResultColumn> Columns, List<IReadOnlyList<ResultCell>> Rows) FromJson(JsonObject json)
    {
        var columns = json["columns"]!.AsArray().Select(c => new ResultColumn(c!["name"]!.GetValue<string>(), c["isKey"]!.GetValue<bool>())).ToList();
        var rows = json["rows"]!.AsArray().Select(r => (IReadOnlyList<ResultCell>)r!.AsArray().Select(ReadCell).ToList()).ToList();
        return (columns, rows);
    }

    /// <summary>The whole result of a released DP query, for the answer cache.</summary>
    public static string Serialize(QueryResult result)
    {
        var json = ToJson(result.Columns, result.Rows);
        json["protection"] = result.Protection.ToString();
        json["status"] = result.Status.ToString();
        json["notes"] = new JsonArray([.. result.Notes.Select(n => (JsonNode)n)]);
        if (result.Cost is { } cost)
        {
            json["cost"] = new JsonObject { ["measure"] = cost.Measure.ToString(), ["epsilon"] = cost.Epsilon, ["rho"] = cost.Rho, ["delta"] = cost.Delta };
        }
        return json.ToJsonString();
    }

    public static QueryResult Deserialize(string text)
    {
        var json = JsonNode.Parse(text)!.AsObject();
        var (columns, rows) = FromJson(json);
        PrivacyCost? cost = json["cost"] is JsonObject c
            ? new PrivacyCost(Enum.Parse<PrivacyMeasure>(c["measure"]!.GetValue<string>()), c["epsilon"]!.GetValue<double>(), c["rho"]!.GetValue<double>(),
                c["delta"]!.GetValue<double>())
            : null;
        return new QueryResult(columns, rows, Enum.Parse<QueryProtectionKind>(json["protection"]!.GetValue<string>()),
            Enum.Parse<ReleaseStatus>(json["status"]!.GetValue<string>()))
        {
            Cost = cost,
            Notes = [.. json["notes"]!.AsArray().Select(n => n!.GetValue<string>())],
        };
    }

    /// <summary>A cell value as plain JSON for API answers (numbers, text, booleans, ISO dates).</summary>
    public static JsonNode? PlainValue(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        float f => JsonValue.Create((double)f),
        decimal m => JsonValue.Create(m),
        BigInteger big => big >= long.MinValue && big <= long.MaxValue ? JsonValue.Create((long)big) : JsonValue.Create(big.ToString(CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTimeOffset o => JsonValue.Create(o.ToString("O", CultureInfo.InvariantCulture)),
        IConvertible c when IsInteger(value) => JsonValue.Create(c.ToInt64(CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>A cell value as text for pages and the terminal.</summary>
    public static string Text(object? value, IFormatProvider? format = null) => value switch
    {
        null => "NULL",
        double d => d.ToString("#,0.###", format ?? CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f when IsInteger(value) => f.ToString("#,0", format ?? CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, format ?? CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsInteger(object value) => value is long or int or short or sbyte or byte or ulong or uint or ushort or BigInteger;

    private static JsonNode Cell(ResultCell cell)
    {
        var (type, value) = cell.Value switch
        {
            null => ("null", (JsonNode?)null),
            bool b => ("bool", JsonValue.Create(b)),
            string s => ("text", JsonValue.Create(s)),
            double d => ("double", JsonValue.Create(d.ToString("R", CultureInfo.InvariantCulture))),
            float f => ("double", JsonValue.Create(((double)f).ToString("R", CultureInfo.InvariantCulture))),
            decimal m => ("decimal", JsonValue.Create(m.ToString(CultureInfo.InvariantCulture))),
            DateTime t => ("datetime", JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture))),
            DateOnly d => ("date", JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            var v when IsInteger(v) => ("integer", JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture))),
            var v => ("text", JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture))),
        };
        var json = new JsonObject { ["t"] = type, ["v"] = value };
        if (cell.Accuracy is { } a)
        {
            json["a"] = new JsonObject
            {
                ["lower"] = a.Lower.ToString("R", CultureInfo.InvariantCulture), ["upper"] = a.Upper.ToString("R", CultureInfo.InvariantCulture),
                ["scale"] = a.Scale.ToString(), ["confidence"] = a.Confidence, ["explanation"] = a.Explanation,
            };
        }
        return json;
    }

    private static ResultCell ReadCell(JsonNode? node)
    {
        var raw = node!["v"];
        var text = raw is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        object? value = node["t"]!.GetValue<string>() switch
        {
            "null" => null,
            "bool" => node["v"]!.GetValue<bool>(),
            "double" => double.Parse(text!, CultureInfo.InvariantCulture),
            "decimal" => decimal.Parse(text!, CultureInfo.InvariantCulture),
            "datetime" => DateTime.Parse(text!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            "date" => DateOnly.ParseExact(text!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            "integer" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : BigInteger.Parse(text!, CultureInfo.InvariantCulture),
            _ => text,
        };
        AccuracyInterval? accuracy = node["a"] is JsonObject a
            ? new AccuracyInterval(double.Parse(a["lower"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                double.Parse(a["upper"]!.GetValue<string>(), CultureInfo.InvariantCulture), Enum.Parse<AccuracyScale>(a["scale"]!.GetValue<string>()),
                a["confidence"]!.GetValue<double>(), a["explanation"]!.GetValue<string>())
            : null;
        return new ResultCell(value, accuracy);
    }
}
