using Agora.Privacy.Anonymisation;

namespace Agora.Privacy.Tests.Anonymisation;

/// <summary>
/// A deliberately naive re-implementation of the definitions, written from the documentation and not from the engine:
/// rows are grouped by their generalised labels as strings, every model and metric is computed row by row. Used to
/// check the engine's outputs and to brute-force small lattices.
/// </summary>
internal sealed class IndependentChecker(
    IReadOnlyList<string[]> quasiIdentifierValues,
    IReadOnlyList<GeneralisationHierarchy> hierarchies,
    string[]? sensitive,
    IReadOnlyList<PrivacyModel> models,
    double suppressionLimit,
    QualityMetric metric)
{
    private int Rows => quasiIdentifierValues[0].Length;

    public sealed record Outcome(bool Valid, double Score, long Suppressed, int Classes);

    /// <summary>Evaluates one transformation.</summary>
    public Outcome Evaluate(int[] levels)
    {
        var labels = Labels(levels);
        var classes = new Dictionary<string, List<int>>();
        for (var row = 0; row < Rows; row++)
        {
            var key = string.Join("\u0001", Enumerable.Range(0, levels.Length).Select(q => labels[q][row]));
            if (!classes.TryGetValue(key, out var members))
            {
                classes[key] = members = [];
            }
            members.Add(row);
        }
        var releasedClasses = classes.Values.Where(c => models.Where(m => m.IsLocal).All(m => HoldsLocally(m, c))).ToList();
        var suppressed = Rows - releasedClasses.Sum(c => c.Count);
        var limit = (long)Math.Floor(suppressionLimit * Rows + 1e-9);
        var valid = suppressed <= limit && models.Where(m => !m.IsLocal).All(m => HoldsGlobally(m, releasedClasses));
        var score = valid ? Score(levels, labels, classes.Values.ToList(), releasedClasses, suppressed) : double.PositiveInfinity;
        return new Outcome(valid, score, suppressed, releasedClasses.Count);
    }

    /// <summary>Checks a released table given as labels per row (null = suppressed row).</summary>
    public bool ReleasedTableSatisfiesModels(IReadOnlyList<string?[]> releasedLabels, out string problem)
    {
        var classes = new Dictionary<string, List<int>>();
        var suppressed = 0;
        for (var row = 0; row < Rows; row++)
        {
            if (releasedLabels[0][row] is null)
            {
                suppressed++;
                continue;
            }
            var key = string.Join("\u0001", releasedLabels.Select(column => column[row]));
            if (!classes.TryGetValue(key, out var members))
            {
                classes[key] = members = [];
            }
            members.Add(row);
        }
        problem = "";
        if (suppressed > (long)Math.Floor(suppressionLimit * Rows + 1e-9))
        {
            problem = $"{suppressed} suppressed";
            return false;
        }
        foreach (var model in models)
        {
            var holds = model.IsLocal ? classes.Values.All(c => HoldsLocally(model, c)) : HoldsGlobally(model, [.. classes.Values]);
            if (!holds)
            {
                problem = model.Describe();
                return false;
            }
        }
        return true;
    }

    private string[][] Labels(int[] levels)
    {
        var labels = new string[levels.Length][];
        for (var q = 0; q < levels.Length; q++)
        {
            var map = hierarchies[q].Rows().ToDictionary(r => r[0], r => r[levels[q]]);
            labels[q] = [.. quasiIdentifierValues[q].Select(v => map[v])];
        }
        return labels;
    }

    private bool HoldsLocally(PrivacyModel model, List<int> members)
    {
        var values = sensitive is null ? [] : members.Select(r => sensitive[r]).ToList();
        var counts = values.GroupBy(v => v).Select(g => (double)g.Count()).OrderByDescending(c => c).ToList();
        var size = (double)members.Count;
        switch (model)
        {
            case KAnonymity k:
                return members.Count >= k.K;
            case DistinctLDiversity l:
                return counts.Count >= l.L;
            case EntropyLDiversity l:
                var entropy = -counts.Sum(c => c / size * Math.Log(c / size));
                return entropy >= Math.Log(l.L) - 1e-12;
            case RecursiveCLDiversity r:
                return counts.Count >= r.L && counts[0] < r.C * counts.Skip(r.L - 1).Sum();
            case TCloseness t:
                return Distance(t, members) <= t.T + 1e-12;
            default:
                throw new InvalidOperationException(model.Describe());
        }
    }

    private double Distance(TCloseness t, List<int> members)
    {
        var table = sensitive!.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count() / (double)sensitive!.Length);
        var local = members.GroupBy(r => sensitive![r]).ToDictionary(g => g.Key, g => g.Count() / (double)members.Count);
        double P(string v) => table.GetValueOrDefault(v);
        double Q(string v) => local.GetValueOrDefault(v);
        switch (t.Distance)
        {
            case GroundDistance.Equal:
                return 0.5 * table.Keys.Sum(v => Math.Abs(P(v) - Q(v)));
            case GroundDistance.Ordered:
                var ordered = table.Keys.All(v => double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _))
                    ? table.Keys.OrderBy(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList()
                    : table.Keys.OrderBy(v => v, StringComparer.Ordinal).ToList();
                if (ordered.Count <= 1)
                {
                    return 0;
                }
                double cumulative = 0, sum = 0;
                foreach (var v in ordered)
                {
                    cumulative += Q(v) - P(v);
                    sum += Math.Abs(cumulative);
                }
                return sum / (ordered.Count - 1);
            default:
                // Hierarchical EMD: at each internal node, the mass that must cross it is min(excess, deficit) of its
                // children, at cost level/height.
                var rows = t.Hierarchy!.Rows().ToList();
                var height = rows[0].Length - 1;
                if (height == 0)
                {
                    return 0;
                }
                var extra = rows.ToDictionary(r => r[0], r => Q(r[0]) - P(r[0]));
                var distance = 0d;
                for (var level = 1; level <= height; level++)
                {
                    var children = rows.GroupBy(r => r[level]);
                    var next = new Dictionary<string, double>();
                    foreach (var parent in children)
                    {
                        var childLabels = parent.Select(r => r[level - 1]).Distinct().ToList();
                        var positive = childLabels.Sum(c => Math.Max(0, extra[c]));
                        var negative = childLabels.Sum(c => Math.Max(0, -extra[c]));
                        distance += level / (double)height * Math.Min(positive, negative);
                        next[parent.Key] = childLabels.Sum(c => extra[c]);
                    }
                    extra = next;
                }
                return distance;
        }
    }

    private bool HoldsGlobally(PrivacyModel model, List<List<int>> released) => model switch
    {
        AverageRiskThreshold a => released.Sum(c => c.Count) == 0 || released.Count / (double)released.Sum(c => c.Count) <= a.MaximumAverageRisk + 1e-12,
        SampleUniquenessThreshold s => released.Count(c => c.Count == 1) / (double)Rows <= s.MaximumFraction + 1e-12,
        _ => throw new InvalidOperationException(model.Describe()),
    };

    private double Score(int[] levels, string[][] labels, List<List<int>> all, List<List<int>> released, long suppressed)
    {
        var n = (double)Rows;
        var releasedRows = new HashSet<int>(released.SelectMany(c => c));
        switch (metric)
        {
            case QualityMetric.Loss:
                var product = 1d;
                for (var q = 0; q < levels.Length; q++)
                {
                    var rows = hierarchies[q].Rows().ToList();
                    var share = rows.GroupBy(r => r[levels[q]]).ToDictionary(g => g.Key, g => g.Count() / (double)rows.Count);
                    var sum = Enumerable.Range(0, Rows).Sum(r => releasedRows.Contains(r) ? share[labels[q][r]] : 1d);
                    var min = n / rows.Count;
                    var loss = rows.Count <= 1 ? 0 : Math.Max(0, (sum - min) / (n - min));
                    loss = Math.Floor(loss * 1e10) / 1e10;
                    product *= Math.Pow(1 + loss, 1d / levels.Length);
                }
                return product - 1;
            case QualityMetric.Discernibility:
                return released.Sum(c => (double)c.Count * c.Count) + suppressed * n;
            case QualityMetric.DiscernibilityStar:
                return all.Sum(c => (double)c.Count * c.Count);
            case QualityMetric.AverageClassSize:
                return n / (released.Count + (suppressed > 0 ? 1 : 0));
            case QualityMetric.Precision:
                var precision = 0d;
                for (var q = 0; q < levels.Length; q++)
                {
                    var height = hierarchies[q].MaxLevel;
                    precision += Enumerable.Range(0, Rows).Sum(r => releasedRows.Contains(r) ? (height == 0 ? 0 : levels[q] / (double)height) : 1d) / n;
                }
                return precision / levels.Length;
            case QualityMetric.Height:
                return levels.Sum();
            default:
                var entropy = 0d;
                for (var q = 0; q < levels.Length; q++)
                {
                    var original = quasiIdentifierValues[q];
                    var originalFrequency = original.GroupBy(v => v).ToDictionary(g => g.Key, g => (double)g.Count());
                    var labelFrequency = labels[q].GroupBy(v => v).ToDictionary(g => g.Key, g => (double)g.Count());
                    for (var r = 0; r < Rows; r++)
                    {
                        var released1 = releasedRows.Contains(r) ? labelFrequency[labels[q][r]] : n;
                        entropy -= Math.Log2(originalFrequency[original[r]] / released1);
                    }
                }
                return entropy;
        }
    }
}
