namespace Agora.Data.Ingestion;

/// <summary>The column types a stored version can have. Each maps to one DuckDB/Parquet type.</summary>
public enum ColumnType
{
    /// <summary>Whole numbers (64-bit, DuckDB <c>BIGINT</c>).</summary>
    Integer,

    /// <summary>Numbers with a fractional part (DuckDB <c>DOUBLE</c>; printed back with the shortest exact form).</summary>
    Decimal,

    /// <summary>true / false.</summary>
    Boolean,

    /// <summary>A calendar date (DuckDB <c>DATE</c>).</summary>
    Date,

    /// <summary>A date and time without time zone (DuckDB <c>TIMESTAMP</c>, microseconds).</summary>
    Timestamp,

    /// <summary>Any text (DuckDB <c>VARCHAR</c>). Identifiers with leading zeros stay text.</summary>
    Text,
}

/// <summary>Mapping between <see cref="ColumnType"/> and DuckDB's type names.</summary>
public static class ColumnTypes
{
    /// <summary>The DuckDB type a column of this type is stored as.</summary>
    public static string ToDuckDb(ColumnType type) => type switch
    {
        ColumnType.Integer => "BIGINT",
        ColumnType.Decimal => "DOUBLE",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Date => "DATE",
        ColumnType.Timestamp => "TIMESTAMP",
        ColumnType.Text => "VARCHAR",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The closest column type for a DuckDB type name (as <c>DESCRIBE</c> or <c>sniff_csv</c> print it). Types
    /// Agora does not model (nested, binary, times of day, 128-bit integers) become <see cref="ColumnType.Text"/>.</summary>
    public static ColumnType FromDuckDb(string duckDbType)
    {
        ArgumentNullException.ThrowIfNull(duckDbType);
        var name = duckDbType.Trim().ToUpperInvariant();
        if (name.StartsWith("DECIMAL", StringComparison.Ordinal) || name.StartsWith("NUMERIC", StringComparison.Ordinal))
        {
            return ColumnType.Decimal;
        }
        return name switch
        {
            "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" or "INT8" or "INT4"
                or "INT2" or "INT1" or "LONG" or "INT" => ColumnType.Integer,
            "DOUBLE" or "FLOAT" or "REAL" or "FLOAT8" or "FLOAT4" => ColumnType.Decimal,
            "BOOLEAN" or "BOOL" => ColumnType.Boolean,
            "DATE" => ColumnType.Date,
            "TIMESTAMP" or "DATETIME" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" or "TIMESTAMP WITH TIME ZONE"
                or "TIMESTAMPTZ" => ColumnType.Timestamp,
            _ => ColumnType.Text,
        };
    }

    /// <summary>Parses a type name as a person types it (<c>integer</c>, <c>int</c>, <c>decimal</c>, <c>number</c>,
    /// <c>bool</c>, <c>date</c>, <c>timestamp</c>, <c>datetime</c>, <c>text</c>, <c>string</c>).</summary>
    public static bool TryParse(string text, out ColumnType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "integer" or "int" or "bigint" or "long":
                type = ColumnType.Integer;
                return true;
            case "decimal" or "double" or "number" or "float" or "numeric":
                type = ColumnType.Decimal;
                return true;
            case "boolean" or "bool":
                type = ColumnType.Boolean;
                return true;
            case "date":
                type = ColumnType.Date;
                return true;
            case "timestamp" or "datetime":
                type = ColumnType.Timestamp;
                return true;
            case "text" or "string" or "varchar":
                type = ColumnType.Text;
                return true;
            default:
                type = ColumnType.Text;
                return false;
        }
    }
}
