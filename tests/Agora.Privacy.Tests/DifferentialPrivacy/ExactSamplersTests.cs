using System.Numerics;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Tests.DifferentialPrivacy;

public sealed class ExactSamplersTests
{
    [Fact]
    public void FromDouble_IsExact()
    {
        var tenth = ExactFraction.FromDouble(0.1);
        Assert.Equal(0.1, (double)tenth.Numerator / (double)tenth.Denominator);
        Assert.True(tenth.Denominator.IsPowerOfTwo);
        Assert.Equal(new ExactFraction(3, 1), ExactFraction.FromDouble(3));
        Assert.Equal(new ExactFraction(1, 4), ExactFraction.FromDouble(0.25));
    }

    [Fact]
    public void UniformBelow_CoversRangeEvenly()
    {
        var random = new SeededRandomSource(1);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[(int)ExactSamplers.UniformBelow(7UL, random)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        var big = BigInteger.Pow(2, 80) + 3;
        for (var i = 0; i < 100; i++)
        {
            Assert.InRange(ExactSamplers.UniformBelow(big, random), BigInteger.Zero, big - 1);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.3)]
    public void BernoulliExp_HasProbabilityExpMinusGamma(double gamma)
    {
        var random = new SeededRandomSource(2);
        const int n = 40_000;
        var hits = 0;
        for (var i = 0; i < n; i++)
        {
            hits += ExactSamplers.BernoulliExp(ExactFraction.FromDouble(gamma), random) ? 1 : 0;
        }
        var expected = Math.Exp(-gamma);
        var tolerance = 4 * Math.Sqrt(expected * (1 - expected) / n) + 1e-9;
        Assert.InRange((double)hits / n, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void DiscreteLaplace_MatchesTwoSidedGeometric()
    {
        // Scale 1 (ε = 1): P(0) = (1−α)/(1+α) = 0.462 with α = e^−1; dp.md §6 says "exact answer 46 % of the time".
        var random = new SeededRandomSource(3);
        const int n = 60_000;
        var values = Enumerable.Range(0, n).Select(_ => (long)ExactSamplers.DiscreteLaplace(ExactFraction.FromInteger(1), random)).ToArray();
        var alpha = Math.Exp(-1);
        Assert.InRange(values.Count(v => v == 0) / (double)n, 0.462 - 0.01, 0.462 + 0.01);
        Assert.InRange(values.Count(v => v == 2) / (double)n, Pmf(2) - 0.005, Pmf(2) + 0.005);
        Assert.InRange(values.Count(v => v == -2) / (double)n, Pmf(2) - 0.005, Pmf(2) + 0.005);
        Assert.InRange(values.Average(v => Math.Abs(v)), 0.85 - 0.02, 0.85 + 0.02);
        double Pmf(int k) => (1 - alpha) / (1 + alpha) * Math.Pow(alpha, Math.Abs(k));
    }

    [Fact]
    public void DiscreteGaussian_HasRequestedVariance()
    {
        var random = new SeededRandomSource(4);
        const int n = 30_000;
        var values = Enumerable.Range(0, n).Select(_ => (double)ExactSamplers.DiscreteGaussian(ExactFraction.FromInteger(9), random)).ToArray();
        Assert.InRange(values.Average(), -0.1, 0.1);
        Assert.InRange(values.Average(v => v * v), 9 * 0.95, 9 * 1.05);
    }

    [Fact]
    public void IntegerSquareRoot_IsFloorOfRoot()
    {
        foreach (var v in new BigInteger[] { 0, 1, 2, 3, 4, 15, 16, 17, BigInteger.Pow(10, 30) + 7 })
        {
            var r = ExactSamplers.IntegerSquareRoot(v);
            Assert.True(r * r <= v && (r + 1) * (r + 1) > v);
        }
    }
}
