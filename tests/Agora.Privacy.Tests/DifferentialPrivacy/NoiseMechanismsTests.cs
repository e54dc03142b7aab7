using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Tests.DifferentialPrivacy;

public sealed class NoiseMechanismsTests
{
    [Fact]
    public void DiscreteLaplace_HalfWidthAtEpsilonOne_IsThree()
    {
        // dp.md §6: discrete Laplace at ε = 1, |err| ≤ 3 with probability 97.3 % (so the 95 % half-width is 3).
        Assert.Equal(3, new DiscreteLaplaceMechanism(1, 1.0).HalfWidth());
        // Smaller ε, wider interval: ε = 0.1 → about ln(20)/0.1 ≈ 30.
        Assert.InRange(new DiscreteLaplaceMechanism(1, 0.1).HalfWidth(), 28, 31);
    }

    [Fact]
    public void DiscreteGaussian_HalfWidth_IsAboutTwoSigma()
    {
        // ρ = 0.5, Δ = 1 → σ = 1 (dp.md §6): 95 % of the mass lies within ±2 for the discrete Gaussian with σ = 1.
        var mechanism = new DiscreteGaussianMechanism(1, 0.5);
        Assert.Equal(1.0, mechanism.Sigma, 6);
        Assert.Equal(2, mechanism.HalfWidth());
        Assert.InRange(new DiscreteGaussianMechanism(1, 0.005).HalfWidth(), 19, 20);
    }

    [Fact]
    public void HalfWidth_HoldsEmpirically()
    {
        var random = new SeededRandomSource(5);
        var mechanism = new DiscreteLaplaceMechanism(2, 0.7);
        var k = mechanism.HalfWidth();
        var inside = Enumerable.Range(0, 20_000).Count(_ => System.Numerics.BigInteger.Abs(mechanism.AddNoise(0, random)) <= k);
        Assert.InRange(inside / 20_000.0, 0.945, 0.975);
    }

    [Fact]
    public void SmallestTailAtMost_FindsThreshold()
    {
        var mechanism = new DiscreteLaplaceMechanism(1, 1.0);
        var m = mechanism.SmallestTailAtMost(1e-5);
        Assert.True(mechanism.UpperTail(m) <= 1e-5);
        Assert.True(mechanism.UpperTail(m - 1) > 1e-5);
    }
}
