using System.Globalization;
using Agora.Data.Discovery.Sketches;
using Agora.Data.Discovery.Union;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Data.Discovery;

/// <summary>Limits that decide which columns become join-key sketches.</summary>
/// <param name="MaxDistinct">Columns with more distinct values than this are skipped (they are rarely keys to others and
/// cost the most to read); reading stops as soon as the limit is passed.</param>
/// <param name="MaxTokenValuesPerColumn">How many distinct values per column feed the union tokens.</param>
/// <param name="CopyLimitBytes">A file up to this size is read once into the connection's memory before it is sketched
/// (two scans follow); a larger one is read twice through a view, which holds none of it.</param>
/// <param name="KeepQueryHashes">Keep every distinct value hash of the table and of each key column in the result's
/// <see cref="QueryTable"/>, which a query needs for tight estimates. Building an index needs only the sketches: without
/// them a table of millions of distinct values takes far less memory (the query then behaves as
/// <see cref="QueryTable.FromSketch"/>).</param>
public sealed record SketchOptions(long MaxDistinct = 10_000_000, int MaxTokenValuesPerColumn = 5_000, long CopyLimitBytes = 64L << 20,
    bool KeepQueryHashes = true);

/// <summary>The outcome of sketching one table.</summary>
/// <param name="Query">The sketch with the full hash sets, unless <see cref="SketchOptions.KeepQueryHashes"/> is false (use
/// <see cref="QueryTable.Sketch"/> to store it).</param>
/// <param name="Skipped">Columns left out of the join sketches, with the reason.</param>
public sealed record SketchResult(QueryTable Query, IReadOnlyList<SkippedItem> Skipped);

/// <summary>Reads a table through DuckDB and builds its discovery sketches in one streaming pass per column (DuckDB
/// groups the values, .NET hashes each distinct value once).</summary>
public static partial class TableSketcher
{
    // DuckDB makes repeated header cells unique by appending _1, _2, …
    [System.Text.RegularExpressions.GeneratedRegex(@"_[0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex DuckDbDuplicateSuffixRegex();

    private static readonly System.Text.RegularExpressions.Regex DuckDbDuplicateSuffix = DuckDbDuplicateSuffixRegex();

    private static readonly HashSet<string> KeyTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "VARCHAR", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT", "UUID",
    };

    /// <summary>Sketches a file (CSV, Parquet, JSON Lines). CSV is read leniently: delimiter sniffed, ragged rows padded,
    /// unreadable rows skipped. The table id is the file name.</summary>
    /// <exception cref="TabularFileException">The file cannot be read at all.</exception>
    public static SketchResult SketchFile(string path, SketchOptions? options = null)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return SketchFile(connection, path, options);
    }

    /// <summary>Sketches a file with an open DuckDB connection (reused across files, which saves most of the cost of
    /// small files); the connection is left as it was.</summary>
    /// <exception cref="TabularFileException">The file cannot be read at all.</exception>
    public static SketchResult SketchFile(DuckDBConnection connection, string path, SketchOptions? options = null)
    {
        if (!File.Exists(path))
        {
            throw new TabularFileException($"{Path.GetFileName(path)}: file not found.");
        }
        options ??= new SketchOptions();
        var view = "discover_" + Guid.NewGuid().ToString("N");
        var literal = DuckDbSql.Literal(Path.GetFullPath(path));
        var format = TabularFile.FormatOf(path);
        var source = format == TabularFormat.Csv
            ? $"read_csv({literal}, auto_detect = true, header = true, all_varchar = true, null_padding = true, ignore_errors = true, strict_mode = false)"
            : TabularFile.ReadExpression(path, allText: false);
        try
        {
            // Read once into memory when small (two scans follow); a large file is scanned twice through a view instead,
            // which holds none of it (a 600 MB CSV file: 1.3 GB peak instead of 2.3 GB, in the same time).
            var copy = new FileInfo(path).Length <= options.CopyLimitBytes;
            Execute(connection, $"CREATE {(copy ? "TEMP TABLE" : "TEMP VIEW")} {DuckDbSql.Identifier(view)} AS SELECT * FROM {source}");
            try
            {
                return Sketch(connection, view, Path.GetFileName(path), Path.GetFileNameWithoutExtension(path), options, lineMayBeData: format == TabularFormat.Csv);
            }
            finally
            {
                Execute(connection, $"DROP {(copy ? "TABLE" : "VIEW")} IF EXISTS {DuckDbSql.Identifier(view)}");
            }
        }
        catch (DuckDBException e)
        {
            throw new TabularFileException($"{Path.GetFileName(path)}: cannot be read as {format}: {e.Message.Split('\n')[0]}", e);
        }
    }

