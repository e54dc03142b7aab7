using Agora.Data.Discovery.Sketches;

namespace Agora.Data.Discovery;

/// <summary>What discovery keeps of one table (a file, or a stored dataset version): the sketches of its candidate key
/// columns and the lexical profile used for union search. No cell value is kept, only hashes and word tokens.</summary>
/// <param name="Id">A stable identifier: the file name for the command line, the version id for the platform.</param>
/// <param name="Name">The table's name or title (its tokens count for union search).</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Every column, in order, with its type.</param>
/// <param name="KeyColumns">Sketches of the columns that can be join keys.</param>
/// <param name="Union">The lexical profile for union search.</param>
public sealed record TableSketch(
    string Id,
    string Name,
    long Rows,
    IReadOnlyList<ColumnInfo> Columns,
    IReadOnlyList<ColumnSketch> KeyColumns,
    UnionProfile Union);

/// <summary>A column's name and storage type.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">DuckDB type name (VARCHAR, BIGINT, …).</param>
public sealed record ColumnInfo(string Name, string Type);

/// <summary>The sketches of one column's distinct (normalised) values.</summary>
/// <param name="Column">Column name.</param>
/// <param name="NonNullCount">Number of non-empty cells.</param>
/// <param name="DistinctCount">Distinct values: exact up to <see cref="BottomKSketch.Capacity"/>, else the HyperLogLog estimate.</param>
/// <param name="Signature">MinHash signature (LSH candidate search).</param>
/// <param name="BottomK">Bottom-k sketch (containment verification).</param>
/// <param name="Distinct">HyperLogLog sketch (mergeable distinct count).</param>
public sealed record ColumnSketch(
    string Column,
    long NonNullCount,
    long DistinctCount,
    MinHashSignature Signature,
    BottomKSketch BottomK,
    HyperLogLog Distinct);

/// <summary>The lexical side of a table for union search: word tokens of its name, of its column names and of its
/// values (with counts, the most frequent <see cref="MaxValueTokens"/> kept), and a bottom-k sketch of all its cell values.</summary>
/// <param name="NameTokens">Tokens of the table name.</param>
/// <param name="HeaderTokens">Tokens of all column names.</param>
/// <param name="ValueTokens">Value tokens and how many cells hold each.</param>
/// <param name="Values">Bottom-k sketch of every distinct normalised cell value, all columns together.</param>
public sealed record UnionProfile(
    IReadOnlyList<string> NameTokens,
    IReadOnlyList<string> HeaderTokens,
    IReadOnlyDictionary<string, int> ValueTokens,
    BottomKSketch Values)
{
    /// <summary>The largest number of value tokens kept per table.</summary>
    public const int MaxValueTokens = 2000;
}

/// <summary>A table to search with: its sketch plus the full sets of its value hashes, which make the containment
/// estimates against stored sketches much tighter than sketch-to-sketch estimates.</summary>
/// <param name="Sketch">The table's sketch.</param>
/// <param name="ColumnHashes">Every distinct value hash per key column (by column name).</param>
/// <param name="ValueHashes">Every distinct value hash of the whole table.</param>
public sealed record QueryTable(
    TableSketch Sketch,
    IReadOnlyDictionary<string, HashSet<ulong>> ColumnHashes,
    HashSet<ulong> ValueHashes);

/// <summary>A column or table that was left out of the index, and why (shown to the user).</summary>
/// <param name="Table">Table id (file name).</param>
/// <param name="Column">Column name, or <c>null</c> when the whole table was skipped.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record SkippedItem(string Table, string? Column, string Reason);

/// <summary>Sketches built straight from values, without DuckDB: for values that do not come from a file (the sample
/// values of a "data wanted" post, a column computed in memory) and for tests.</summary>
public static class ValueSketches
{
    /// <summary>The sketch of a column's values (nulls and blanks ignored) and the full set of their hashes; <c>null</c>
    /// sketch when there is no value.</summary>
    public static (ColumnSketch? Sketch, HashSet<ulong> Hashes) OfColumn(string column, IEnumerable<string?> values)
    {
        var minHash = new MinHashSignature.Builder();
        var bottomK = new BottomKSketch.Builder();
        var hll = new HyperLogLog();
        var hashes = new HashSet<ulong>();
        long nonNull = 0;
        foreach (var value in values)
        {
            var normalised = ValueHash.Normalise(value);
            if (normalised is null)
            {
                continue;
            }
            nonNull++;
            var hash = ValueHash.OfNormalised(normalised);
            if (hashes.Add(hash))
            {
                minHash.Add(hash);
                bottomK.Add(hash);
                hll.Add(hash);
            }
        }
        if (hashes.Count == 0)
        {
            return (null, hashes);
        }
        var sketch = bottomK.ToSketch();
        var distinct = sketch.IsComplete ? sketch.Hashes.Length : (long)Math.Round(hll.Estimate());
        return (new ColumnSketch(column, nonNull, distinct, minHash.ToSignature()!, sketch, hll), hashes);
    }

    /// <summary>A table made of key-column sketches only (no union profile), e.g. to index columns for join search.</summary>
    public static TableSketch TableOf(string id, IReadOnlyList<ColumnSketch> columns) =>
        new(id, id, columns.Count == 0 ? 0 : columns.Max(c => c.NonNullCount), [.. columns.Select(c => new ColumnInfo(c.Column, "VARCHAR"))], columns,
            new UnionProfile([], [], new Dictionary<string, int>(), new BottomKSketch.Builder().ToSketch()));
}
