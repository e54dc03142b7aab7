using System.Numerics;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Tests.DifferentialPrivacy;

public sealed class DpReleasePlanTests
{
    private static readonly ValueBounds Income = new(0, 100);

    [Fact]
    public void Create_SplitsBudgetOverMeasurements_MeanCountsTwice()
    {
        var plan = DpReleasePlan.Create(
            [new DpAggregateSpec(DpAggregateKind.CountRows), new DpAggregateSpec(DpAggregateKind.Mean, "income", Income)],
            new ContributionBounds(), new GroupKeyRelease(KeysArePublic: true), PrivacyCost.Pure(0.9));
        Assert.Equal(0.9, plan.Cost.Epsilon, 12);
        Assert.Equal(0, plan.Cost.Delta);
        Assert.Contains(plan.Explanation, line => line.Contains("3 noisy measurement", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_DataKeysWithoutDelta_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.CountRows)],
            new ContributionBounds(), new GroupKeyRelease(false), PrivacyCost.Pure(1)));
        Assert.Contains("δ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SumWithoutBounds_NamesTheColumn()
    {
        var error = Assert.Throws<ArgumentException>(() => DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.Sum, "salary")],
            new ContributionBounds(), new GroupKeyRelease(true), PrivacyCost.Pure(1)));
        Assert.Contains("salary", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.Sum, "x", new ValueBounds(5, 5))],
            new ContributionBounds(), new GroupKeyRelease(true), PrivacyCost.Pure(1)));
    }

    [Fact]
    public void SelectionThreshold_MatchesTauOfTheReference()
    {
        // dp.md §6: τ ≈ 11.8 at ε = 1, δ = 1e-5, one contribution per unit (SmartNoise formula, continuous Laplace).
        var plan = DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.CountRows)], new ContributionBounds(),
            new GroupKeyRelease(false), PrivacyCost.Pure(2.0, 1e-5));
        // ε is split over count + selection → 1 each; the discrete threshold is within one unit of the reference.
        Assert.InRange(plan.SelectionThreshold!.Value, 11, 13);
    }

    [Fact]
    public void Release_MeanIntervalContainsTheTruth()
    {
        var random = new SeededRandomSource(11);
        var plan = DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.Mean, "income", Income)], new ContributionBounds(),
            new GroupKeyRelease(true), PrivacyCost.Pure(1), random);
        // 1,000 values of 40.
        var centred = new BigInteger(Income.Quantise(40)) * 1000;
        var hits = 0;
        for (var i = 0; i < 400; i++)
        {
            var value = plan.Release(new DpGroupStatistics(1000, 1000, [new DpAggregateStatistics(1000, centred)]))[0];
            hits += value.Accuracy.Lower <= 40 && 40 <= value.Accuracy.Upper ? 1 : 0;
        }
        Assert.True(hits >= 380, $"{hits}/400 intervals held");
    }

    [Fact]
    public void Release_QuantileLandsNearTheMedian()
    {
        var random = new SeededRandomSource(12);
        var plan = DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.Quantile, "age", new ValueBounds(0, 1024), 0.5)],
            new ContributionBounds(), new GroupKeyRelease(true), PrivacyCost.Pure(1), random);
        // 10,000 values spread evenly over [0, 1024): median 512.
        var bins = Enumerable.Repeat(10_000L / 1024, 1024).ToArray();
        var value = plan.Release(new DpGroupStatistics(10_000, 10_000, [new DpAggregateStatistics(10_000, 0, bins)]))[0];
        Assert.InRange(value.Value, 462, 562);
        Assert.Equal(AccuracyScale.Rank, value.Accuracy.Scale);
    }
}
