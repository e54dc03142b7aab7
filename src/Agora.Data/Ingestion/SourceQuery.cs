using System.Globalization;
using System.Text;
using Agora.Data.Files;

namespace Agora.Data.Ingestion;

/// <summary>Builds the DuckDB SQL that reads a source file the way a plan says: explicit dialect and types (no guessing at
/// ingestion time), columns renamed, retyped and dropped in the select list.</summary>
internal static class SourceQuery
{
    /// <summary>The name DuckDB gives CSV column <paramref name="ordinal"/> internally; positional, so duplicate or empty
    /// header names cannot collide.</summary>
    public static string CsvColumn(int ordinal) => "c" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <summary>A table expression over the (UTF-8) file. <paramref name="allText"/> reads every column as text (samples);
    /// <paramref name="rejectsTable"/> stores bad CSV rows there instead of failing, so errors come back structured.</summary>
    public static string From(IngestionPlan plan, string readablePath, bool allText = false, string? rejectsTable = null,
        bool ignoreErrors = false)
    {
        var path = DuckDbSql.Literal(Path.GetFullPath(readablePath));
        switch (plan.Format)
        {
            case TabularFormat.Csv:
                {
                    var dialect = plan.Csv!;
                    var columns = new StringBuilder();
                    foreach (var column in plan.Columns)
                    {
                        var type = allText || column.Drop ? "VARCHAR" : ColumnTypes.ToDuckDb(column.Type);
                        columns.Append(columns.Length == 0 ? "" : ", ").Append(DuckDbSql.Literal(CsvColumn(column.Ordinal))).Append(": ")
                            .Append(DuckDbSql.Literal(type));
                    }
                    var sql = new StringBuilder();
                    sql.Append("read_csv(").Append(path)
                        .Append(", auto_detect = false, header = ").Append(dialect.HasHeader ? "true" : "false")
                        .Append(", delim = ").Append(DuckDbSql.Literal(dialect.Delimiter.ToString()))
                        .Append(", quote = ").Append(DuckDbSql.Literal(dialect.Quote?.ToString() ?? ""))
                        .Append(", escape = ").Append(DuckDbSql.Literal(dialect.Escape?.ToString() ?? ""))
                        .Append(", columns = {").Append(columns).Append('}');
                    if (!allText && dialect.DateFormat is { Length: > 0 } dateFormat)
                    {
                        sql.Append(", dateformat = ").Append(DuckDbSql.Literal(dateFormat));
                    }
                    if (!allText && dialect.TimestampFormat is { Length: > 0 } timestampFormat)
                    {
                        sql.Append(", timestampformat = ").Append(DuckDbSql.Literal(timestampFormat));
                    }
                    if (rejectsTable is not null)
                    {
                        sql.Append(", store_rejects = true, rejects_table = ").Append(DuckDbSql.Literal(rejectsTable))
                            .Append(", rejects_scan = ").Append(DuckDbSql.Literal(rejectsTable + "_scan"))
                            .Append(", rejects_limit = 100");
                    }
                    else if (ignoreErrors)
                    {
                        sql.Append(", ignore_errors = true, null_padding = true");
                    }
                    return sql.Append(')').ToString();
                }
            case TabularFormat.JsonLines:
                {
                    var columns = new StringBuilder();
                    foreach (var column in plan.Columns.Where(c => allText || !c.Drop))
                    {
                        var type = allText ? "VARCHAR" : ColumnTypes.ToDuckDb(column.Type);
                        columns.Append(columns.Length == 0 ? "" : ", ").Append(DuckDbSql.Literal(column.SourceName)).Append(": ")
                            .Append(DuckDbSql.Literal(type));
                    }
                    return $"read_json({path}, format = 'newline_delimited', columns = {{{columns}}}" +
                        (ignoreErrors ? ", ignore_errors = true)" : ")");
                }
            case TabularFormat.Parquet:
                return $"read_parquet({path})";
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>The select list that turns source columns into stored columns.</summary>
    public static string Select(IngestionPlan plan, bool allText = false)
    {
        var list = new StringBuilder();
        foreach (var column in plan.Columns.Where(c => !c.Drop))
        {
            list.Append(list.Length == 0 ? "" : ", ").Append(SourceExpression(plan, column, allText))
                .Append(" AS ").Append(DuckDbSql.Identifier(column.Name.Trim()));
        }
        return list.ToString();
    }

    /// <summary>The source column as an expression of its stored type.</summary>
    public static string SourceExpression(IngestionPlan plan, PlannedColumn column, bool allText = false)
    {
        switch (plan.Format)
        {
            case TabularFormat.Csv:
                return DuckDbSql.Identifier(CsvColumn(column.Ordinal));
            case TabularFormat.JsonLines:
                return DuckDbSql.Identifier(column.SourceName);
            default:
                var source = DuckDbSql.Identifier(column.SourceName);
                var target = allText ? ColumnType.Text : column.Type;
                if (target == ColumnType.Text && IsNested(column.SourceType))
                {
                    return $"CAST(to_json({source}) AS VARCHAR)";
                }
                return $"CAST({source} AS {ColumnTypes.ToDuckDb(target)})";
        }
    }

    public static bool IsNested(string? duckDbType) =>
        duckDbType is not null && (duckDbType.Contains('(', StringComparison.Ordinal) && !duckDbType.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase)
            || duckDbType.EndsWith(']') || duckDbType.StartsWith("STRUCT", StringComparison.OrdinalIgnoreCase)
            || duckDbType.StartsWith("MAP", StringComparison.OrdinalIgnoreCase) || duckDbType.Equals("JSON", StringComparison.OrdinalIgnoreCase));
}
