using System.Globalization;
using System.Text;

namespace Agora.Data.Files;

/// <summary>Quoting for the rare places where DuckDB needs text in the statement itself (file paths in table functions,
/// identifiers). Values always go through parameters instead.</summary>
public static class DuckDbSql
{
    /// <summary>A single-quoted SQL string literal.</summary>
    public static string Literal(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A SQL literal cannot contain a NUL character.", nameof(value));
        }
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A double-quoted SQL identifier.</summary>
    public static string Identifier(string name)
    {
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(name));
        }
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A comma-separated list of quoted identifiers.</summary>
    public static string IdentifierList(IEnumerable<string> names)
    {
        var builder = new StringBuilder();
        foreach (var name in names)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }
            builder.Append(Identifier(name));
        }
        return builder.ToString();
    }

    /// <summary>A number as DuckDB reads it, whatever the current culture.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
