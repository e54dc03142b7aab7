using System.Globalization;
using Agora.Data.Files;
using Agora.Privacy.Anonymisation;
using DuckDB.NET.Data;

namespace Agora.Data.Anonymisation;

/// <summary>
/// A tabular file loaded into DuckDB for anonymisation: columns come out dictionary-encoded (DuckDB builds the
/// dictionary and the per-row codes, so no string is materialised per row in .NET), and the anonymised table is
/// written back by DuckDB with only the suppression flags (and microaggregated values) coming from .NET.
/// </summary>
public sealed class AnonymisationTable : IDisposable
{
    private static int s_instances;
    private readonly DuckDBConnection _connection;
    private readonly bool _ownsConnection;
    private readonly Dictionary<string, string> _enumTypes = new(StringComparer.Ordinal);


    private AnonymisationTable(DuckDBConnection connection, string table, string path, IReadOnlyList<string> columns, long rows,
        bool ownsConnection = true)
    {
        _connection = connection;
        InputName = table;
        _ownsConnection = ownsConnection;
        Path = path;
        Columns = columns;
        RowCount = rows;
    }

    // The temporary table (and prefix of the dictionary types) of this instance: unique, so that several tables can live on
    // one connection (the risk of a source version, then its anonymisation).
    private string InputName { get; }

    private static string NextName() => "anon_input_" + Interlocked.Increment(ref s_instances).ToString(CultureInfo.InvariantCulture);

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of rows.</summary>
    public long RowCount { get; }

