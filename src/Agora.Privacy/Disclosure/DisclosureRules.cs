namespace Agora.Privacy.Disclosure;

/// <summary>
/// Statistical disclosure control rules for outputs released without differential privacy. Defaults are ACRO/SACRO's
/// (minimum cell count 10, NK dominance n = 2 k = 90 %, p-ratio 10 %, zeros disclosive) with counts rounded to base 5
/// (the ONS "10-5" rule).
/// </summary>
/// <param name="MinimumCellCount">Fewest contributors (people, companies) a cell may be based on.</param>
/// <param name="DominanceN">How many of the largest contributors the dominance rule adds up.</param>
/// <param name="DominanceK">Share of the cell total those n may not reach.</param>
/// <param name="PRatio">Smallest share of the largest contribution that the rest (total − two largest) must reach.</param>
/// <param name="ZerosAreDisclosive">Whether a count of zero fails (it shows that nobody in the group has the attribute).</param>
/// <param name="RoundingBase">Counts are rounded to a multiple of this on release (0 or 1: no rounding).</param>
public sealed record DisclosureRules(
    int MinimumCellCount = 10,
    int DominanceN = 2,
    double DominanceK = 0.90,
    double PRatio = 0.10,
    bool ZerosAreDisclosive = true,
    int RoundingBase = 5)
{
    /// <summary>The defaults.</summary>
    public static DisclosureRules Default { get; } = new();

    /// <summary>Throws when a rule is out of range.</summary>
    public void Validate()
    {
        if (MinimumCellCount < 0 || DominanceN < 1 || DominanceK is <= 0 or > 1 || PRatio is < 0 or > 1 || RoundingBase < 0)
        {
            throw new ArgumentException("Disclosure rules: minimum cell count ≥ 0, dominance n ≥ 1 and 0 < k ≤ 1, 0 ≤ p ≤ 1, rounding base ≥ 0.");
        }
    }
}

/// <summary>What a cell shows, which decides the rules that apply to it.</summary>
public enum CellKind
{
    /// <summary>A count of contributors or rows: threshold, zeros, rounding.</summary>
    Frequency,

    /// <summary>A sum or mean of values: threshold, dominance and p-ratio on the contributions.</summary>
    Magnitude,

    /// <summary>Another statistic of the cell's values (a quantile): threshold only.</summary>
    Statistic,
}

/// <summary>One output cell to check.</summary>
/// <param name="Row">The cell's row in words ("region = North"), or empty for a single-row output.</param>
/// <param name="Column">The output column ("SUM(income)").</param>
/// <param name="Kind">What the cell shows.</param>
/// <param name="Contributors">Distinct contributors (privacy units) behind the cell.</param>
/// <param name="Total">For magnitude cells: the total of the contributions (the sum behind a sum or mean).</param>
/// <param name="LargestContributions">For magnitude cells: the largest per-contributor totals, largest first (at least
/// max(n, 2) of them when there are that many contributors).</param>
/// <param name="HasNegativeContributions">Whether any contribution is negative (dominance is then undefined).</param>
public sealed record OutputCell(
    string Row,
    string Column,
    CellKind Kind,
    long Contributors,
    double Total = 0,
    IReadOnlyList<double>? LargestContributions = null,
    bool HasNegativeContributions = false);

/// <summary>The rule a finding is about.</summary>
public enum DisclosureRule
{
    /// <summary>Too few contributors.</summary>
    MinimumCellCount,

    /// <summary>A cell of zero.</summary>
    Zero,

    /// <summary>The largest contributors make up most of the total.</summary>
    Dominance,

    /// <summary>The rest is too small to hide the largest contribution.</summary>
    PRatio,

    /// <summary>Negative contributions: dominance cannot be judged automatically.</summary>
    NegativeValues,
}

/// <summary>A failed (or not automatically checkable) rule for one cell, in plain words.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Row">The cell's row.</param>
/// <param name="Column">The cell's column.</param>
/// <param name="NeedsReviewOnly">True when a person must judge (the rule could not be applied), false when it failed.</param>
/// <param name="Message">What failed and why it matters.</param>
public sealed record DisclosureFinding(DisclosureRule Rule, string Row, string Column, bool NeedsReviewOnly, string Message);

/// <summary>The result of checking an output.</summary>
/// <param name="CellsChecked">Cells looked at.</param>
/// <param name="Findings">Every failed rule, cell by cell.</param>
public sealed record DisclosureReport(int CellsChecked, IReadOnlyList<DisclosureFinding> Findings)
{
    /// <summary>True when no rule failed and nothing needs review, so the output may be released.</summary>
    public bool Passed => Findings.Count == 0;

    /// <summary>A summary line for the consumer and the reviewer.</summary>
    public string Summary => Passed
        ? FormattableString.Invariant($"All {CellsChecked} cells passed the disclosure rules.")
        : FormattableString.Invariant($"{Findings.Count} finding(s) in {Findings.Select(f => (f.Row, f.Column)).Distinct().Count()} of {CellsChecked} cells; the output needs review before release.");
}
