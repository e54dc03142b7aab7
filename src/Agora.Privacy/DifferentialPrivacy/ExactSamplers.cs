using System.Numerics;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>
/// Exact samplers for integer noise from Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
/// (NeurIPS 2020, arXiv 2004.00010), Algorithms 1–3. They use only integer and rational arithmetic and uniform random
/// bits, so the output distribution is exactly the one the privacy proof assumes.
/// </summary>
/// <remarks>Running time depends on the sampled value (a known timing side channel, Jin et al. S&amp;P 2022); callers that
/// answer untrusted analysts keep response times coarse. See docs/compute-to-data.md.</remarks>
public static class ExactSamplers
{
    /// <summary>A uniform integer in [0, <paramref name="bound"/>), by rejection from whole random bytes.</summary>
    public static BigInteger UniformBelow(BigInteger bound, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (bound.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), "The bound must be positive.");
        }
        if (bound <= ulong.MaxValue)
        {
            return UniformBelow((ulong)bound, random);
        }
        var bitLength = (int)(bound - 1).GetBitLength();
        var byteCount = (bitLength + 7) / 8;
        var topMask = (byte)(0xFF >> ((8 * byteCount) - bitLength));
        Span<byte> bytes = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        while (true)
        {
            random.Fill(bytes);
            bytes[^1] &= topMask;
            var candidate = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
            if (candidate < bound)
            {
                return candidate;
            }
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>).</summary>
    public static ulong UniformBelow(ulong bound, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (bound == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), "The bound must be positive.");
        }
        if (bound == 1)
        {
            return 0;
        }
        var bitLength = 64 - BitOperations.LeadingZeroCount(bound - 1);
        var mask = bitLength == 64 ? ulong.MaxValue : (1UL << bitLength) - 1;
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            random.Fill(bytes[..((bitLength + 7) / 8)]);
            var candidate = BitConverter.ToUInt64(bytes) & mask;
            bytes.Clear();
            if (candidate < bound)
            {
                return candidate;
            }
        }
    }

    /// <summary>True with probability <paramref name="probability"/> (which must be at most 1).</summary>
    public static bool Bernoulli(ExactFraction probability, IRandomSource random)
    {
        if (probability.Numerator > probability.Denominator)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), "A probability is at most 1.");
        }
        return UniformBelow(probability.Denominator, random) < probability.Numerator;
    }

    /// <summary>True with probability exp(−<paramref name="gamma"/>) (CKS20 Algorithm 1).</summary>
    public static bool BernoulliExp(ExactFraction gamma, IRandomSource random)
    {
        var whole = gamma.Floor;
        for (var i = BigInteger.Zero; i < whole; i++)
        {
            if (!BernoulliExpAtMostOne(ExactFraction.FromInteger(1), random))
            {
                return false;
            }
        }
        return BernoulliExpAtMostOne(gamma.FractionalPart, random);
    }

    // For γ in [0, 1]: the number of successes K of Bernoulli(γ/k) trials, k = 1, 2, …, until the first failure, is even
    // with probability exp(−γ).
    private static bool BernoulliExpAtMostOne(ExactFraction gamma, IRandomSource random)
    {
        var k = BigInteger.One;
        while (Bernoulli(gamma.DivideBy(k), random))
        {
            k++;
        }
        return !k.IsEven;
    }

    /// <summary>A discrete Laplace (two-sided geometric) variable: P(x) ∝ exp(−|x| / <paramref name="scale"/>)
    /// (CKS20 Algorithm 2).</summary>
    public static BigInteger DiscreteLaplace(ExactFraction scale, IRandomSource random)
    {
        if (scale.IsZero)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), "The scale must be positive.");
        }
        // scale = t / s
        var t = scale.Numerator;
        var s = scale.Denominator;
        var one = ExactFraction.FromInteger(1);
        while (true)
        {
            var u = UniformBelow(t, random);
            if (!BernoulliExp(new ExactFraction(u, t), random))
            {
                continue;
            }
            var v = BigInteger.Zero;
            while (BernoulliExp(one, random))
            {
                v++;
            }
            var y = BigInteger.Divide(u + (t * v), s);
            var negative = UniformBelow(2UL, random) == 1;
            if (negative && y.IsZero)
            {
                continue;
            }
            return negative ? -y : y;
        }
    }

    /// <summary>A discrete Gaussian variable: P(x) ∝ exp(−x² / (2σ²)) with σ² = <paramref name="variance"/>
    /// (CKS20 Algorithm 3).</summary>
    public static BigInteger DiscreteGaussian(ExactFraction variance, IRandomSource random)
    {
        if (variance.IsZero)
        {
            throw new ArgumentOutOfRangeException(nameof(variance), "The variance must be positive.");
        }
        // t = floor(σ) + 1; floor(sqrt(x)) equals the integer square root of floor(x).
        var t = IntegerSquareRoot(variance.Floor) + 1;
        var a = variance.Numerator;
        var b = variance.Denominator;
        var laplaceScale = ExactFraction.FromInteger(t);
        while (true)
        {
            var y = DiscreteLaplace(laplaceScale, random);
            // γ = (|y| − σ²/t)² / (2σ²) = (|y|·b·t − a)² / (2·a·b·t²)
            var difference = (BigInteger.Abs(y) * b * t) - a;
            var gamma = new ExactFraction(difference * difference, 2 * a * b * t * t);
            if (BernoulliExp(gamma, random))
            {
                return y;
            }
        }
    }

    /// <summary>The largest integer whose square is at most <paramref name="value"/>.</summary>
    public static BigInteger IntegerSquareRoot(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }
        if (value < 2)
        {
            return value;
        }
        var x = (BigInteger)Math.Sqrt((double)value);
        while (x * x > value)
        {
            x--;
        }
        while ((x + 1) * (x + 1) <= value)
        {
            x++;
        }
        return x;
    }
}
