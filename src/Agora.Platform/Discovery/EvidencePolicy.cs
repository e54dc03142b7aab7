using Agora.Data.Discovery;
using Agora.Data.Discovery.Union;

namespace Agora.Platform.Discovery;

/// <summary>
/// What discovery may use as evidence, so suggestions and value figures never leak data a viewer may not read. A
/// containment answer is a membership oracle: anyone can upload a draft holding chosen values and watch which datasets
/// "join" with it. So, on either side of a comparison, the values of a dataset the viewer may not read count only through
/// columns that are not identifier-like (a commune or a NACE code column, not a national identification number), and the
/// union similarity with such a dataset uses only what its page already shows: column names and title. Draft, in-review
/// and withdrawn datasets are never in the index at all (docs/value.md).
/// </summary>
public static class EvidencePolicy
{
    /// <summary>A join pair is shown only when at least this many distinct values are shared (estimated).</summary>
    public const long MinimumSharedValues = 3;

    /// <summary>Containment below this is not a join worth suggesting.</summary>
    public const double MinimumContainment = 0.3;

    /// <summary>A column whose distinct values are at least half its non-null cells identifies rows (people, companies,
    /// records): knowing whether a value is in it says something about one row.</summary>
    public static bool IsIdentifierLike(ColumnSketch column) => column.DistinctCount >= 0.5 * column.NonNullCount;

    /// <summary>Whether a column's values may count as evidence for a viewer who can (or cannot) read its dataset.</summary>
    public static bool MayUseValues(ColumnSketch column, bool viewerReadsData) => viewerReadsData || !IsIdentifierLike(column);

    private static readonly HashSet<string> KeyWords = new(StringComparer.Ordinal)
    {
        "id", "identifier", "code", "number", "nr", "no", "num", "key", "postcode", "zip", "nace", "rcs", "ean", "isbn", "matricule",
    };

    private static readonly HashSet<string> TimeWords = new(StringComparer.Ordinal) { "year", "month", "week", "day", "hour", "quarter", "minute" };

    private static readonly HashSet<string> IntegerTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT",
    };

    /// <summary>
    /// Whether two columns may be paired as a join. Text columns pair on their values alone. Whole numbers are as often
    /// counts (beds, pupils) as keys (postcodes), and two count columns share most small numbers, so a pair with a whole-number
    /// column needs names that agree: a shared word, or a key word (id, code, number…) on both sides; and years, months,
    /// days or hours are never keys.
    /// </summary>
    public static bool MayPair(ColumnInfo? ours, ColumnInfo? theirs)
    {
        if (ours is null || theirs is null)
        {
            return false;
        }
        if (!IntegerTypes.Contains(ours.Type) && !IntegerTypes.Contains(theirs.Type))
        {
            return true;
        }
        var ourWords = Tokens.Of(ours.Name).ToHashSet(StringComparer.Ordinal);
        var theirWords = Tokens.Of(theirs.Name).ToHashSet(StringComparer.Ordinal);
        if (ourWords.Overlaps(TimeWords) || theirWords.Overlaps(TimeWords))
        {
            return false;
        }
        return ourWords.Overlaps(theirWords) || (ourWords.Overlaps(KeyWords) && theirWords.Overlaps(KeyWords));
    }

    /// <summary>Whether a "data wanted" post's sample values may be matched against a column: text columns always;
    /// whole-number columns when their name is a key word or agrees with one of the wanted column names.</summary>
    public static bool MayMatchSamples(IReadOnlyCollection<string> wantedColumns, ColumnInfo? candidate) =>
        candidate is not null && (!IntegerTypes.Contains(candidate.Type)
            || (Tokens.Of(candidate.Name).ToHashSet(StringComparer.Ordinal) is var words && !words.Overlaps(TimeWords)
                && (words.Overlaps(KeyWords) || wantedColumns.Any(w => words.Overlaps(Tokens.Of(w))))));
}
