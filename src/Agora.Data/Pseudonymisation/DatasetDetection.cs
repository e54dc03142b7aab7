using System.Globalization;
using System.Text;
using Agora.Data.Files;
using Agora.Privacy.Detection;
using DuckDB.NET.Data;

namespace Agora.Data.Pseudonymisation;

/// <summary>Finds personal data in every column of a relation: DuckDB computes each value's signals
/// (<see cref="ValueRecogniser"/> as the scalar function <c>agora_pii_signals</c>, in parallel) and aggregates them per
/// column in one query, on a reproducible sample or on every row; <see cref="ColumnClassifier"/> then decides from the
/// counts and the header. The platform calls this on a stored version; <c>agora detect</c> calls it on a file.</summary>
public static class DatasetDetection
{
    /// <summary>Rows sampled by default: enough for shares to within about one percentage point.</summary>
    public const int DefaultSampleRows = 10_000;

    // The signal bits that carry meaning (whole-value entities, auxiliary facts, contained entities).
    private static readonly int[] UsedBits = [.. Enumerable.Range(0, 17), .. Enumerable.Range(20, 4), .. Enumerable.Range(32, 17)];

    /// <summary>Detects personal data in a file.</summary>
    public static IReadOnlyList<ColumnFinding> DetectFile(string path, int? sampleRows = DefaultSampleRows)
    {
        using var connection = TabularFile.OpenAsView(path);
        return Detect(connection, "input", sampleRows);
    }

    /// <summary>Detects personal data in a relation; <paramref name="sampleRows"/> null scans every row.</summary>
    public static IReadOnlyList<ColumnFinding> Detect(DuckDBConnection connection, string relation = "input", int? sampleRows = DefaultSampleRows)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!FunctionExists(connection, "agora_pii_signals"))
        {
            PseudonymisationFunctions.RegisterDetection(connection);
        }
        var columns = DatasetPseudonymisation.Columns(connection, relation);
        if (columns.Count == 0)
        {
            return [];
        }
        var source = sampleRows is { } rows
            ? string.Create(CultureInfo.InvariantCulture, $"(SELECT * FROM {DuckDbSql.Identifier(relation)} USING SAMPLE reservoir({rows} ROWS) REPEATABLE (7))")
            : DuckDbSql.Identifier(relation);
        var signals = new StringBuilder();
        var aggregates = new StringBuilder();
        for (var c = 0; c < columns.Count; c++)
        {
            var text = $"CAST({DuckDbSql.Identifier(columns[c].Name)} AS VARCHAR)";
            signals.Append(CultureInfo.InvariantCulture, $"{(c > 0 ? ", " : "")}agora_pii_signals({text}) AS s{c}, ")
                .Append(CultureInfo.InvariantCulture, $"(trim(coalesce({text}, '')) <> '') AS n{c}");
            aggregates.Append(CultureInfo.InvariantCulture, $"{(c > 0 ? ", " : "")}count(*) FILTER (WHERE n{c})");
            foreach (var bit in UsedBits)
            {
                aggregates.Append(CultureInfo.InvariantCulture, $", count(*) FILTER (WHERE n{c} AND (s{c} >> {bit}) & 1 = 1)");
            }
            aggregates.Append(CultureInfo.InvariantCulture, $", histogram(s{c} >> {ValueSignals.YearOffset}) FILTER (WHERE n{c} AND s{c} >> {ValueSignals.YearOffset} > 0)");
        }
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {aggregates} FROM (SELECT {signals} FROM {source})";
        using var reader = command.ExecuteReader();
        reader.Read();
        var findings = new List<ColumnFinding>(columns.Count);
        var ordinal = 0;
        foreach (var (name, _, _) in columns)
        {
            var evidence = new ColumnEvidence(name);
            var values = reader.GetInt64(ordinal++);
            var counts = new long[ColumnEvidence.SignalBits];
            foreach (var bit in UsedBits)
            {
                counts[bit] = reader.GetInt64(ordinal++);
            }
            var years = new Dictionary<int, long>();
            if (!reader.IsDBNull(ordinal) && reader.GetValue(ordinal) is System.Collections.IDictionary histogram)
            {
                foreach (System.Collections.DictionaryEntry entry in histogram)
                {
                    var stored = Convert.ToInt32(entry.Key, CultureInfo.InvariantCulture);
                    years[stored + ValueSignals.FirstYear - 1] = Convert.ToInt64(entry.Value, CultureInfo.InvariantCulture);
                }
            }
            ordinal++;
            evidence.AddCounts(values, counts, years);
            findings.Add(ColumnClassifier.Classify(evidence));
        }
        return findings;
    }

    private static bool FunctionExists(DuckDBConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM duckdb_functions() WHERE function_name = {DuckDbSql.Literal(name)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }
}
