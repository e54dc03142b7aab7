using System.Globalization;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Data.Ingestion;

/// <summary>One source column as inspection found it.</summary>
/// <param name="Ordinal">0-based position.</param>
/// <param name="SourceName">The name in the file (empty when there is no header or the header cell is empty).</param>
/// <param name="Type">The inferred type.</param>
/// <param name="DuckDbType">The type DuckDB inferred, before mapping to <see cref="ColumnType"/>.</param>
/// <param name="Nullable">Whether the inference sample held empty values.</param>
public sealed record InspectedColumn(int Ordinal, string SourceName, ColumnType Type, string DuckDbType, bool Nullable);

/// <summary>What an uploaded file is and how Agora proposes to store it.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Plan">The proposed plan (detected settings, source names, inferred types); correct it with
/// <see cref="IngestionPlan.Rename"/>, <see cref="IngestionPlan.Retype"/> and <see cref="IngestionPlan.DropColumn"/>.</param>
/// <param name="Columns">The columns as found.</param>
/// <param name="SampleRows">The first rows as text, in source column order (<c>null</c> for an empty value).</param>
/// <param name="Problems">What must be corrected before the plan can be ingested (empty or duplicate column names).</param>
public sealed record FileInspection(string FileName, long SizeBytes, IngestionPlan Plan, IReadOnlyList<InspectedColumn> Columns,
    IReadOnlyList<IReadOnlyList<string?>> SampleRows, IReadOnlyList<IngestionError> Problems);

