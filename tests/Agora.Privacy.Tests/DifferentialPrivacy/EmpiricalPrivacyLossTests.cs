using System.Numerics;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Tests.DifferentialPrivacy;

/// <summary>
/// Runs each mechanism many times on two neighbouring datasets (one privacy unit added) and checks that no output is much
/// more likely under one than the other: ln(P(o|D)/P(o|D′)) ≤ ε plus sampling slack (in the spirit of Google's DP
/// stochastic tester). It can find a violation, not prove privacy. Seeds are fixed so the test is repeatable.
/// </summary>
public sealed class EmpiricalPrivacyLossTests
{
    private const int Trials = 60_000;
    private const int MinimumOccurrences = 800;

    [Fact]
    public void Count_DiscreteLaplace_StaysWithinEpsilon()
    {
        const double epsilon = 1.0;
        var plan = Plan([new DpAggregateSpec(DpAggregateKind.CountRows)], epsilon, 21);
        var loss = MaximumLoss(
            () => Bucket(plan.Release(Group(100, [new DpAggregateStatistics(100, 0)]))[0].Value, 1),
            () => Bucket(plan.Release(Group(101, [new DpAggregateStatistics(101, 0)]))[0].Value, 1));
        Assert.InRange(loss, 0.5, epsilon + 0.15);
    }

    [Fact]
    public void Sum_ClampedAtTheBound_StaysWithinEpsilon()
    {
        const double epsilon = 0.8;
        var bounds = new ValueBounds(0, 10);
        var plan = Plan([new DpAggregateSpec(DpAggregateKind.Sum, "x", bounds)], epsilon, 22);
        var unitValue = new BigInteger(bounds.Quantise(10));
        // The added unit has the largest possible value, the worst case for the sum.
        var loss = MaximumLoss(
            () => Bucket(plan.Release(Group(50, [new DpAggregateStatistics(50, unitValue * 20)]))[0].Value, 2.5),
            () => Bucket(plan.Release(Group(51, [new DpAggregateStatistics(51, unitValue * 21)]))[0].Value, 2.5));
        Assert.InRange(loss, 0.2, epsilon + 0.15);
    }

    [Fact]
    public void Quantile_PermuteAndFlip_StaysWithinEpsilon()
    {
        const double epsilon = 1.0;
        var random = new SeededRandomSource(23);
        long[] before = [3, 1, 0, 2, 1, 0, 3, 2];
        long[] after = [3, 1, 0, 2, 1, 0, 3, 3];
        var loss = MaximumLoss(
            () => PermuteAndFlip.SelectQuantileEdge(before, 0.5, epsilon, 1, random),
            () => PermuteAndFlip.SelectQuantileEdge(after, 0.5, epsilon, 1, random));
        Assert.InRange(loss, 0.1, epsilon + 0.15);
    }

    [Fact]
    public void PartitionSelection_AGroupOfOneUnitAppearsAtMostWithProbabilityDelta()
    {
        const double delta = 1e-2;
        var plan = DpReleasePlan.Create([new DpAggregateSpec(DpAggregateKind.CountRows)], new ContributionBounds(),
            new GroupKeyRelease(false), PrivacyCost.Pure(1.0, delta), new SeededRandomSource(24));
        var released = Enumerable.Range(0, Trials).Count(_ => plan.SelectGroup(1));
        Assert.InRange(released / (double)Trials, 0, delta * 1.2);
        // And a large group is almost always released.
        Assert.True(Enumerable.Range(0, 1000).All(_ => plan.SelectGroup(200)));
    }

    private static DpReleasePlan Plan(IReadOnlyList<DpAggregateSpec> aggregates, double epsilon, int seed) =>
        DpReleasePlan.Create(aggregates, new ContributionBounds(), new GroupKeyRelease(true), PrivacyCost.Pure(epsilon), new SeededRandomSource(seed));

    private static DpGroupStatistics Group(long units, IReadOnlyList<DpAggregateStatistics> aggregates) => new(units, units, aggregates);

    private static long Bucket(double value, double width) => (long)Math.Floor(value / width);

    private static double MaximumLoss(Func<long> onD, Func<long> onNeighbour)
    {
        var first = Histogram(onD);
        var second = Histogram(onNeighbour);
        var worst = 0.0;
        foreach (var (output, count) in first)
        {
            if (count >= MinimumOccurrences && second.TryGetValue(output, out var other) && other >= MinimumOccurrences)
            {
                worst = Math.Max(worst, Math.Abs(Math.Log((double)count / other)));
            }
        }
        return worst;
    }

    private static Dictionary<long, int> Histogram(Func<long> sample)
    {
        var histogram = new Dictionary<long, int>();
        for (var i = 0; i < Trials; i++)
        {
            var output = sample();
            histogram[output] = histogram.GetValueOrDefault(output) + 1;
        }
        return histogram;
    }
}
