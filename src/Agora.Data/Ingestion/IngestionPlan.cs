using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Agora.Data.Files;

namespace Agora.Data.Ingestion;

/// <summary>The character encodings Agora detects and reads. Everything is stored as UTF-8.</summary>
public enum TextEncoding
{
    /// <summary>UTF-8 without a byte order mark.</summary>
    Utf8,

    /// <summary>UTF-8 starting with the byte order mark EF BB BF (as Excel writes it).</summary>
    Utf8WithBom,

    /// <summary>ISO-8859-1 (Latin-1).</summary>
    Latin1,

    /// <summary>Windows-1252, Latin-1's superset with € and typographic quotes in 0x80–0x9F.</summary>
    Windows1252,

    /// <summary>UTF-16 little-endian with a byte order mark.</summary>
    Utf16LittleEndian,

    /// <summary>UTF-16 big-endian with a byte order mark.</summary>
    Utf16BigEndian,
}

/// <summary>How a delimited text file is laid out.</summary>
/// <param name="Delimiter">The field separator (comma, semicolon, tab, pipe…).</param>
/// <param name="Quote">The quote character, or <c>null</c> when fields are never quoted.</param>
/// <param name="Escape">The character that escapes a quote inside a quoted field, or <c>null</c>.</param>
/// <param name="HasHeader">Whether the first line holds column names.</param>
/// <param name="DateFormat">A <c>strptime</c> format for dates, or <c>null</c> for ISO 8601.</param>
/// <param name="TimestampFormat">A <c>strptime</c> format for timestamps, or <c>null</c> for ISO 8601.</param>
public sealed record CsvDialect(char Delimiter, char? Quote, char? Escape, bool HasHeader, string? DateFormat = null,
    string? TimestampFormat = null);

/// <summary>One column of a plan: where it comes from and what it becomes.</summary>
/// <param name="Ordinal">0-based position in the source file.</param>
/// <param name="SourceName">The name in the source (the header cell, JSON key or Parquet field; empty when the file has
/// no header).</param>
/// <param name="Name">The name in the stored version.</param>
/// <param name="Type">The type in the stored version.</param>
/// <param name="Drop">Whether the column is left out of the stored version.</param>
/// <param name="SourceType">The type DuckDB reads from the source (informative; used to convert Parquet and JSON values).</param>
public sealed record PlannedColumn(int Ordinal, string SourceName, string Name, ColumnType Type, bool Drop = false, string? SourceType = null);

