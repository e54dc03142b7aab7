using System.Numerics;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>
/// The permute-and-flip mechanism (McKenna and Sheldon, NeurIPS 2020): candidates are visited in random order and each is
/// kept with probability exp(ε·(u(r) − u*)/(2Δ)); it is ε-DP and never worse than the exponential mechanism. Acceptance
/// uses the exact Bernoulli(exp(−γ)) sampler, so no floating-point sampling is involved.
/// </summary>
public static class PermuteAndFlip
{
    /// <summary>Chooses a grid edge j (0…bins) for the p-quantile: utility −|#values below edge j − p·n|, sensitivity
    /// <paramref name="rowsPerUnit"/>.</summary>
    public static int SelectQuantileEdge(IReadOnlyList<long> bins, double level, double epsilon, int rowsPerUnit, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(random);
        var p = ExactFraction.FromDouble(level);
        var n = bins.Sum();
        // Scaled utilities: loss_j = |rank_j·den − num·n| (in units of 1/den), so everything stays integral.
        var losses = new BigInteger[bins.Count + 1];
        BigInteger rank = 0;
        for (var j = 0; j <= bins.Count; j++)
        {
            losses[j] = BigInteger.Abs((rank * p.Denominator) - (p.Numerator * n));
            if (j < bins.Count)
            {
                rank += bins[j];
            }
        }
        return Select(losses, p.Denominator, epsilon, rowsPerUnit, random);
    }

    /// <summary>Runs permute-and-flip over candidates whose losses (u* − u, in units of 1/<paramref name="lossDenominator"/>)
    /// are given; returns the chosen index.</summary>
    public static int Select(IReadOnlyList<BigInteger> losses, BigInteger lossDenominator, double epsilon, int sensitivity, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (losses.Count == 0)
        {
            throw new ArgumentException("No candidates.", nameof(losses));
        }
        var best = losses.Min();
        var e = ExactFraction.FromDouble(epsilon);
        var order = Enumerable.Range(0, losses.Count).ToArray();
        for (var remaining = order.Length; remaining > 0; remaining--)
        {
            var pick = (int)ExactSamplers.UniformBelow((ulong)remaining, random);
            var candidate = order[pick];
            order[pick] = order[remaining - 1];
            // γ = ε·(loss − best)/(2·Δ·den)
            var gamma = new ExactFraction(e.Numerator * (losses[candidate] - best), e.Denominator * 2 * sensitivity * lossDenominator);
            if (ExactSamplers.BernoulliExp(gamma, random))
            {
                return candidate;
            }
        }
        // The best candidate is always accepted (γ = 0), so the loop returns before this line.
        throw new InvalidOperationException("Permute-and-flip accepted no candidate.");
    }

    /// <summary>With probability at least 1 − β the chosen candidate's utility is within 2Δ(ln|R| + ln(1/β))/ε of the best.</summary>
    public static double RankErrorBound(int candidates, double epsilon, int sensitivity, double beta) =>
        Math.Ceiling(2 * sensitivity * (Math.Log(candidates) + Math.Log(1 / beta)) / epsilon);
}