    /// <summary>Reads a CSV (separator detected, header row, every column as text) or Parquet file into memory.</summary>
    /// <exception cref="TabularFileException">The file is missing, unreadable, empty or too large.</exception>
    public static AnonymisationTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TabularFileException($"{path}: file not found.");
        }
        var format = TabularFile.FormatOf(path);
        var connection = new DuckDBConnection("DataSource=:memory:");
        var table = NextName();
        try
        {
            connection.Open();
            // One statement reads the file straight into the table: a view bound first (TabularFile.OpenAsView) would
            // make DuckDB sniff the CSV dialect three times, which is most of the reading time for a small file.
            if (new FileInfo(path).Length < SmallFile)
            {
                Execute(connection, "SET threads = 1");
            }
            Execute(connection, $"CREATE TEMP TABLE {table} AS SELECT * FROM {ReadExpression(path, format)}");
            var columns = TabularFile.ColumnNames(connection, table);
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM {table}";
            var rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (rows > int.MaxValue)
            {
                throw new TabularFileException($"{System.IO.Path.GetFileName(path)}: {rows} rows is more than the {int.MaxValue} a table can have.");
            }
            return new AnonymisationTable(connection, table, path, columns, rows);
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new TabularFileException($"{System.IO.Path.GetFileName(path)}: cannot be read as {format}: {FirstLine(e.Message)}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // Below this size a file is read (and written) by one DuckDB thread: the second thread's start-up and hand-offs cost
    // more CPU than it saves (adult's 2.5 MB: about 100 ms of CPU less).
    private const long SmallFile = 16L << 20;

    // CSV: when the header line holds exactly one of the usual delimiters, DuckDB is told it, so its sniffer tries the
    // quoting rules only instead of every delimiter × quoting combination (a third of the reading time of a small file).
    private static string ReadExpression(string path, TabularFormat format)
    {
        var automatic = TabularFile.ReadExpression(path);
        if (format != TabularFormat.Csv)
        {
            return automatic;
        }
        var header = FirstLineOf(path);
        var found = ",;\t|".Where(header.Contains).ToList();
        if (found.Count != 1)
        {
            return automatic;
        }
        return automatic[..^1] + $", delim = {DuckDbSql.Literal(found[0].ToString())})";
    }

    private static string FirstLineOf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        var buffer = new byte[64 * 1024];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var end = Array.IndexOf(buffer, (byte)'\n', 0, length);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, end < 0 ? length : end);
    }

    /// <summary>Loads a relation of an open connection (a stored version's view) the same way. The connection stays the
    /// caller's: disposing the table drops its temporary copy, not the connection.
    /// <paramref name="columns"/> restricts the copy to the columns needed (risk analysis needs only the quasi-identifiers).</summary>
    /// <exception cref="TabularFileException">The relation cannot be read or a column does not exist.</exception>
    public static AnonymisationTable FromRelation(DuckDBConnection connection, string relation, IReadOnlyList<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(relation);
        var table = NextName();
        try
        {
            var available = TabularFile.ColumnNames(connection, relation);
            foreach (var column in columns ?? [])
            {
                if (!available.Contains(column, StringComparer.Ordinal))
                {
                    throw new TabularFileException($"unknown attribute '{column}'; the version has: {string.Join(", ", available)}.");
                }
            }
            var projection = columns is null ? "*" : string.Join(", ", columns.Distinct(StringComparer.Ordinal).Select(DuckDbSql.Identifier));
            Execute(connection, $"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {projection} FROM {DuckDbSql.Identifier(relation)}");
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM {table}";
            var rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (rows > int.MaxValue)
            {
                throw new TabularFileException($"{rows} rows is more than the {int.MaxValue} a table can have.");
            }
            return new AnonymisationTable(connection, table, relation, TabularFile.ColumnNames(connection, table), rows, ownsConnection: false);
        }
        catch (DuckDBException e)
        {
            throw new TabularFileException($"{relation}: cannot be read: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Reads columns dictionary-encoded; missing values (NULL) read as the empty string.</summary>
    /// <exception cref="TabularFileException">A column does not exist.</exception>
    public IReadOnlyList<EncodedColumn> ReadEncoded(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        try
        {
            return ReadEncodedColumns(columns);
        }
        catch (DuckDBException e)
        {
            throw new TabularFileException($"{System.IO.Path.GetFileName(Path)}: cannot be read: {FirstLine(e.Message)}", e);
        }
    }

    private List<EncodedColumn> ReadEncodedColumns(IReadOnlyList<string> columns)
    {
        if (columns.Count == 0)
        {
            return [];
        }
        var dictionaries = new List<string>[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var name = RequireColumn(columns[c]);
            dictionaries[c] = [.. Dictionary(name)];
        }
        var codes = new int[columns.Count][];
        for (var c = 0; c < columns.Count; c++)
        {
            codes[c] = new int[RowCount];
        }
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT " + string.Join(", ", columns.Select(CodeExpression)) + $" FROM {InputName}";
        using var reader = command.ExecuteReader();
        var row = 0;
        while (reader.Read())
        {
            for (var c = 0; c < codes.Length; c++)
            {
                codes[c][row] = reader.GetInt32(c);
            }
            row++;
        }
        return [.. columns.Select((name, c) => new EncodedColumn(name, dictionaries[c], codes[c]))];
    }

    /// <summary>Writes the anonymised table atomically: quasi-identifiers replaced by their released labels (<c>*</c> for
    /// suppressed rows), microaggregated attributes by their class value, other columns unchanged, row order kept.
    /// <paramref name="recoded"/> maps, for attributes whose column was recoded after reading (top/bottom coding), each
    /// code read from this table to the code the engine saw.</summary>
    public void WriteAnonymised(AnonymisationResult result, string outputPath, IReadOnlyDictionary<string, int[]>? recoded = null)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        try
        {
            WriteAnonymised(result, select => TabularFile.WriteAtomically(_connection, select, outputPath), recoded);
        }
        catch (DuckDBException e)
        {
            throw new TabularFileException($"{System.IO.Path.GetFileName(outputPath)}: cannot be written: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Builds the anonymised table as a query and hands it to <paramref name="write"/>, which runs it on this
    /// table's connection (the platform stores it as an encrypted version, or keeps it as a temporary table for a
    /// pseudonymisation step). Same output as <see cref="WriteAnonymised(AnonymisationResult, string, IReadOnlyDictionary{string, int[]}?)"/>.</summary>
    public void WriteAnonymised(AnonymisationResult result, Action<string> write, IReadOnlyDictionary<string, int[]>? recoded = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(write);
        // Suppressed rows, by position (0-based rowid of the input table).
        Execute(_connection, $"CREATE OR REPLACE TEMP TABLE {InputName}_suppressed (r BIGINT)");
        using (var appender = _connection.CreateAppender(InputName + "_suppressed"))
        {
            for (var row = 0; row < result.RowCount; row++)
            {
                if (result.IsSuppressed(row))
                {
                    appender.CreateRow().AppendValue((long)row).EndRow();
                }
            }
        }
        // Label of each dictionary code, per quasi-identifier: a one-row table holding a list, indexed by code + 1.
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var q = 0; q < result.Attributes.Count; q++)
        {
            var name = result.Attributes[q];
            var labels = $"{InputName}_labels_{q.ToString(CultureInfo.InvariantCulture)}";
            Execute(_connection, $"CREATE OR REPLACE TEMP TABLE {labels} (code INTEGER, label VARCHAR)");
            using (var appender = _connection.CreateAppender(labels))
            {
                var mapping = result.LabelForDictionaryCode(q);
                var remap = recoded?.GetValueOrDefault(name);
                var count = remap?.Length ?? mapping.Count;
                for (var code = 0; code < count; code++)
                {
                    appender.CreateRow().AppendValue(code).AppendValue(mapping[remap is null ? code : remap[code]]).EndRow();
                }
            }
            replacements[name] =
                $"CASE WHEN {InputName}.rowid IN (SELECT r FROM {InputName}_suppressed) THEN '*' ELSE (SELECT list(label ORDER BY code) FROM {labels})[{CodeExpression(name)} + 1] END";
        }
        if (result.MicroaggregatedAttributes.Count > 0)
        {
            var columns = string.Join(", ", result.MicroaggregatedAttributes.Select((_, m) => $"m{m.ToString(CultureInfo.InvariantCulture)} VARCHAR"));
            Execute(_connection, $"CREATE OR REPLACE TEMP TABLE {InputName}_micro ({columns})");
            using (var appender = _connection.CreateAppender(InputName + "_micro"))
            {
                for (var row = 0; row < result.RowCount; row++)
                {
                    var line = appender.CreateRow();
                    for (var m = 0; m < result.MicroaggregatedAttributes.Count; m++)
                    {
                        var value = result.MicroaggregatedValue(m, row);
                        line = line.AppendValue(double.IsNaN(value) ? "*" : value.ToString("R", CultureInfo.InvariantCulture));
                    }
                    line.EndRow();
                }
            }
            for (var m = 0; m < result.MicroaggregatedAttributes.Count; m++)
            {
                replacements[result.MicroaggregatedAttributes[m]] = $"{InputName}_micro.m{m.ToString(CultureInfo.InvariantCulture)}";
            }
        }
        var select = string.Join(", ", Columns.Select(c => replacements.TryGetValue(c, out var expression)
            ? $"{expression} AS {DuckDbSql.Identifier(c)}"
            : $"{InputName}.{DuckDbSql.Identifier(c)}"));
        var from = result.MicroaggregatedAttributes.Count > 0 ? $"{InputName} POSITIONAL JOIN {InputName}_micro" : InputName;
        write($"SELECT {select} FROM {from}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
            return;
        }
        Execute(_connection, $"DROP TABLE IF EXISTS {InputName}");
    }

    private List<string> Dictionary(string column)
    {
        var type = EnumType(column);
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT unnest(enum_range(NULL::{type}))";
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    // DuckDB builds the dictionary as an ENUM type; enum_code then gives each row's code without any string reaching .NET.
    private string EnumType(string column)
    {
        if (_enumTypes.TryGetValue(column, out var type))
        {
            return type;
        }
        type = $"{InputName}_dictionary_{_enumTypes.Count.ToString(CultureInfo.InvariantCulture)}";
        var quoted = DuckDbSql.Identifier(column);
        Execute(_connection, $"CREATE TYPE {type} AS ENUM (SELECT DISTINCT coalesce(CAST({quoted} AS VARCHAR), '') FROM {InputName} ORDER BY 1)");
        _enumTypes[column] = type;
        return type;
    }

    private string CodeExpression(string column) =>
        $"CAST(enum_code(CAST(coalesce(CAST({InputName}.{DuckDbSql.Identifier(column)} AS VARCHAR), '') AS {EnumType(column)})) AS INTEGER)";

    private string RequireColumn(string column)
    {
        if (!Columns.Contains(column, StringComparer.Ordinal))
        {
            throw new TabularFileException($"{System.IO.Path.GetFileName(Path)}: unknown attribute '{column}'; the file has: {string.Join(", ", Columns)}.");
        }
        return column;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
