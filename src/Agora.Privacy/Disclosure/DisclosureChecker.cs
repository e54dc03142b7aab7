using System.Globalization;
using Agora.Privacy.Wording;

namespace Agora.Privacy.Disclosure;

/// <summary>Applies <see cref="DisclosureRules"/> to output cells and says, cell by cell, which rule failed and why.</summary>
public static class DisclosureChecker
{
    /// <summary>Checks every cell.</summary>
    public static DisclosureReport Check(IEnumerable<OutputCell> cells, DisclosureRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        rules ??= DisclosureRules.Default;
        rules.Validate();
        var findings = new List<DisclosureFinding>();
        var count = 0;
        foreach (var cell in cells)
        {
            count++;
            findings.AddRange(CheckCell(cell, rules));
        }
        return new DisclosureReport(count, findings);
    }

    /// <summary>Rounds a count to the nearest multiple of <paramref name="roundingBase"/> (halves away from zero).</summary>
    public static double RoundCount(double value, int roundingBase) =>
        roundingBase <= 1 ? value : Math.Round(value / roundingBase, MidpointRounding.AwayFromZero) * roundingBase;

    private static IEnumerable<DisclosureFinding> CheckCell(OutputCell cell, DisclosureRules rules)
    {
        var where = Describe(cell);
        if (cell.Contributors == 0)
        {
            if (cell.Kind == CellKind.Frequency && rules.ZerosAreDisclosive)
            {
                yield return new DisclosureFinding(DisclosureRule.Zero, cell.Row, cell.Column, false,
                    $"{where} is zero. An empty cell can show that nobody in this group has the attribute, so zeros are treated as disclosive.");
            }
            else if (cell.Kind != CellKind.Frequency && rules.MinimumCellCount > 0)
            {
                yield return new DisclosureFinding(DisclosureRule.MinimumCellCount, cell.Row, cell.Column, false,
                    $"{where} is based on nobody; at least {rules.MinimumCellCount} contributors are required.");
            }
            yield break;
        }
        if (cell.Contributors < rules.MinimumCellCount)
        {
            yield return new DisclosureFinding(DisclosureRule.MinimumCellCount, cell.Row, cell.Column, false,
                string.Create(CultureInfo.InvariantCulture,
                    $"{where} is based on {cell.Contributors} contributor(s); at least {rules.MinimumCellCount} are required so that no one can be singled out."));
        }
        if (cell.Kind != CellKind.Magnitude)
        {
            yield break;
        }
        if (cell.HasNegativeContributions)
        {
            yield return new DisclosureFinding(DisclosureRule.NegativeValues, cell.Row, cell.Column, true,
                $"{where} adds up negative and positive values, so the dominance rules cannot be applied automatically; a reviewer must judge it.");
            yield break;
        }
        var largest = cell.LargestContributions ?? [];
        var total = cell.Total;
        if (total <= 0 || largest.Count == 0)
        {
            yield break;
        }
        var topN = largest.Take(rules.DominanceN).Sum();
        if (topN >= rules.DominanceK * total)
        {
            yield return new DisclosureFinding(DisclosureRule.Dominance, cell.Row, cell.Column, false,
                string.Create(EnglishText.Culture,
                    $"In {where} the {rules.DominanceN} largest contributor(s) make up {topN / total:P0} of the total (the limit is {rules.DominanceK:P0}), so the value mostly describes them."));
        }
        var first = largest[0];
        var second = largest.Count > 1 ? largest[1] : 0;
        var rest = total - first - second;
        if (first > 0 && rest < rules.PRatio * first)
        {
            yield return new DisclosureFinding(DisclosureRule.PRatio, cell.Row, cell.Column, false,
                string.Create(EnglishText.Culture,
                    $"In {where} the contributors other than the two largest add up to {rest / first:P0} of the largest one (at least {rules.PRatio:P0} is required), so the second largest could estimate the largest too closely."));
        }
    }

    private static string Describe(OutputCell cell) =>
        string.IsNullOrEmpty(cell.Row) ? $"the cell '{cell.Column}'" : $"the cell '{cell.Column}' for {cell.Row}";
}