    /// <summary>Sketches a relation (table or view) of an open DuckDB connection. All columns are read in one query
    /// (unpivoted to (column, value, count) and grouped by DuckDB), so each distinct value reaches .NET once.</summary>
    public static SketchResult SketchRelation(DuckDBConnection connection, string relation, string id, string name, SketchOptions? options = null) =>
        Sketch(connection, relation, id, name, options, lineMayBeData: false);

    // lineMayBeData: the relation is a CSV file read with its first line as the header. When that line is the whole
    // file (no data rows), it is as likely a lone data row ("Mona Lisa|Da Vinci|Klimt") as a header, so its cells also
    // count as the table's values for union search (never as join keys: nothing says which column they belong to).
    private static SketchResult Sketch(DuckDBConnection connection, string relation, string id, string name, SketchOptions? options, bool lineMayBeData)
    {
        options ??= new SketchOptions();
        var columns = Describe(connection, relation);
        var from = DuckDbSql.Identifier(relation);
        var rows = Scalar(connection, $"SELECT count(*) FROM {from}");
        var accumulators = columns.Select(c => new ColumnAccumulator(c)).ToArray();
        var tableValues = new BottomKSketch.Builder();
        var valueHashes = new HashSet<ulong>();
        var valueTokens = new Dictionary<string, int>(StringComparer.Ordinal);
        if (rows > 0 && columns.Count > 0)
        {
            // Positional aliases keep odd column names (spaces, quotes, duplicates) out of the UNPIVOT.
            var casts = string.Join(", ", columns.Select((c, i) => $"CAST({DuckDbSql.Identifier(c.Name)} AS VARCHAR) AS c{i}"));
            try
            {
                Accumulate(connection, $"SELECT CAST(substr(k, 2) AS INTEGER) AS i, v, count(*) AS n FROM " +
                    $"(UNPIVOT (SELECT {casts} FROM {from}) ON COLUMNS(*) INTO NAME k VALUE v) GROUP BY ALL", accumulators, options);
            }
            catch (DuckDBException e) when (e.ErrorType == DuckDB.NET.Native.DuckDBErrorType.OutOfMemory)
            {
                // Grouping every column at once holds all their distinct values; one column at a time holds one
                // column's, at the cost of a scan per column. The sketches are the same either way.
                accumulators = [.. columns.Select(c => new ColumnAccumulator(c))];
                for (var i = 0; i < columns.Count; i++)
                {
                    var column = DuckDbSql.Identifier(columns[i].Name);
                    Accumulate(connection, string.Create(CultureInfo.InvariantCulture,
                        $"SELECT {i} AS i, v, count(*) AS n FROM (SELECT CAST({column} AS VARCHAR) AS v FROM {from}) WHERE v IS NOT NULL GROUP BY ALL"),
                        accumulators, options);
                }
            }
        }
        foreach (var accumulator in accumulators)
        {
            // A row-number column (0..n-1 or 1..n) says nothing about the table's content: it would only make every
            // exported table look alike.
            if (accumulator.IsRowNumber(rows))
            {
                continue;
            }
            foreach (var (normalised, hash, count) in accumulator.Sample)
            {
                foreach (var token in Tokens.Of(normalised))
                {
                    valueTokens[token] = valueTokens.GetValueOrDefault(token) + (int)Math.Min(count, int.MaxValue / 2);
                }
                tableValues.Add(hash);
            }
            if (options.KeepQueryHashes)
            {
                valueHashes.UnionWith(accumulator.Hashes);
            }
        }
        if (rows == 0 && lineMayBeData)
        {
            var names = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var column in columns.Where(c => !Tokens.IsPlaceholderName(c.Name)))
            {
                var original = DuckDbDuplicateSuffix.Replace(column.Name, "");
                var normalised = ValueHash.Normalise(names.Contains(original) ? original : column.Name);
                if (normalised is null)
                {
                    continue;
                }
                var hash = ValueHash.OfNormalised(normalised);
                if (valueHashes.Add(hash))
                {
                    tableValues.Add(hash);
                }
                foreach (var token in Tokens.Of(normalised))
                {
                    valueTokens[token] = valueTokens.GetValueOrDefault(token) + 1;
                }
            }
        }
        var skipped = new List<SkippedItem>();
        var keyColumns = new List<ColumnSketch>();
        var columnHashes = new Dictionary<string, HashSet<ulong>>(StringComparer.Ordinal);
        var keyNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var accumulator in accumulators)
        {
            var reason = accumulator.IsRowNumber(rows) ? "a row number (0..n-1 or 1..n), not data" : accumulator.WhyNotAKey(options.MaxDistinct);
            if (reason is null && !keyNames.Add(accumulator.Column.Name))
            {
                reason = "duplicate column name";
            }
            if (reason is not null)
            {
                skipped.Add(new SkippedItem(id, accumulator.Column.Name, reason));
                continue;
            }
            keyColumns.Add(accumulator.ToSketch());
            if (options.KeepQueryHashes)
            {
                columnHashes[accumulator.Column.Name] = accumulator.Hashes.ToHashSet();
            }
        }
        var headerTokens = columns.SelectMany(c => Tokens.OfColumnName(c.Name)).Distinct(StringComparer.Ordinal).ToArray();
        var topTokens = valueTokens.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(UnionProfile.MaxValueTokens).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var union = new UnionProfile([.. Tokens.Of(name).Distinct()], headerTokens, topTokens, tableValues.ToSketch());
        var table = new TableSketch(id, name, rows, columns, keyColumns, union);
        return new SketchResult(new QueryTable(table, columnHashes, valueHashes), skipped);
    }

    // Feeds (column index, value, cell count) rows to the columns' accumulators.
    private static void Accumulate(DuckDBConnection connection, string sql, ColumnAccumulator[] accumulators, SketchOptions options)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var accumulator = accumulators[reader.GetInt32(0)];
            var normalised = ValueHash.Normalise(reader.GetString(1));
            if (normalised is null || accumulator.TooMany)
            {
                continue;
            }
            var count = reader.GetInt64(2);
            accumulator.Add(normalised, ValueHash.OfNormalised(normalised), count, options.MaxDistinct, options.MaxTokenValuesPerColumn);
        }
    }

    /// <summary>One column's sketches while its values stream by, and what its values look like (a CSV column of
    /// decimals or dates is a measure, not a key, even though it was read as text).</summary>
    private sealed class ColumnAccumulator(ColumnInfo column)
    {
        private readonly MinHashSignature.Builder _minHash = new();
        private readonly BottomKSketch.Builder _bottomK = new();
        private readonly HyperLogLog _hll = new();
        private long _nonNull;
        private bool _allIntegers = true;
        private bool _allNumbers = true;
        private bool _allDates = true;
        private bool _allBooleans = true;

        public ColumnInfo Column { get; } = column;

        // Every distinct value hash seen so far, in a compact set: on a file of millions of distinct values per column
        // these sets are most of the .NET memory an index build takes.
        public ValueHashSet Hashes { get; } = new();

        public long Distinct { get; private set; }

        public bool TooMany { get; private set; }

        // The distinct values that feed the union tokens: the maxSample with the smallest hashes, a uniform sample that
        // does not depend on the order DuckDB returns the groups in (so the same file always gives the same sketch).
        private readonly Dictionary<ulong, (string Value, long Count)> _sample = [];
        private readonly PriorityQueue<ulong, ulong> _sampleByLargestHash = new();

        public IEnumerable<(string Value, ulong Hash, long Count)> Sample => _sample.Select(pair => (pair.Value.Value, pair.Key, pair.Value.Count));

        private long _minimum = long.MaxValue;
        private long _maximum = long.MinValue;

        public bool IsRowNumber(long rows) =>
            _allIntegers && Distinct == rows && rows > 2 && _minimum is 0 or 1 && _maximum - _minimum + 1 == rows;

        public void Add(string normalised, ulong hash, long count, long maxDistinct, int maxSample)
        {
            _nonNull += count;
            if (!Hashes.Add(hash))
            {
                // Another spelling of a value already seen ("Mars" and "mars "): its cells count for it too.
                if (_sample.TryGetValue(hash, out var seen))
                {
                    _sample[hash] = (seen.Value, seen.Count + count);
                }
                return;
            }
            AddToSample(normalised, hash, count, maxSample);
            Distinct++;
            if (Distinct > maxDistinct)
            {
                TooMany = true;
                Hashes.Clear();
                return;
            }
            _minHash.Add(hash);
            _bottomK.Add(hash);
            _hll.Add(hash);
            var invariant = CultureInfo.InvariantCulture;
            if (_allIntegers && long.TryParse(normalised, NumberStyles.Integer, invariant, out var integer))
            {
                _minimum = Math.Min(_minimum, integer);
                _maximum = Math.Max(_maximum, integer);
            }
            else
            {
                _allIntegers = false;
            }
            _allNumbers = _allNumbers && double.TryParse(normalised, NumberStyles.Float, invariant, out _);
            _allDates = _allDates && normalised.Length >= 8 && char.IsDigit(normalised[0]) && DateTime.TryParse(normalised, invariant, out _);
            _allBooleans = _allBooleans && normalised is "true" or "false";
        }

        private void AddToSample(string normalised, ulong hash, long count, int maxSample)
        {
            if (maxSample <= 0)
            {
                return;
            }
            if (_sample.Count == maxSample)
            {
                if (hash >= _sampleByLargestHash.Peek())
                {
                    return;
                }
                _sample.Remove(_sampleByLargestHash.Dequeue());
            }
            _sample[hash] = (normalised, count);
            _sampleByLargestHash.Enqueue(hash, ulong.MaxValue - hash);
        }

        public string? WhyNotAKey(long maxDistinct)
        {
            if (!KeyTypes.Contains(Column.Type))
            {
                return $"not a text or integer column ({Column.Type}), so not a join key";
            }
            if (TooMany)
            {
                return string.Create(CultureInfo.InvariantCulture, $"more than {maxDistinct:N0} distinct values");
            }
            return Distinct switch
            {
                0 => "no values",
                1 => "a single value in every row",
                _ when _allBooleans => "true/false values, not a join key",
                _ when _allNumbers && !_allIntegers => "decimal numbers (a measure), not a join key",
                _ when _allDates => "dates or times, not a join key",
                _ => null,
            };
        }

        public ColumnSketch ToSketch()
        {
            var sketch = _bottomK.ToSketch();
            var distinct = sketch.IsComplete ? sketch.Hashes.Length : (long)Math.Round(_hll.Estimate());
            return new ColumnSketch(Column.Name, _nonNull, distinct, _minHash.ToSignature()!, sketch, _hll);
        }
    }

    internal static List<ColumnInfo> Describe(DuckDBConnection connection, string relation)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE {DuckDbSql.Identifier(relation)}";
        using var reader = command.ExecuteReader();
        var columns = new List<ColumnInfo>();
        while (reader.Read())
        {
            columns.Add(new ColumnInfo(reader.GetString(0), reader.GetString(1)));
        }
        return columns;
    }

    private static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
