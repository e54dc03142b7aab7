using System.Globalization;
using Agora.Privacy.Anonymisation;
using CsCheck;

namespace Agora.Privacy.Tests.Anonymisation;

/// <summary>Random small tables, hierarchies, model combinations, suppression limits and metrics: the engine's result
/// must satisfy every model (checked independently on the released rows) and its score must equal the best score found
/// by brute force over the whole lattice.</summary>
public sealed class AnonymiserPropertyTests
{
    internal sealed record Case(
        string[][] Values,
        int[][] GroupSizes,
        string[] Sensitive,
        int[] SensitiveGroups,
        int K,
        int ModelMix,
        double Parameter,
        double Suppression,
        QualityMetric Metric)
    {
        public override string ToString() =>
            $"rows={Values[0].Length} qis={Values.Length} k={K} mix={ModelMix} p={Parameter} s={Suppression} metric={Metric} " +
            $"groups=[{string.Join(";", GroupSizes.Select(g => string.Join(",", g)))}] sensitive=[{string.Join(",", Sensitive.Distinct())}]";
    }

    private static readonly Gen<Case> Cases =
        CaseGenerator(1, 40, 1, 3, 4, Gen.OneOf(Gen.Const(0.0), Gen.Const(0.1), Gen.Const(0.3)));

    /// <summary>Random tables of 6-valued attributes with grouping hierarchies, a sensitive attribute, a model mix, a
    /// suppression limit and a metric.</summary>
    internal static Gen<Case> CaseGenerator(int minRows, int maxRows, int minDimensions, int maxDimensions, int maxK, Gen<double> suppressions) =>
        from rows in Gen.Int[minRows, maxRows]
        from dimensions in Gen.Int[minDimensions, maxDimensions]
        from domains in Gen.Int[2, 6].Array[dimensions]
        from values in Gen.Int[0, 5].Array[rows].Array[dimensions]
        from groupChoice in Gen.Int[0, 2].Array[dimensions]
        from sensitiveDomain in Gen.Int[1, 4]
        from sensitive in Gen.Int[0, 3].Array[rows]
        from k in Gen.Int[1, maxK]
        from mix in Gen.Int[0, 8]
        from parameter in Gen.Double[0.05, 1.0]
        from suppression in suppressions
        from metric in Gen.Enum<QualityMetric>()
        select new Case(
            [.. Enumerable.Range(0, dimensions).Select(q => values[q].Select(v => "v" + (v % domains[q]).ToString(CultureInfo.InvariantCulture)).ToArray())],
            [.. groupChoice.Select(g => g switch { 0 => Array.Empty<int>(), 1 => new[] { 2 }, _ => new[] { 2, 4 } })],
            [.. sensitive.Select(s => (s % sensitiveDomain).ToString(CultureInfo.InvariantCulture))],
            sensitiveDomain >= 3 ? [2] : [],
            k, mix, Math.Round(parameter, 2), suppression, metric);

    [Fact]
    public void OptimalSearch_SatisfiesEveryModel_AndEqualsBruteForce()
    {
        Cases.Sample(CheckCase, iter: 300, seed: "0N0a8cFPp1T0");
    }

    [Fact]
    public void OptimalSearch_RandomCases_MoreSeeds()
    {
        Cases.Sample(CheckCase, iter: 200);
    }