/// <summary>Inspects an uploaded file: format by content and extension, encoding, CSV dialect and header, column types
/// from a sample, and a few sample rows. It reads only the head of the file (DuckDB's sniffer sample).</summary>
public static class FileInspector
{
    /// <summary>Inspects <paramref name="path"/>. Temporary UTF-8 copies of non-UTF-8 heads go to
    /// <paramref name="workDirectory"/> (default: the system temp folder) and are deleted before returning.</summary>
    /// <exception cref="IngestionException">The file is empty, too large, binary, or unreadable as any accepted format.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static FileInspection Inspect(string path, IngestionOptions? options = null, string? workDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= IngestionOptions.Default;
        var verdict = ContentSniffer.Examine(path, options);
        string? temporary = null;
        try
        {
            var readable = path;
            if (verdict.Format != TabularFormat.Parquet && ContentSniffer.NeedsTranscoding(verdict.Encoding))
            {
                temporary = Path.Combine(workDirectory ?? Path.GetTempPath(), $"agora-inspect-{Guid.NewGuid():N}.tmp");
                Transcoder.ToUtf8(path, verdict.Encoding, temporary, maxBytes: 8L << 20);
                readable = temporary;
            }
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            var (plan, columns) = verdict.Format switch
            {
                TabularFormat.Csv => InspectCsv(connection, readable, verdict, options),
                TabularFormat.JsonLines => InspectDescribed(connection, readable, verdict, options),
                _ => InspectDescribed(connection, readable, verdict, options),
            };
            var sample = ReadSample(connection, plan, readable, options.SampleRows);
            return new FileInspection(Path.GetFileName(path), verdict.SizeBytes, plan, columns, sample, plan.Problems());
        }
        catch (DuckDBException e) when (verdict.Format == TabularFormat.JsonLines)
        {
            throw new IngestionException(ErrorLocator.FromJsonFailure(e, new IngestionPlan(verdict.Format, verdict.Encoding, null, []), temporary ?? path), e);
        }
        catch (DuckDBException e)
        {
            throw IngestionException.Of(IngestionRule.UnknownFormat, null, null,
                $"{Path.GetFileName(path)} cannot be read as {verdict.Format}: {DuckDbErrors.FirstLine(e.Message)}");
        }
        finally
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    private static (IngestionPlan, IReadOnlyList<InspectedColumn>) InspectCsv(DuckDBConnection connection, string readable,
        ContentSniffer.Verdict verdict, IngestionOptions options)
    {
        var encoding = verdict.Encoding;
        var delimiter = DelimiterDetector.Detect(verdict.HeadText) ?? ',';
        // Delimiter, quote and escape are fixed (RFC 4180 quoting) and bad rows ignored, so the sniffer only decides the
        // header and the types, and a bad row cannot make it choose a dialect that hides the row.
        using var command = connection.CreateCommand();
        command.CommandText = Transcoder.Invariant(
            $"SELECT HasHeader, Columns, DateFormat, TimestampFormat FROM sniff_csv({DuckDbSql.Literal(Path.GetFullPath(readable))}, delim = {DuckDbSql.Literal(delimiter.ToString())}, quote = '\"', escape = '\"', skip = 0, ignore_errors = true, sample_size = {options.InferenceRows})");
        CsvDialect dialect;
        var sniffed = new List<(string Name, string Type)>();
        try
        {
            using var reader = command.ExecuteReader();
            reader.Read();
            dialect = new CsvDialect(delimiter, '"', '"', HasHeader: reader.GetBoolean(0),
                DateFormat: reader.IsDBNull(2) ? null : NullIfEmpty(reader.GetString(2)),
                TimestampFormat: reader.IsDBNull(3) ? null : NullIfEmpty(reader.GetString(3)));
            foreach (var item in (System.Collections.IEnumerable)reader.GetValue(1))
            {
                var entry = (IDictionary<string, object>)item;
                sniffed.Add((Convert.ToString(entry["name"], CultureInfo.InvariantCulture)!, Convert.ToString(entry["type"], CultureInfo.InvariantCulture)!));
            }
        }
        catch (DuckDBException)
        {
            // The sample itself is malformed (an unclosed quote, say). Propose text columns from the first line; ingestion
            // will then name the bad line precisely.
            var first = verdict.HeadText.Split('\n')[0];
            dialect = new CsvDialect(delimiter, '"', '"', HasHeader: true);
            sniffed = DelimiterDetector.Split(first, delimiter).Select(n => (n, "VARCHAR")).ToList();
        }
        // The sniffer renames empty and duplicate header cells; the plan must see them as they are, so the header line is
        // read again as plain text.
        var provisional = new IngestionPlan(TabularFormat.Csv, encoding, dialect with { HasHeader = false },
            sniffed.Select((s, i) => new PlannedColumn(i, "", SourceQuery.CsvColumn(i), ColumnType.Text)).ToList());
        string?[] header = [];
        if (dialect.HasHeader)
        {
            command.CommandText = $"SELECT * FROM {SourceQuery.From(provisional, readable, allText: true, ignoreErrors: true)} LIMIT 1";
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i)).ToArray();
            }
        }
        var planned = sniffed.Select((s, i) =>
        {
            var source = dialect.HasHeader ? header.ElementAtOrDefault(i) ?? "" : "";
            var name = dialect.HasHeader ? source.Trim() : "column_" + (i + 1).ToString(CultureInfo.InvariantCulture);
            return new PlannedColumn(i, source, name, ColumnTypes.FromDuckDb(s.Type), SourceType: s.Type);
        }).ToList();
        var plan = new IngestionPlan(TabularFormat.Csv, encoding, dialect, planned);
        var nulls = NullsInSample(connection, plan, readable, options.InferenceRows);
        var columns = planned.Select(c => new InspectedColumn(c.Ordinal, c.SourceName, c.Type, c.SourceType!, nulls[c.Ordinal])).ToList();
        return (plan, columns);
    }

    private static (IngestionPlan, IReadOnlyList<InspectedColumn>) InspectDescribed(DuckDBConnection connection, string readable,
        ContentSniffer.Verdict verdict, IngestionOptions options)
    {
        var path = DuckDbSql.Literal(Path.GetFullPath(readable));
        var from = verdict.Format == TabularFormat.JsonLines
            ? Transcoder.Invariant($"read_json({path}, format = 'newline_delimited', sample_size = {options.InferenceRows})")
            : $"read_parquet({path})";
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {from})";
        var planned = new List<PlannedColumn>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var name = reader.GetString(0);
                var type = reader.GetString(1);
                planned.Add(new PlannedColumn(planned.Count, name, name, ColumnTypes.FromDuckDb(type), SourceType: type));
            }
        }
        var plan = new IngestionPlan(verdict.Format, verdict.Encoding, null, planned);
        var nulls = NullsInSample(connection, plan, readable, options.InferenceRows);
        return (plan, planned.Select(c => new InspectedColumn(c.Ordinal, c.SourceName, c.Type, c.SourceType!, nulls[c.Ordinal])).ToList());
    }

    private static bool[] NullsInSample(DuckDBConnection connection, IngestionPlan plan, string readable, int rows)
    {
        var everything = plan with { Columns = plan.Columns.Select(c => c with { Drop = false, Name = SourceQuery.CsvColumn(c.Ordinal) }).ToList() };
        var counts = string.Join(", ", everything.Columns.Select(c => $"count(*) - count({DuckDbSql.Identifier(c.Name)})"));
        using var command = connection.CreateCommand();
        command.CommandText = Transcoder.Invariant(
            $"SELECT {counts} FROM (SELECT {SourceQuery.Select(everything, allText: true)} FROM {SourceQuery.From(everything, readable, allText: true, ignoreErrors: true)} LIMIT {rows})");
        using var reader = command.ExecuteReader();
        reader.Read();
        return Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture) > 0).ToArray();
    }

    private static List<IReadOnlyList<string?>> ReadSample(DuckDBConnection connection, IngestionPlan plan, string readable, int rows)
    {
        var everything = plan with { Columns = plan.Columns.Select(c => c with { Drop = false, Name = SourceQuery.CsvColumn(c.Ordinal) }).ToList() };
        using var command = connection.CreateCommand();
        command.CommandText = Transcoder.Invariant(
            $"SELECT {SourceQuery.Select(everything, allText: true)} FROM {SourceQuery.From(everything, readable, allText: true, ignoreErrors: true)} LIMIT {rows}");
        using var reader = command.ExecuteReader();
        var sample = new List<IReadOnlyList<string?>>();
        while (reader.Read())
        {
            sample.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i)).ToArray());
        }
        return sample;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) || value == "(empty)" ? null : value;
}

/// <summary>DuckDB error text helpers.</summary>
internal static class DuckDbErrors
{
    public static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
