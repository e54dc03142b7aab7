using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Data.Ingestion;

/// <summary>Turns what DuckDB reports about a bad source into an <see cref="IngestionError"/> naming rule, line and column.
/// For CSV, DuckDB's rejects table already is structured; for JSON Lines and Parquet the failing place is found again on the
/// error path only (the happy path pays nothing for it).</summary>
internal static partial class ErrorLocator
{
    private const int ValueExcerpt = 40;

    public static IngestionError? FromCsvRejects(DuckDBConnection connection, string rejectsTable, IngestionPlan plan)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT line, column_name, CAST(error_type AS VARCHAR), error_message, (SELECT count(*) FROM {DuckDbSql.Identifier(rejectsTable)}) FROM {DuckDbSql.Identifier(rejectsTable)} ORDER BY line, column_idx LIMIT 1";
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var line = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var internalName = reader.IsDBNull(1) ? null : reader.GetString(1);
        var type = reader.GetString(2);
        var message = reader.GetString(3);
        var total = Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture);
        var column = ColumnOfInternalName(plan, internalName);
        var more = total > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({(total >= 100 ? "100 or more" : total.ToString(CultureInfo.InvariantCulture))} bad rows in all; this is the first.)") : "";
        var lineText = line.ToString(CultureInfo.InvariantCulture);
        return type switch
        {
            "CAST" => new IngestionError(IngestionRule.ValueDoesNotFitType, line, column?.Name,
                $"Line {lineText}: {Describe(ValueIn(message))} in column \"{column?.Name}\" is not {Article(column?.Type)}; correct the value or change the column's type." + more),
            "MISSING COLUMNS" or "TOO MANY COLUMNS" => new IngestionError(IngestionRule.RaggedRow, line, type == "MISSING COLUMNS" ? column?.Name : null,
                $"Line {lineText} has {FoundFields(message) ?? "a different number of"} fields; the header has {plan.Columns.Count.ToString(CultureInfo.InvariantCulture)}." + more),
            "UNQUOTED VALUE" => new IngestionError(IngestionRule.UnbalancedQuote, line, column?.Name,
                $"Line {lineText} opens a quoted field that is never closed (unbalanced quote)." + more),
            "INVALID ENCODING" or "INVALID UNICODE" => new IngestionError(IngestionRule.WrongEncoding, line, column?.Name,
                $"Line {lineText} has bytes that are not valid {Transcoder.Describe(plan.Encoding)}; save the file as UTF-8 or choose its real encoding." + more),
            "LINE SIZE OVER MAXIMUM" => new IngestionError(IngestionRule.LineTooLong, line, null,
                $"Line {lineText} is longer than the 2 MB a line may have (often a sign of an unclosed quote)." + more),
            _ => new IngestionError(IngestionRule.UnknownFormat, line, column?.Name, $"Line {lineText}: {DuckDbErrors.FirstLine(message)}" + more),
        };
    }

    public static IngestionError FromJsonFailure(DuckDBException failure, IngestionPlan plan, string readablePath)
    {
        var message = failure.Message;
        if (message.Contains("Malformed JSON", StringComparison.Ordinal) || !message.Contains("transform error", StringComparison.Ordinal))
        {
            // DuckDB's line number for malformed JSON can point past the bad line, so the first bad line is found again.
            var (line, reason) = FirstMalformedLine(readablePath);
            if (line is not null)
            {
                return new IngestionError(IngestionRule.MalformedJson, line, null,
                    $"Line {line.Value.ToString(CultureInfo.InvariantCulture)} is not a JSON object ({reason}); JSON Lines files hold one object per line.");
            }
            return new IngestionError(IngestionRule.MalformedJson, null, null, DuckDbErrors.FirstLine(message));
        }
        var match = JsonLine().Match(message);
        long? row = match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var (column, value) = row is null ? (null, null) : FirstJsonMisfit(readablePath, row.Value, plan);
        return new IngestionError(IngestionRule.ValueDoesNotFitType, row, column?.Name,
            $"Line {row?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {Describe(value)} in column \"{column?.Name ?? "?"}\" is not {Article(column?.Type)}; correct the value or change the column's type.");
    }

    public static IngestionError FromParquetFailure(DuckDBConnection connection, DuckDBException failure, IngestionPlan plan, string path)
    {
        foreach (var column in plan.KeptColumns.Where(c => c.Type != ColumnType.Text))
        {
            var source = DuckDbSql.Identifier(column.SourceName);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT file_row_number + 1, CAST({source} AS VARCHAR) FROM read_parquet({DuckDbSql.Literal(Path.GetFullPath(path))}, file_row_number = true) " +
                $"WHERE {source} IS NOT NULL AND TRY_CAST({source} AS {ColumnTypes.ToDuckDb(column.Type)}) IS NULL LIMIT 1";
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                var row = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                return new IngestionError(IngestionRule.ValueDoesNotFitType, row, column.Name,
                    $"Row {row.ToString(CultureInfo.InvariantCulture)}: {Describe(reader.GetString(1))} in column \"{column.Name}\" is not {Article(column.Type)}; change the column's type.");
            }
        }
        return new IngestionError(IngestionRule.UnknownFormat, null, null, DuckDbErrors.FirstLine(failure.Message));
    }

    private static PlannedColumn? ColumnOfInternalName(IngestionPlan plan, string? internalName)
    {
        if (internalName is null || !internalName.StartsWith('c')
            || !int.TryParse(internalName.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            || ordinal >= plan.Columns.Count)
        {
            return null;
        }
        return plan.Columns[ordinal];
    }

    private static (long? Line, string? Reason) FirstMalformedLine(string path)
    {
        long line = 0;
        foreach (var text in File.ReadLines(path, Encoding.UTF8))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (line, $"it is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
                }
            }
            catch (JsonException e)
            {
                return (line, e.Message.Split('.')[0]);
            }
        }
        return (null, null);
    }

    private static (PlannedColumn?, string?) FirstJsonMisfit(string path, long row, IngestionPlan plan)
    {
        var text = File.ReadLines(path, Encoding.UTF8).Skip((int)Math.Min(int.MaxValue, row - 1)).FirstOrDefault();
        if (text is null)
        {
            return (null, null);
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            foreach (var column in plan.KeptColumns)
            {
                if (document.RootElement.TryGetProperty(column.SourceName, out var value) && !Fits(value, column.Type))
                {
                    return (column, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                }
            }
        }
        catch (JsonException)
        {
        }
        return (null, null);
    }

    private static bool Fits(JsonElement value, ColumnType type)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        var invariant = CultureInfo.InvariantCulture;
        return type switch
        {
            ColumnType.Integer => long.TryParse(text, NumberStyles.Integer, invariant, out _),
            ColumnType.Decimal => double.TryParse(text, NumberStyles.Float, invariant, out _),
            ColumnType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False || bool.TryParse(text, out _),
            ColumnType.Date or ColumnType.Timestamp => DateTime.TryParse(text, invariant, DateTimeStyles.None, out _),
            _ => true,
        };
    }

    private static string? ValueIn(string message)
    {
        var match = CastValue().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string? FoundFields(string message)
    {
        var match = FoundCount().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string Describe(string? value)
    {
        if (value is null)
        {
            return "a value";
        }
        var shown = value.Length > ValueExcerpt ? value[..ValueExcerpt] + "…" : value;
        return $"the value \"{shown}\"";
    }

    private static string Article(ColumnType? type) => type switch
    {
        ColumnType.Integer => "an integer",
        ColumnType.Decimal => "a decimal number",
        ColumnType.Boolean => "a boolean (true/false)",
        ColumnType.Date => "a date",
        ColumnType.Timestamp => "a timestamp",
        ColumnType.Text => "text",
        _ => "of the column's type",
    };

    [GeneratedRegex("string \"(.*)\" to '", RegexOptions.Singleline)]
    private static partial Regex CastValue();

    [GeneratedRegex(@"Found:\s*(\d+)")]
    private static partial Regex FoundCount();

    [GeneratedRegex(@"in line (\d+)")]
    private static partial Regex JsonLine();
}
