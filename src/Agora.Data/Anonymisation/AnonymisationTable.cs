using System.Globalization;
using Agora.Data.Files;
using Agora.Privacy.Anonymisation;
using DuckDB.NET.Data;

namespace Agora.Data.Anonymisation;

/// <summary>
/// A tabular file loaded for anonymisation, its columns coming out dictionary-encoded (no string per row in .NET).
/// A small CSV file (under <see cref="DelimitedText.SmallFileBytes"/>, delimiter evident from its header) is read and the
/// anonymised CSV written by <see cref="DelimitedText"/> in .NET: for a file like ARX's adult benchmark, opening DuckDB and
/// sniffing the dialect cost more than the whole search. Other files are loaded into DuckDB, which builds the
/// dictionaries and per-row codes, and the anonymised table is written back by DuckDB with only the suppression flags
/// (and microaggregated values) coming from .NET. Both give the same columns, codes and output.
/// </summary>
public sealed class AnonymisationTable : IDisposable
{
    private static int s_instances;
    private readonly DuckDBConnection? _connection;
    private readonly DictionaryEncodedColumns? _encoded;
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

    private AnonymisationTable(DictionaryEncodedColumns encoded, string path)
    {
        _encoded = encoded;
        InputName = NextName();
        Path = path;
        Columns = encoded.Names;
        RowCount = encoded.RowCount;
    }

    // The temporary table (and prefix of the dictionary types) of this instance: unique, so that several tables can live on
    // one connection (the risk of a source version, then its anonymisation).
    private string InputName { get; }

    // Only the DuckDB-backed paths use it.
    private DuckDBConnection Connection => _connection ?? throw new InvalidOperationException("this table was read in .NET, not into DuckDB");

    private static string NextName() => "anon_input_" + Interlocked.Increment(ref s_instances).ToString(CultureInfo.InvariantCulture);

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of rows.</summary>
    public long RowCount { get; }

    /// <summary>Reads a CSV (separator detected, header row, every column as text) or Parquet file into memory.</summary>
    /// <exception cref="TabularFileException">The file is missing, unreadable, empty or too large, or (CSV) a row does not
    /// match the header.</exception>
    public static AnonymisationTable Load(string path) => Load(path, readSmallCsvInDotNet: true);

