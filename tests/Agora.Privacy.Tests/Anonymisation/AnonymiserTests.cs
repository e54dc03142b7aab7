using System.Globalization;
using Agora.Privacy.Anonymisation;

namespace Agora.Privacy.Tests.Anonymisation;

public sealed class AnonymiserTests
{
    [Fact]
    public void ValueMissingFromHierarchy_ListsTheValues()
    {
        var request = new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(EncodedColumn.FromValues("age", ["1", "2", "300", "400"]), HierarchyCsv.Parse("age", "1;*\n2;*\n"))],
            Models = [new KAnonymity(2)],
        };
        var error = Assert.Throws<HierarchyException>(() => Anonymiser.Run(request));
        Assert.Contains("2 value(s) are not in the hierarchy: '300', '400'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KLargerThanRows_IsRejected()
    {
        var request = new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(EncodedColumn.FromValues("x", ["a", "b"]), HierarchyBuilders.SuppressionOnly("x", ["a", "b"]))],
            Models = [new KAnonymity(3)],
        };
        var error = Assert.Throws<AnonymisationException>(() => Anonymiser.Run(request));
        Assert.Contains("larger than the number of rows (2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsatisfiable_SaysWhyTheMostGeneralTransformationFails()
    {
        var request = new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(EncodedColumn.FromValues("x", ["a", "b", "c"]), HierarchyBuilders.SuppressionOnly("x", ["a", "b", "c"]))],
            SensitiveAttributes = [EncodedColumn.FromValues("s", ["y", "y", "y"])],
            Models = [new KAnonymity(2), new DistinctLDiversity("s", 2)],
        };
        var error = Assert.Throws<AnonymisationException>(() => Anonymiser.Run(request));
        Assert.Contains("No transformation satisfies", error.Message, StringComparison.Ordinal);
        Assert.Contains("distinct 2-diversity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Microaggregation_ReplacesValuesByClassMeanAndMedian()
    {
        var qi = EncodedColumn.FromValues("g", ["a", "a", "a", "b", "b", "b"]);
        var income = EncodedColumn.FromValues("income", ["1", "2", "9", "10", "20", "30"]);
        var request = new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(qi, HierarchyBuilders.SuppressionOnly("g", ["a", "b"]))],
            Models = [new KAnonymity(3)],
            Microaggregation = [new MicroaggregatedAttribute(income, MicroaggregationFunction.Mean), new MicroaggregatedAttribute(EncodedColumn.FromValues("i2", income.Dictionary.Select((_, i) => income.ValueAt(i))), MicroaggregationFunction.Median)],
        };
        var result = Anonymiser.Run(request);
        Assert.Equal([0], result.Levels);
        Assert.Equal(4.0, result.MicroaggregatedValue(0, 0));
        Assert.Equal(20.0, result.MicroaggregatedValue(0, 5));
        Assert.Equal(2.0, result.MicroaggregatedValue(1, 1));
        Assert.Equal(20.0, result.MicroaggregatedValue(1, 3));
    }

    [Fact]
    public void BestEffort_OnAdult_FindsAValidTransformationWithinItsStepLimit()
    {
        var quasiIdentifiers = AdultData.QuasiIdentifierList();
        var result = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = quasiIdentifiers,
            Models = [new KAnonymity(5)],
            SuppressionLimit = 0.04,
            Search = SearchStrategy.BestEffort,
            StepLimit = 300,
        });
        Assert.False(result.Optimal);
        Assert.True(result.Checked <= 300);
        Assert.True(result.Suppressed <= 1206);
        Assert.True(result.MinClassSize >= 5);
        // The optimum is 0.26084; a greedy descent from the top should land within a reasonable distance.
        Assert.InRange(result.Score, 0.26083, 0.45);
        var classes = Enumerable.Range(0, result.RowCount).Where(r => !result.IsSuppressed(r))
            .GroupBy(r => string.Join("|", Enumerable.Range(0, quasiIdentifiers.Count).Select(q => result.OutputLabel(q, r))));
        Assert.All(classes, c => Assert.True(c.Count() >= 5));
    }

    [Fact]
    public void TwentyFiveQuasiIdentifiers_AutoUsesBestEffort()
    {
        var random = new Random(3);
        var rows = 2_000;
        var quasiIdentifiers = Enumerable.Range(0, 25).Select(q =>
        {
            var values = Enumerable.Range(0, rows).Select(_ => random.Next(8).ToString(CultureInfo.InvariantCulture)).ToArray();
            return new QuasiIdentifier(EncodedColumn.FromValues($"q{q}", values), HierarchyBuilders.Grouping($"q{q}", values, [2, 4]));
        }).ToList();
        var result = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = quasiIdentifiers,
            Models = [new KAnonymity(3)],
            SuppressionLimit = 0.05,
            StepLimit = 200,
        });
        Assert.False(result.Optimal);
        Assert.True(result.MinClassSize >= 3);
        Assert.True(result.Suppressed <= 100);
    }

    [Fact]
    public void RiskBefore_EqualsTheRiskOfTheInputColumns()
    {
        var random = new Random(11);
        var a = EncodedColumn.FromValues("a", Enumerable.Range(0, 500).Select(_ => random.Next(9).ToString(CultureInfo.InvariantCulture)));
        var b = EncodedColumn.FromValues("b", Enumerable.Range(0, 500).Select(_ => random.Next(7).ToString(CultureInfo.InvariantCulture)));
        var s = EncodedColumn.FromValues("s", Enumerable.Range(0, 500).Select(_ => random.Next(3).ToString(CultureInfo.InvariantCulture)));
        var result = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(a, HierarchyBuilders.Grouping("a", a.Dictionary, [3])), new QuasiIdentifier(b, HierarchyBuilders.SuppressionOnly("b", b.Dictionary))],
            SensitiveAttributes = [s],
            Models = [new KAnonymity(4), new DistinctLDiversity("s", 2)],
            SuppressionLimit = 0.05,
            PopulationSize = 100_000,
        });
        var expected = Agora.Privacy.Risk.ReidentificationRisk.Analyse([a, b], 100_000);
        Assert.Equal(expected.Classes, result.RiskBefore.Classes);
        Assert.Equal(expected.Prosecutor, result.RiskBefore.Prosecutor);
        Assert.Equal(expected.SampleUniques, result.RiskBefore.SampleUniques);
        Assert.Equal(expected.Population!.Dankar, result.RiskBefore.Population!.Dankar, 12);
        Assert.Equal(result.Classes, result.RiskAfter.Classes);
        Assert.Equal(1.0 / result.MinClassSize, result.RiskAfter.Prosecutor.HighestRisk, 12);
    }

    [Fact]
    public void PopulationUniquenessThreshold_HoldsOnTheRelease()
    {
        var random = new Random(13);
        var a = EncodedColumn.FromValues("a", Enumerable.Range(0, 3000).Select(_ => random.Next(60).ToString(CultureInfo.InvariantCulture)));
        var b = EncodedColumn.FromValues("b", Enumerable.Range(0, 3000).Select(_ => random.Next(12).ToString(CultureInfo.InvariantCulture)));
        var result = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(a, HierarchyBuilders.Grouping("a", a.Dictionary, [2, 4, 8])), new QuasiIdentifier(b, HierarchyBuilders.Grouping("b", b.Dictionary, [3]))],
            Models = [new KAnonymity(1), new PopulationUniquenessThreshold(0.00005, 1_000_000)],
            PopulationSize = 1_000_000,
        });
        Assert.True(result.RiskBefore.Population!.Dankar > 0.00005, $"before: {result.RiskBefore.Population.Dankar} {result.RiskBefore.Population.DankarModel} levels {string.Join(",", result.Levels)}");
        Assert.True(result.RiskAfter.Population!.Dankar <= 0.00005, $"after: {result.RiskAfter.Population.Dankar}");
    }
}