/// <summary>
/// How to turn a source file into a stored version: the detected settings (format, encoding, CSV dialect) plus one entry
/// per source column, which the steward may correct (rename, retype, drop). <see cref="FileInspector"/> proposes one;
/// <see cref="Storage.VersionStore"/> executes it. It serialises to JSON (<see cref="ToJson"/>) so a job can carry it.
/// </summary>
/// <param name="Format">The source format.</param>
/// <param name="Encoding">The source's character encoding (ignored for Parquet).</param>
/// <param name="Csv">The CSV dialect (only for <see cref="TabularFormat.Csv"/>).</param>
/// <param name="Columns">Every source column in source order.</param>
public sealed record IngestionPlan(TabularFormat Format, TextEncoding Encoding, CsvDialect? Csv, IReadOnlyList<PlannedColumn> Columns)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
    };

    /// <summary>The columns that will be stored, in order.</summary>
    [JsonIgnore]
    public IEnumerable<PlannedColumn> KeptColumns => Columns.Where(c => !c.Drop);

    /// <summary>A copy with one column renamed. <paramref name="column"/> is a source or current name, or a 1-based
    /// position written <c>#3</c> or <c>3</c>.</summary>
    public IngestionPlan Rename(string column, string newName) => With(column, c => c with { Name = newName });

    /// <summary>A copy with one column's type changed.</summary>
    public IngestionPlan Retype(string column, ColumnType type) => With(column, c => c with { Type = type });

    /// <summary>A copy with one column left out.</summary>
    public IngestionPlan DropColumn(string column) => With(column, c => c with { Drop = true });

    /// <summary>The column a reference names: current name first, then source name (both ignoring case), then a 1-based
    /// position (<c>3</c> or <c>#3</c>).</summary>
    /// <exception cref="IngestionException">No column matches (rule <see cref="IngestionRule.InvalidPlan"/>).</exception>
    public PlannedColumn Find(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var byName = Columns.Where(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }
        var bySource = Columns.Where(c => string.Equals(c.SourceName, column, StringComparison.OrdinalIgnoreCase)).ToList();
        if (bySource.Count == 1)
        {
            return bySource[0];
        }
        if (int.TryParse(column.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            && position >= 1 && position <= Columns.Count)
        {
            return Columns[position - 1];
        }
        var reason = byName.Count + bySource.Count > 1
            ? $"Several columns are named \"{column}\"; refer to one by its position (1 to {Columns.Count})."
            : $"The file has no column \"{column}\"; its columns are {string.Join(", ", Columns.Select(c => Quote(c.Name)))}.";
        throw IngestionException.Of(IngestionRule.InvalidPlan, null, column, reason);
    }

    /// <summary>Checks what can be checked without reading the data: every stored column has a non-empty name, names are
    /// unique ignoring case, at least one column is kept, and the columns are numbered 0..n-1.</summary>
    /// <exception cref="IngestionException">The first problem found.</exception>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new IngestionException(problems[0]);
        }
    }

    /// <summary>Every problem <see cref="Validate"/> would report, so a wizard can show them all at once.</summary>
    public IReadOnlyList<IngestionError> Problems()
    {
        var problems = new List<IngestionError>();
        try
        {
            CheckStructure();
        }
        catch (IngestionException e)
        {
            problems.Add(e.Error);
            return problems;
        }
        var headerRow = Format == TabularFormat.Csv && Csv is { HasHeader: true } ? 1L : (long?)null;
        var seen = new Dictionary<string, PlannedColumn>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in KeptColumns)
        {
            var position = (column.Ordinal + 1).ToString(CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(column.Name))
            {
                problems.Add(new IngestionError(IngestionRule.EmptyColumnName, headerRow, "#" + position,
                    $"Column {position} has no name; give it one (rename #{position}) or drop it."));
                continue;
            }
            if (seen.TryGetValue(column.Name.Trim(), out var first))
            {
                problems.Add(new IngestionError(IngestionRule.DuplicateColumnName, headerRow, column.Name,
                    $"Columns {(first.Ordinal + 1).ToString(CultureInfo.InvariantCulture)} and {position} are both named " +
                    $"{Quote(column.Name)} (names are compared ignoring case); rename or drop one of them."));
                continue;
            }
            seen.Add(column.Name.Trim(), column);
        }
        return problems;
    }

    private void CheckStructure()
    {
        if (Columns.Count == 0 || !KeptColumns.Any())
        {
            throw IngestionException.Of(IngestionRule.InvalidPlan, null, null, "The plan keeps no column, so there is nothing to store.");
        }
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Ordinal != i)
            {
                throw IngestionException.Of(IngestionRule.InvalidPlan, null, null,
                    "The plan's columns must list every source column in order (ordinals 0, 1, 2, …).");
            }
        }
        if (Format == TabularFormat.Csv && Csv is null)
        {
            throw IngestionException.Of(IngestionRule.InvalidPlan, null, null, "A CSV plan needs its dialect (delimiter, quote, header).");
        }
    }

    /// <summary>The plan as JSON (enums as camelCase strings).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a plan written by <see cref="ToJson"/>.</summary>
    public static IngestionPlan FromJson(string json) =>
        JsonSerializer.Deserialize<IngestionPlan>(json, Json) ?? throw new JsonException("The plan is empty.");

    private IngestionPlan With(string column, Func<PlannedColumn, PlannedColumn> change)
    {
        var target = Find(column);
        var columns = Columns.Select(c => c.Ordinal == target.Ordinal ? change(c) : c).ToList();
        return this with { Columns = columns };
    }

    private static string Quote(string name) => "\"" + name + "\"";
}