    // The tests load the same file both ways to compare the two readers and writers.
    internal static AnonymisationTable Load(string path, bool readSmallCsvInDotNet)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TabularFileException($"{path}: file not found.");
        }
        var format = TabularFile.FormatOf(path);
        var size = new FileInfo(path).Length;
        var delimiter = format == TabularFormat.Csv ? TabularFile.DelimiterHint(path) : null;
        if (readSmallCsvInDotNet && delimiter is { } known && size < DelimitedText.SmallFileBytes
            && DelimitedText.ReadEncoded(path, known) is { } encoded)
        {
            return new AnonymisationTable(encoded, path);
        }
        return LoadIntoDuckDb(path, format, size, delimiter);
    }

    // Kept apart from Load (like every DuckDB use here) so that a small CSV file read in .NET never loads the DuckDB
    // assemblies: ahead-of-time code resolves the types a method uses when the method is first called.
    private static AnonymisationTable LoadIntoDuckDb(string path, TabularFormat format, long size, char? delimiter)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        var table = NextName();
        try
        {
            connection.Open();
            // One statement reads the file straight into the table: a view bound first (TabularFile.OpenAsView) would
            // make DuckDB sniff the CSV dialect three times, which is most of the reading time for a small file.
            if (size < SmallFile)
            {
                Execute(connection, "SET threads = 1");
            }
            Execute(connection, $"CREATE TEMP TABLE {table} AS SELECT * FROM {ReadExpression(path, delimiter)}");
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
    private static string ReadExpression(string path, char? delimiter)
    {
        var automatic = TabularFile.ReadExpression(path);
        return delimiter is { } known ? automatic[..^1] + $", delim = {DuckDbSql.Literal(known.ToString())})" : automatic;
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
        if (_encoded is { } encoded)
        {
            return [.. columns.Select(name =>
            {
                var index = IndexOf(RequireColumn(name));
                return new EncodedColumn(name, encoded.Dictionaries[index], encoded.Codes[index]);
            })];
        }
        return ReadEncodedFromDuckDb(columns);
    }

    private List<EncodedColumn> ReadEncodedFromDuckDb(IReadOnlyList<string> columns)
    {
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
        using var command = Connection.CreateCommand();
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
        ArgumentNullException.ThrowIfNull(result);
        if (_encoded is not null)
        {
            WriteFromMemory(result, outputPath, recoded);
            return;
        }
        WriteThroughDuckDb(result, outputPath, recoded);
    }

    private void WriteThroughDuckDb(AnonymisationResult result, string outputPath, IReadOnlyDictionary<string, int[]>? recoded)
    {
        try
        {
            WriteAnonymised(result, select => TabularFile.WriteAtomically(Connection, select, outputPath), recoded);
        }
        catch (DuckDBException e)
        {
            throw new TabularFileException($"{System.IO.Path.GetFileName(outputPath)}: cannot be written: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Builds the anonymised table as a query and hands it to <paramref name="write"/>, which runs it on this
    /// table's connection (the platform stores it as an encrypted version, or keeps it as a temporary table for a
    /// pseudonymisation step). Same output as <see cref="WriteAnonymised(AnonymisationResult, string, IReadOnlyDictionary{string, int[]}?)"/>.
    /// Only for tables on a DuckDB connection (<see cref="FromRelation"/>, or a file DuckDB read).</summary>
    /// <exception cref="InvalidOperationException">The table was read in .NET (a small CSV file).</exception>
    public void WriteAnonymised(AnonymisationResult result, Action<string> write, IReadOnlyDictionary<string, int[]>? recoded = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(write);
        var connection = Connection;
        // Suppressed rows, by position (0-based rowid of the input table).
        Execute(connection, $"CREATE OR REPLACE TEMP TABLE {InputName}_suppressed (r BIGINT)");
        using (var appender = connection.CreateAppender(InputName + "_suppressed"))
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
            Execute(connection, $"CREATE OR REPLACE TEMP TABLE {labels} (code INTEGER, label VARCHAR)");
            using (var appender = connection.CreateAppender(labels))
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
            Execute(connection, $"CREATE OR REPLACE TEMP TABLE {InputName}_micro ({columns})");
            using (var appender = connection.CreateAppender(InputName + "_micro"))
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

    // The anonymised table, dictionary-encoded per column: released labels or '*', microaggregated values, other values
    // as read (a missing value as null, so that the output writes it as DuckDB does).
    private (IReadOnlyList<string?>[] Dictionaries, int[][] Codes) OutputColumns(AnonymisationResult result, IReadOnlyDictionary<string, int[]>? recoded)
    {
        var encoded = _encoded!;
        var dictionaries = new IReadOnlyList<string?>[Columns.Count];
        var codes = new int[Columns.Count][];
        var rows = checked((int)RowCount);
        for (var c = 0; c < Columns.Count; c++)
        {
            var name = Columns[c];
            var quasiIdentifier = IndexOfOrdinal(result.Attributes, name);
            var microaggregated = IndexOfOrdinal(result.MicroaggregatedAttributes, name);
            if (quasiIdentifier >= 0)
            {
                var mapping = result.LabelForDictionaryCode(quasiIdentifier);
                var remap = recoded?.GetValueOrDefault(name);
                var labels = new string?[encoded.Dictionaries[c].Count + 1];
                for (var code = 0; code < labels.Length - 1; code++)
                {
                    labels[code] = mapping[remap is null ? code : remap[code]];
                }
                var suppressed = labels.Length - 1;
                labels[suppressed] = "*";
                var input = encoded.Codes[c];
                var output = new int[rows];
                for (var row = 0; row < rows; row++)
                {
                    output[row] = result.IsSuppressed(row) ? suppressed : input[row];
                }
                dictionaries[c] = labels;
                codes[c] = output;
            }
            else if (microaggregated >= 0)
            {
                var values = new List<string?>();
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                var output = new int[rows];
                for (var row = 0; row < rows; row++)
                {
                    var number = result.MicroaggregatedValue(microaggregated, row);
                    var text = double.IsNaN(number) ? "*" : number.ToString("R", CultureInfo.InvariantCulture);
                    if (!index.TryGetValue(text, out var code))
                    {
                        code = values.Count;
                        index[text] = code;
                        values.Add(text);
                    }
                    output[row] = code;
                }
                dictionaries[c] = values;
                codes[c] = output;
            }
            else
            {
                dictionaries[c] = [.. encoded.Dictionaries[c].Select(v => v.Length == 0 ? null : v)];
                codes[c] = encoded.Codes[c];
            }
        }
        return (dictionaries, codes);
    }

    private void WriteFromMemory(AnonymisationResult result, string outputPath, IReadOnlyDictionary<string, int[]>? recoded)
    {
        var (dictionaries, codes) = OutputColumns(result, recoded);
        if (TabularFile.FormatOf(outputPath) == TabularFormat.Csv)
        {
            DelimitedText.WriteAtomically(outputPath, Columns, dictionaries, codes);
            return;
        }
        WriteRowsThroughDuckDb(outputPath, dictionaries, codes);
    }

    // Parquet or JSON lines from a table read in .NET: the rows go through a DuckDB table, which writes them.
    private void WriteRowsThroughDuckDb(string outputPath, IReadOnlyList<string?>[] dictionaries, int[][] codes)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            Execute(connection, $"CREATE TEMP TABLE {InputName}_output ({string.Join(", ", Columns.Select(c => $"{DuckDbSql.Identifier(c)} VARCHAR"))})");
            using (var appender = connection.CreateAppender(InputName + "_output"))
            {
                for (var row = 0; row < RowCount; row++)
                {
                    var line = appender.CreateRow();
                    for (var c = 0; c < codes.Length; c++)
                    {
                        line = dictionaries[c][codes[c][row]] is { } value ? line.AppendValue(value) : line.AppendNullValue();
                    }
                    line.EndRow();
                }
            }
            TabularFile.WriteAtomically(connection, $"SELECT * FROM {InputName}_output", outputPath);
        }
        catch (DuckDBException e)
        {
            throw new TabularFileException($"{System.IO.Path.GetFileName(outputPath)}: cannot be written: {FirstLine(e.Message)}", e);
        }
    }

    private static int IndexOfOrdinal(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private int IndexOf(string column) => IndexOfOrdinal(Columns, column);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_encoded is null)
        {
            DisposeDuckDb();
        }
    }

    private void DisposeDuckDb()
    {
        if (_connection is null)
        {
            return;
        }
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
        using var command = Connection.CreateCommand();
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
        Execute(Connection, $"CREATE TYPE {type} AS ENUM (SELECT DISTINCT coalesce(CAST({quoted} AS VARCHAR), '') FROM {InputName} ORDER BY 1)");
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
