using Agora.Data.Discovery;

namespace Agora.Platform.Discovery;

/// <summary>
/// What discovery may use as evidence, so suggestions and value figures never leak data a viewer may not read. A
/// containment answer is a membership oracle: anyone can upload a draft holding chosen values and watch which datasets
/// "join" with it. So, on either side of a comparison, the values of a dataset the viewer may not read count only through
/// columns that are not identifier-like (a commune or a NACE code column, not a national identification number), and the
/// union similarity with such a dataset uses only what its page already shows: column names and title. Draft, in-review
/// and withdrawn datasets are never in the index at all (ADR 0057).
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
}
