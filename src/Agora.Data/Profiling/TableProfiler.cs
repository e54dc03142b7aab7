using System.Globalization;
using System.Text;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Data.Profiling;

/// <summary>Options of a profile run.</summary>
/// <param name="HistogramBins">Bins of numeric histograms.</param>
/// <param name="TopValues">How many most frequent values (and patterns) to keep per column.</param>
public sealed record ProfileOptions(int HistogramBins = 20, int TopValues = 10);

/// <summary>Computes a <see cref="TableProfile"/> with DuckDB. Counts, nulls, distinct counts (HyperLogLog), min, max,
/// mean, standard deviation, quantiles and text lengths of every column come from one aggregate query (one scan);
/// histograms, top values and patterns take one grouped query per column; quality checks one more scan.</summary>
public static class TableProfiler
{
    private static readonly double[] QuantileLevels = [0.05, 0.25, 0.5, 0.75, 0.95];

    /// <summary>Profiles a file (CSV, Parquet, JSON Lines). <see cref="QualityExpectations.LastModified"/> defaults to the
    /// file's modification time.</summary>
    public static TableProfile ProfileFile(string path, QualityExpectations? expectations, TimeProvider time, ProfileOptions? options = null)
    {
        using var connection = TabularFile.OpenForRepeatedScans(path, "input", allText: false);
        expectations ??= new QualityExpectations();
        if (expectations.LastModified is null && expectations.UpdateFrequency is not null)
        {
            expectations = expectations with { LastModified = File.GetLastWriteTimeUtc(path) };
        }
        return Profile(connection, "input", Path.GetFileName(path), expectations, time, options);
    }