    private static void CheckCase(Case testCase)
    {
        var hierarchies = testCase.Values.Select((column, q) =>
            HierarchyBuilders.Grouping($"q{q}", Enumerable.Range(0, 6).Select(v => "v" + v.ToString(CultureInfo.InvariantCulture)),
                testCase.GroupSizes[q].Length == 0 ? [2] : testCase.GroupSizes[q])).ToList();
        var sensitiveHierarchy = HierarchyBuilders.Grouping("s", Enumerable.Range(0, 4).Select(v => v.ToString(CultureInfo.InvariantCulture)), [2]);
        var models = Models(testCase, sensitiveHierarchy);
        var request = new AnonymisationRequest
        {
            QuasiIdentifiers = [.. testCase.Values.Select((column, q) => new QuasiIdentifier(EncodedColumn.FromValues($"q{q}", column), hierarchies[q]))],
            SensitiveAttributes = [EncodedColumn.FromValues("s", testCase.Sensitive)],
            Models = models,
            SuppressionLimit = testCase.Suppression,
            Metric = testCase.Metric,
            Search = SearchStrategy.Optimal,
        };
        var checker = new IndependentChecker(testCase.Values, hierarchies, testCase.Sensitive, models, testCase.Suppression, testCase.Metric);
        var lattice = AllLevels(hierarchies.Select(h => h.MaxLevel).ToArray()).ToList();
        var outcomes = lattice.Select(levels => (Levels: levels, Outcome: checker.Evaluate(levels))).ToList();
        var valid = outcomes.Where(o => o.Outcome.Valid).ToList();

        AnonymisationResult result;
        try
        {
            result = Anonymiser.Run(request);
        }
        catch (AnonymisationException) when (valid.Count == 0)
        {
            return;
        }
        catch (AnonymisationException e)
        {
            throw new InvalidOperationException($"engine found nothing but brute force found {valid.Count} valid transformations: {testCase}", e);
        }
        Assert.True(valid.Count > 0, $"engine returned [{string.Join(",", result.Levels)}] but brute force found none: {testCase}");

        var best = valid.Min(o => o.Outcome.Score);
        Assert.True(Math.Abs(result.Score - best) <= 1e-9 * Math.Max(1, Math.Abs(best)),
            $"engine score {result.Score} at [{string.Join(",", result.Levels)}], brute force {best} at " +
            $"[{string.Join(",", valid.First(o => o.Outcome.Score == best).Levels)}]: {testCase}");
        // The same search with workers evaluating ahead decides the same.
        var parallel = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = request.QuasiIdentifiers,
            SensitiveAttributes = request.SensitiveAttributes,
            Models = models,
            SuppressionLimit = testCase.Suppression,
            Metric = testCase.Metric,
            Search = SearchStrategy.Optimal,
            MaxDegreeOfParallelism = 3,
        });
        Assert.Equal(result.Levels, parallel.Levels);
        Assert.Equal(result.Checked, parallel.Checked);
        var chosen = checker.Evaluate([.. result.Levels]);
        Assert.True(chosen.Valid, $"chosen transformation is not valid: {testCase}");
        Assert.Equal(chosen.Suppressed, result.Suppressed);
        Assert.Equal(chosen.Classes, result.Classes);

        // The released rows themselves, as a reader of the output would see them.
        var released = Enumerable.Range(0, testCase.Values.Length)
            .Select(q => Enumerable.Range(0, result.RowCount).Select(row => result.IsSuppressed(row) ? null : result.OutputLabel(q, row)).ToArray())
            .ToList();
        Assert.True(checker.ReleasedTableSatisfiesModels(released, out var problem), $"released table violates {problem}: {testCase}");
    }

    internal static List<PrivacyModel> Models(Case testCase, GeneralisationHierarchy sensitiveHierarchy)
    {
        var models = new List<PrivacyModel> { new KAnonymity(testCase.K) };
        var p = testCase.Parameter;
        switch (testCase.ModelMix)
        {
            case 1:
                models.Add(new DistinctLDiversity("s", 2));
                break;
            case 2:
                models.Add(new EntropyLDiversity("s", 1 + p));
                break;
            case 3:
                models.Add(new RecursiveCLDiversity("s", 1 + 2 * p, 2));
                break;
            case 4:
                models.Add(new TCloseness("s", p, GroundDistance.Equal));
                break;
            case 5:
                models.Add(new TCloseness("s", p, GroundDistance.Ordered));
                break;
            case 6:
                models.Add(new TCloseness("s", p, GroundDistance.Hierarchical, sensitiveHierarchy));
                break;
            case 7:
                models.Add(new AverageRiskThreshold(Math.Max(0.05, p)));
                break;
            case 8:
                models.Add(new SampleUniquenessThreshold(p / 4));
                models.Add(new DistinctLDiversity("s", 1));
                break;
        }
        return models;
    }

    internal static IEnumerable<int[]> AllLevels(int[] max)
    {
        var current = new int[max.Length];
        while (true)
        {
            yield return (int[])current.Clone();
            var q = max.Length - 1;
            while (q >= 0 && current[q] == max[q])
            {
                current[q] = 0;
                q--;
            }
            if (q < 0)
            {
                yield break;
            }
            current[q]++;
        }
    }
}
