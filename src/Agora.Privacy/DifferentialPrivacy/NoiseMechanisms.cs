using System.Numerics;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>Adds integer noise calibrated to a sensitivity and a privacy loss.</summary>
public abstract class IntegerNoiseMechanism
{
    /// <summary>The privacy loss of one release by this mechanism.</summary>
    public abstract PrivacyCost Cost { get; }

    /// <summary>Short name for reports ("discrete Laplace, scale 2").</summary>
    public abstract string Description { get; }

    /// <summary>The value plus fresh noise.</summary>
    public abstract BigInteger AddNoise(BigInteger value, IRandomSource random);

    /// <summary>The smallest k such that |noise| ≤ k with at least the given probability.</summary>
    public abstract long HalfWidth(double confidence = 0.95);

    /// <summary>An upper bound on P(noise ≥ m), for thresholds (m ≥ 1).</summary>
    public abstract double UpperTail(long m);

    /// <summary>The smallest m ≥ 1 with <see cref="UpperTail"/>(m) ≤ <paramref name="probability"/>.</summary>
    public long SmallestTailAtMost(double probability)
    {
        if (!(probability > 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability));
        }
        long low = 1, high = 1;
        while (UpperTail(high) > probability)
        {
            low = high;
            high = checked(high * 2);
        }
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (UpperTail(middle) <= probability)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return high;
    }
}

/// <summary>The discrete Laplace (two-sided geometric) mechanism: pure ε-DP for an L1 sensitivity Δ₁, noise scale Δ₁/ε.</summary>
public sealed class DiscreteLaplaceMechanism : IntegerNoiseMechanism
{
    private readonly ExactFraction _scale;
    private readonly double _epsilonPerUnit;

    /// <summary>Creates the mechanism for an integer L1 sensitivity and an ε.</summary>
    public DiscreteLaplaceMechanism(BigInteger l1Sensitivity, double epsilon)
    {
        if (l1Sensitivity.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(l1Sensitivity), "The sensitivity must be positive.");
        }
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be positive.");
        }
        Sensitivity = l1Sensitivity;
        Epsilon = epsilon;
        _scale = ExactFraction.FromInteger(l1Sensitivity) / ExactFraction.FromDouble(epsilon);
        _epsilonPerUnit = epsilon / (double)l1Sensitivity;
    }

    /// <summary>The L1 sensitivity Δ₁.</summary>
    public BigInteger Sensitivity { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>The noise scale Δ₁/ε.</summary>
    public double Scale => _scale.ToDouble();

    /// <inheritdoc/>
    public override PrivacyCost Cost => PrivacyCost.Pure(Epsilon);

    /// <inheritdoc/>
    public override string Description => FormattableString.Invariant($"discrete Laplace, scale {Scale:G4}");

    /// <inheritdoc/>
    public override BigInteger AddNoise(BigInteger value, IRandomSource random) => value + ExactSamplers.DiscreteLaplace(_scale, random);

    // P(|X| > k) = 2·α^(k+1)/(1+α) with α = exp(−ε/Δ).
    /// <inheritdoc/>
    public override long HalfWidth(double confidence = 0.95)
    {
        var alpha = Math.Exp(-_epsilonPerUnit);
        var needed = Math.Log((1 - confidence) * (1 + alpha) / 2) / -_epsilonPerUnit;
        return Math.Max(0, (long)Math.Ceiling(needed - 1e-12) - 1);
    }

    // P(X ≥ m) = α^m/(1+α) for m ≥ 1.
    /// <inheritdoc/>
    public override double UpperTail(long m)
    {
        var alpha = Math.Exp(-_epsilonPerUnit);
        return Math.Exp(-_epsilonPerUnit * m) / (1 + alpha);
    }
}

/// <summary>The discrete Gaussian mechanism: ρ-zCDP for an L2 sensitivity Δ₂, with σ² = Δ₂²/(2ρ).</summary>
public sealed class DiscreteGaussianMechanism : IntegerNoiseMechanism
{
    private readonly ExactFraction _variance;

    /// <summary>Creates the mechanism for the squared L2 sensitivity (an integer) and ρ.</summary>
    public DiscreteGaussianMechanism(BigInteger l2SensitivitySquared, double rho)
    {
        if (l2SensitivitySquared.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(l2SensitivitySquared), "The sensitivity must be positive.");
        }
        if (!(rho > 0) || !double.IsFinite(rho))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), "ρ must be positive.");
        }
        SensitivitySquared = l2SensitivitySquared;
        Rho = rho;
        _variance = ExactFraction.FromInteger(l2SensitivitySquared) / ExactFraction.FromDouble(2 * rho);
    }

    /// <summary>Δ₂².</summary>
    public BigInteger SensitivitySquared { get; }

    /// <summary>ρ.</summary>
    public double Rho { get; }

    /// <summary>σ.</summary>
    public double Sigma => Math.Sqrt(_variance.ToDouble());

    /// <inheritdoc/>
    public override PrivacyCost Cost => PrivacyCost.Zcdp(Rho);

    /// <inheritdoc/>
    public override string Description => FormattableString.Invariant($"discrete Gaussian, σ {Sigma:G4}");

    /// <inheritdoc/>
    public override BigInteger AddNoise(BigInteger value, IRandomSource random) => value + ExactSamplers.DiscreteGaussian(_variance, random);

    /// <inheritdoc/>
    public override long HalfWidth(double confidence = 0.95)
    {
        var sigma = Sigma;
        if (sigma > 1e4)
        {
            return (long)Math.Ceiling(NormalQuantile((1 + confidence) / 2) * sigma);
        }
        // Sum the probability mass outward from zero until the requested share is covered.
        var limit = (long)Math.Ceiling(14 * sigma) + 2;
        var weights = new double[limit + 1];
        double total = 0;
        for (long x = 0; x <= limit; x++)
        {
            weights[x] = Math.Exp(-(double)x * x / (2 * sigma * sigma));
            total += x == 0 ? weights[x] : 2 * weights[x];
        }
        var covered = weights[0];
        for (long k = 0; k < limit; k++)
        {
            if (covered / total >= confidence)
            {
                return k;
            }
            covered += 2 * weights[k + 1];
        }
        return limit;
    }

    // The discrete Gaussian is σ-sub-Gaussian (CKS20 Cor. 9), so P(X ≥ m) ≤ exp(−m²/(2σ²)).
    /// <inheritdoc/>
    public override double UpperTail(long m)
    {
        var sigma = Sigma;
        return Math.Exp(-(double)m * m / (2 * sigma * sigma));
    }

    // Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9).
    private static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p > 0.97575)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -Horner(c, q) / ((Horner(d, q) * q) + 1);
        }
        var r = p - 0.5;
        var s = r * r;
        return Horner(a, s) * r / ((Horner(b, s) * s) + 1);
    }

    private static double Horner(double[] coefficients, double x)
    {
        double result = 0;
        foreach (var coefficient in coefficients)
        {
            result = (result * x) + coefficient;
        }
        return result;
    }
}