    /// <summary>Profiles a relation (table or view) of an open DuckDB connection.</summary>
    /// <exception cref="ArgumentException">A declared constraint or rule names a missing column or is not allowed.</exception>
    public static TableProfile Profile(DuckDBConnection connection, string relation, string tableName, QualityExpectations? expectations,
        TimeProvider time, ProfileOptions? options = null)
    {
        options ??= new ProfileOptions();
        expectations ??= new QualityExpectations();
        var from = DuckDbSql.Identifier(relation);
        var columns = Describe(connection, from);
        var aggregates = new List<string> { "count(*)" };
        foreach (var (name, type) in columns)
        {
            var c = DuckDbSql.Identifier(name);
            var kind = KindOf(type);
            aggregates.Add($"count({c})");
            aggregates.Add($"approx_count_distinct({c})");
            aggregates.Add(kind is "other" ? "NULL" : $"CAST(min({c}) AS VARCHAR)");
            aggregates.Add(kind is "other" ? "NULL" : $"CAST(max({c}) AS VARCHAR)");
            aggregates.Add(kind == "numeric" ? $"avg(CAST({c} AS DOUBLE))" : "NULL");
            aggregates.Add(kind == "numeric" ? $"stddev_samp(CAST({c} AS DOUBLE))" : "NULL");
            // Computed in the column's own type, so an integer column gets integer quantiles (age p50 37, not 36.9992),
            // then read as doubles (a HUGEINT would come back as a BigInteger).
            aggregates.Add(kind == "numeric" ? $"CAST(approx_quantile({c}, [{string.Join(", ", QuantileLevels.Select(DuckDbSql.Number))}]) AS DOUBLE[])" : "NULL");
            aggregates.Add(kind == "text" ? $"min(length({c}))" : "NULL");
            aggregates.Add(kind == "text" ? $"max(length({c}))" : "NULL");
        }
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", aggregates)} FROM {from}";
        var profiles = new List<ColumnProfile>();
        long rows;
        var raw = new List<object?[]>();
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            rows = reader.GetInt64(0);
            for (var i = 0; i < columns.Count; i++)
            {
                var values = new object?[9];
                for (var j = 0; j < 9; j++)
                {
                    var ordinal = 1 + (i * 9) + j;
                    values[j] = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
                }
                raw.Add(values);
            }
        }
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, type) = columns[i];
            var kind = KindOf(type);
            var v = raw[i];
            var count = Convert.ToInt64(v[0], CultureInfo.InvariantCulture);
            var min = v[2] as string;
            var max = v[3] as string;
            double? mean = v[4] is null ? null : Convert.ToDouble(v[4], CultureInfo.InvariantCulture);
            double? stddev = v[5] is null ? null : Convert.ToDouble(v[5], CultureInfo.InvariantCulture);
            Dictionary<string, double>? quantiles = null;
            if (v[6] is System.Collections.IEnumerable list)
            {
                quantiles = [];
                var k = 0;
                foreach (var item in list)
                {
                    if (item is not null && k < QuantileLevels.Length)
                    {
                        quantiles[string.Create(CultureInfo.InvariantCulture, $"p{QuantileLevels[k] * 100:00}")] = Convert.ToDouble(item, CultureInfo.InvariantCulture);
                    }
                    k++;
                }
            }
            var histogram = kind == "numeric" && count > 0 ? Histogram(connection, from, name, options.HistogramBins) : null;
            var top = kind == "other" ? [] : TopValues(connection, from, name, options.TopValues);
            var patterns = kind == "text" ? Patterns(connection, from, name, options.TopValues) : [];
            profiles.Add(new ColumnProfile(name, type, kind, count, rows - count, Convert.ToInt64(v[1], CultureInfo.InvariantCulture),
                min, max, Finite(mean), Finite(stddev), quantiles, histogram, top, patterns,
                v[7] is null ? null : Convert.ToInt64(v[7], CultureInfo.InvariantCulture),
                v[8] is null ? null : Convert.ToInt64(v[8], CultureInfo.InvariantCulture)));
        }
        var quality = QualityAssessment.Assess(connection, from, rows, profiles, expectations, time);
        return new TableProfile(TableProfile.SchemaId, tableName, time.GetUtcNow(), rows, profiles, quality);
    }

    internal static string KindOf(string type)
    {
        var t = type.ToUpperInvariant();
        if (t is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT"
            or "FLOAT" or "DOUBLE" or "REAL" || t.StartsWith("DECIMAL", StringComparison.Ordinal))
        {
            return "numeric";
        }
        if (t is "VARCHAR" or "UUID" || t.StartsWith("VARCHAR", StringComparison.Ordinal))
        {
            return "text";
        }
        if (t is "DATE" or "TIME" || t.StartsWith("TIMESTAMP", StringComparison.Ordinal))
        {
            return "temporal";
        }
        return t == "BOOLEAN" ? "boolean" : "other";
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static List<(string Name, string Type)> Describe(DuckDBConnection connection, string from)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {from}";
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string)>();
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }
        return columns;
    }

    private static List<HistogramBin> Histogram(DuckDBConnection connection, string from, string column, int bins)
    {
        var c = $"CAST({DuckDbSql.Identifier(column)} AS DOUBLE)";
        using var command = connection.CreateCommand();
        command.CommandText =
            $"WITH bounds AS (SELECT min({c}) AS lo, max({c}) AS hi FROM {from} WHERE isfinite({c})) " +
            $"SELECT lo, hi, least(CAST(floor(({c} - lo) / nullif((hi - lo) / {bins}, 0)) AS BIGINT), {bins - 1}) AS bin, count(*) " +
            $"FROM {from}, bounds WHERE isfinite({c}) GROUP BY ALL ORDER BY bin";
        using var reader = command.ExecuteReader();
        var counts = new long[bins];
        double lo = 0, hi = 0;
        var any = false;
        while (reader.Read())
        {
            lo = reader.GetDouble(0);
            hi = reader.GetDouble(1);
            var bin = reader.IsDBNull(2) ? 0 : (int)Math.Clamp(reader.GetInt64(2), 0, bins - 1);
            counts[bin] += reader.GetInt64(3);
            any = true;
        }
        if (!any)
        {
            return [];
        }
        if (hi == lo)
        {
            return [new HistogramBin(lo, hi, counts.Sum())];
        }
        var width = (hi - lo) / bins;
        return [.. Enumerable.Range(0, bins).Select(b => new HistogramBin(lo + (b * width), b == bins - 1 ? hi : lo + ((b + 1) * width), counts[b]))];
    }

    private static List<ValueCount> TopValues(DuckDBConnection connection, string from, string column, int top)
    {
        var c = DuckDbSql.Identifier(column);
        return Counts(connection, $"SELECT CAST({c} AS VARCHAR) AS v, count(*) AS n FROM {from} WHERE {c} IS NOT NULL GROUP BY ALL ORDER BY n DESC, v LIMIT {top}");
    }

    private static List<ValueCount> Patterns(DuckDBConnection connection, string from, string column, int top)
    {
        // Shape classes: A = upper-case letter, a = lower-case letter (any script: "Ésch" is "Aa"), 9 = digit; runs
        // collapse, so "AB-1234" is "A-9". Each distinct value is shaped once, with its count: most columns repeat their
        // values, and shaping is the costly part.
        var c = DuckDbSql.Identifier(column);
        const string shape = @"regexp_replace(regexp_replace(regexp_replace(v, '\p{Lu}+', 'A', 'g'), '\p{Ll}+', 'a', 'g'), '[0-9]+', '9', 'g')";
        return Counts(connection,
            $"SELECT {shape} AS p, CAST(sum(n) AS BIGINT) AS m FROM (SELECT {c} AS v, count(*) AS n FROM {from} WHERE {c} IS NOT NULL GROUP BY ALL) " +
            $"GROUP BY ALL ORDER BY m DESC, p LIMIT {top}");
    }

    private static List<ValueCount> Counts(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<ValueCount>();
        while (reader.Read())
        {
            result.Add(new ValueCount(reader.IsDBNull(0) ? "" : Truncate(reader.GetString(0)), reader.GetInt64(1)));
        }
        return result;
    }

    private static string Truncate(string value)
    {
        if (value.Length <= 80)
        {
            return value;
        }
        var builder = new StringBuilder(value, 0, 79, 80);
        return builder.Append('…').ToString();
    }
}
