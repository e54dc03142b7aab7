namespace Agora.Data.Profiling;

/// <summary>The profile of a table: per-column statistics and the table's quality dimensions. Serialised as the JSON
/// report (schema <see cref="SchemaId"/>, documented in docs/profiling.md).</summary>
/// <param name="Schema">Always <see cref="SchemaId"/>.</param>
/// <param name="Table">Name of the profiled table or file.</param>
/// <param name="ProfiledAt">When the profile was computed (UTC).</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Per-column statistics, in column order.</param>
/// <param name="Quality">Quality dimensions.</param>
public sealed record TableProfile(
    string Schema,
    string Table,
    DateTimeOffset ProfiledAt,
    long Rows,
    IReadOnlyList<ColumnProfile> Columns,
    QualityReport Quality)
{
    /// <summary>The identifier of this JSON schema version.</summary>
    public const string SchemaId = "agora.profile/1";
}

/// <summary>Statistics of one column.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">DuckDB type.</param>
/// <param name="Kind"><c>numeric</c>, <c>text</c>, <c>temporal</c>, <c>boolean</c> or <c>other</c>.</param>
/// <param name="Count">Non-null values.</param>
/// <param name="Nulls">Null (missing) values.</param>
/// <param name="Distinct">Approximate distinct count (HyperLogLog, DuckDB's approx_count_distinct).</param>
/// <param name="Min">Smallest value, as text.</param>
/// <param name="Max">Largest value, as text.</param>
/// <param name="Mean">Mean (numeric columns).</param>
/// <param name="StdDev">Sample standard deviation (numeric columns).</param>
/// <param name="Quantiles">Approximate quantiles p05, p25, p50, p75, p95 (numeric columns).</param>
/// <param name="Histogram">Equal-width histogram (numeric columns).</param>
/// <param name="TopValues">Most frequent values with counts.</param>
/// <param name="Patterns">Most frequent value shapes (A upper-case letters, a lower-case, 9 digits; runs collapsed).</param>
/// <param name="MinLength">Shortest text length (text columns).</param>
/// <param name="MaxLength">Longest text length (text columns).</param>
public sealed record ColumnProfile(
    string Name,
    string Type,
    string Kind,
    long Count,
    long Nulls,
    long Distinct,
    string? Min,
    string? Max,
    double? Mean,
    double? StdDev,
    IReadOnlyDictionary<string, double>? Quantiles,
    IReadOnlyList<HistogramBin>? Histogram,
    IReadOnlyList<ValueCount> TopValues,
    IReadOnlyList<ValueCount> Patterns,
    long? MinLength,
    long? MaxLength);

/// <summary>One histogram bin [Lower, Upper) (the last bin includes its upper edge).</summary>
/// <param name="Lower">Lower edge.</param>
/// <param name="Upper">Upper edge.</param>
/// <param name="Count">Values in the bin.</param>
public sealed record HistogramBin(double Lower, double Upper, long Count);

/// <summary>A value (or pattern) and how many rows hold it.</summary>
/// <param name="Value">The value as text.</param>
/// <param name="Count">Rows.</param>
public sealed record ValueCount(string Value, long Count);

/// <summary>The table's quality after ISO/IEC 25012 (docs/profiling.md defines each dimension). A dimension is
/// <c>null</c> when nothing was declared to assess it against; <see cref="Overall"/> is the mean of the assessed ones.</summary>
/// <param name="Completeness">Share of non-null cells.</param>
/// <param name="Validity">Share of checked cells that meet the declared constraints.</param>
/// <param name="Uniqueness">Share of rows that are not duplicates of an earlier row (and of declared keys).</param>
/// <param name="Consistency">Share of rows that satisfy every declared consistency rule.</param>
/// <param name="Timeliness">1 while the data is within its declared update frequency, falling to 0 at twice it.</param>
/// <param name="Overall">Mean of the assessed dimensions.</param>
/// <param name="DuplicateRows">Rows identical to an earlier row.</param>
/// <param name="Findings">Every failed check, with counts (what to fix).</param>
public sealed record QualityReport(
    double Completeness,
    double? Validity,
    double Uniqueness,
    double? Consistency,
    double? Timeliness,
    double Overall,
    long DuplicateRows,
    IReadOnlyList<QualityFinding> Findings);

/// <summary>A check that failed for some rows.</summary>
/// <param name="Dimension">completeness, validity, uniqueness, consistency or timeliness.</param>
/// <param name="Column">The column, when the check is about one.</param>
/// <param name="Check">The check, in words (e.g. <c>max 120</c>, the rule text).</param>
/// <param name="FailingRows">How many rows fail it.</param>
public sealed record QualityFinding(string Dimension, string? Column, string Check, long FailingRows);
