namespace Agora.Privacy.Risk;

/// <summary>A statistical model that estimates how many members of the population are unique on the quasi-identifiers,
/// from the sample's class sizes.</summary>
public enum PopulationUniquenessModel
{
    /// <summary>Pitman sampling formula with maximum-likelihood parameters (Hoshino 2001).</summary>
    Pitman,

    /// <summary>Zayatz (1991): the share of sample uniques that are population uniques, by hypergeometric sampling.</summary>
    Zayatz,

    /// <summary>Slide negative binomial (Chen and Keller-McNulty 1998).</summary>
    Snb,

    /// <summary>Dankar et al. (2012)'s decision rule: Pitman when the sampling fraction is at most 10 % (Zayatz if Pitman
    /// fails), otherwise the smaller of Zayatz and SNB (Zayatz if SNB fails).</summary>
    Dankar,
}

/// <summary>Population uniqueness estimates, as fractions of the population (0 when the sample has no uniques).</summary>
/// <param name="PopulationSize">The population size used.</param>
/// <param name="SampleSize">Records in the sample.</param>
/// <param name="SamplingFraction">Sample size ÷ population size.</param>
/// <param name="Pitman">Pitman's estimate, or NaN when the model did not converge.</param>
/// <param name="Zayatz">Zayatz's estimate, or NaN.</param>
/// <param name="Snb">The SNB estimate, or NaN when the model did not converge.</param>
/// <param name="Dankar">The estimate Dankar's rule picks.</param>
/// <param name="DankarModel">The model Dankar's rule picked.</param>
public sealed record PopulationUniquenessEstimate(
    long PopulationSize,
    long SampleSize,
    double SamplingFraction,
    double Pitman,
    double Zayatz,
    double Snb,
    double Dankar,
    PopulationUniquenessModel DankarModel)
{
    /// <summary>The estimate of one model (NaN counts as 0, as a failed model gives no evidence).</summary>
    public double FractionFor(PopulationUniquenessModel model)
    {
        var value = model switch
        {
            PopulationUniquenessModel.Pitman => Pitman,
            PopulationUniquenessModel.Zayatz => Zayatz,
            PopulationUniquenessModel.Snb => Snb,
            _ => Dankar,
        };
        return double.IsNaN(value) ? 0 : value;
    }
}

/// <summary>The population uniqueness estimators.</summary>
public static class PopulationUniqueness
{
    /// <summary>Estimates population uniqueness from a class-size histogram (size → number of classes).</summary>
    public static PopulationUniquenessEstimate Estimate(IReadOnlyDictionary<long, long> classSizes, long populationSize)
    {
        ArgumentNullException.ThrowIfNull(classSizes);
        long n = 0;
        foreach (var (size, count) in classSizes)
        {
            n += size * count;
        }
        if (populationSize < n)
        {
            throw new ArgumentOutOfRangeException(nameof(populationSize), "The population cannot be smaller than the sample.");
        }
        var fraction = n / (double)populationSize;
        var uniques = classSizes.TryGetValue(1, out var c1) ? c1 : 0;
        if (uniques == 0 || n == 0)
        {
            return new PopulationUniquenessEstimate(populationSize, n, fraction, 0, 0, 0, 0, PopulationUniquenessModel.Dankar);
        }
        var pitman = Pitman(classSizes, n, populationSize);
        var zayatz = Zayatz(classSizes, n, populationSize);
        double snb;
        double dankar;
        PopulationUniquenessModel model;
        if (fraction <= 0.1)
        {
            snb = Snb(classSizes, n, populationSize);
            (dankar, model) = Valid(pitman) ? (pitman, PopulationUniquenessModel.Pitman) : (zayatz, PopulationUniquenessModel.Zayatz);
        }
        else
        {
            snb = Snb(classSizes, n, populationSize);
            (dankar, model) = Valid(snb) && snb <= zayatz
                ? (snb, PopulationUniquenessModel.Snb)
                : (zayatz, PopulationUniquenessModel.Zayatz);
        }
        return new PopulationUniquenessEstimate(populationSize, n, fraction,
            pitman / populationSize, zayatz / populationSize, snb / populationSize,
            Valid(dankar) ? dankar / populationSize : 0, model);
    }

    private static bool Valid(double value) => !double.IsNaN(value) && value != 0;

    /// <summary>Zayatz: estimated number of population uniques.</summary>
    internal static double Zayatz(IReadOnlyDictionary<long, long> classSizes, long n, long population)
    {
        double classes = classSizes.Values.Sum();
        var c1 = classSizes[1];
        var denominator = 0d;
        foreach (var (size, count) in classSizes)
        {
            denominator += count / classes * SpecialFunctions.HypergeometricProbabilityOfOne(population, size, n);
        }
        var conditional = c1 / classes * SpecialFunctions.HypergeometricProbabilityOfOne(population, 1, n) / denominator;
        return c1 * conditional / (n / (double)population);
    }

    /// <summary>Pitman: solves the two maximum-likelihood equations for (θ, α) by Newton's method; estimated number of
    /// population uniques Γ(θ+1)/Γ(θ+α)·N^α, or NaN when no valid solution is found.</summary>
    internal static double Pitman(IReadOnlyDictionary<long, long> classSizes, long n, long population)
    {
        var (theta, alpha) = SolvePitman(classSizes, n);
        if (double.IsNaN(theta) || double.IsNaN(alpha) || alpha <= 0 || alpha >= 1 || theta <= -alpha)
        {
            return double.NaN;
        }
        var result = Math.Exp(SpecialFunctions.LogGamma(theta + 1) - SpecialFunctions.LogGamma(theta + alpha) + alpha * Math.Log(population));
        return result >= 0 && result <= population ? result : double.NaN;
    }

    /// <summary>The Pitman parameters (θ, α), or NaN.</summary>
    internal static (double Theta, double Alpha) SolvePitman(IReadOnlyDictionary<long, long> classSizes, long n)
    {
        double u = classSizes.Values.Sum();
        double c1 = classSizes.TryGetValue(1, out var one) ? one : 0;
        double c2 = classSizes.TryGetValue(2, out var two) && two > 0 ? two : 1;
        // Method-of-moments start (as in Hoshino's paper), then fall back to simple starts.
        var c = c1 * (c1 - 1) / c2;
        var t0 = (n * u * c - c1 * (n - 1) * (2 * u + c)) / (2 * c1 * u + c1 * c - n * c);
        var a0 = (t0 * (c1 - n) + (n - 1) * c1) / (n * u);
        foreach (var (theta, alpha) in new[] { (t0, a0), (1.0, 0.5), (u / 10, 0.5), (u, 0.1), (10.0, 0.9) })
        {
            var solution = NewtonPitman(classSizes, n, u, theta, alpha);
            if (!double.IsNaN(solution.Theta))
            {
                return solution;
            }
        }
        return (double.NaN, double.NaN);
    }

    /// <summary>The two score functions of the Pitman likelihood (both zero at the estimate).</summary>
    internal static (double Theta, double Alpha) PitmanScores(IReadOnlyDictionary<long, long> classSizes, long n, double theta, double alpha)
    {
        double u = classSizes.Values.Sum();
        var (f1, f2, _, _, _) = PitmanEquations(classSizes, n, u, theta, alpha);
        return (f1, f2);
    }

    private static (double Theta, double Alpha) NewtonPitman(IReadOnlyDictionary<long, long> classSizes, long n, double u, double theta, double alpha)
    {
        if (double.IsNaN(theta) || double.IsNaN(alpha) || alpha <= 0 || alpha >= 1 || theta <= -alpha)
        {
            return (double.NaN, double.NaN);
        }
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var (f1, f2, j11, j12, j22) = PitmanEquations(classSizes, n, u, theta, alpha);
            if (Math.Abs(f1) < 1e-10 && Math.Abs(f2) < 1e-8)
            {
                return (theta, alpha);
            }
            var det = j11 * j22 - j12 * j12;
            if (det == 0 || double.IsNaN(det))
            {
                return (double.NaN, double.NaN);
            }
            var dTheta = (f1 * j22 - f2 * j12) / det;
            var dAlpha = (j11 * f2 - j12 * f1) / det;
            // Damp the step so the parameters stay in their domain (0 < α < 1, θ > −α).
            var step = 1d;
            while (step > 1e-6)
            {
                var nextAlpha = alpha - step * dAlpha;
                var nextTheta = theta - step * dTheta;
                if (nextAlpha > 0 && nextAlpha < 1 && nextTheta > -nextAlpha)
                {
                    theta = nextTheta;
                    alpha = nextAlpha;
                    break;
                }
                step /= 2;
            }
            if (step <= 1e-6)
            {
                return (double.NaN, double.NaN);
            }
        }
        return (double.NaN, double.NaN);
    }

    // Score functions of the Pitman log-likelihood
    //   L = Σ_{i=1}^{u−1} ln(θ + iα) − Σ_{i=1}^{n−1} ln(θ + i) + Σ_j c_j Σ_{l=1}^{j−1} ln(l − α)
    // and their Jacobian, in closed form with digamma/trigamma so the cost does not grow with n.
    private static (double F1, double F2, double J11, double J12, double J22) PitmanEquations(
        IReadOnlyDictionary<long, long> classSizes, long n, double u, double theta, double alpha)
    {
        var r = theta / alpha;
        // S0 = Σ_{i=1}^{u−1} 1/(θ+iα) = (ψ(r+u) − ψ(r+1))/α ; T0 = Σ 1/(θ+iα)² = (ψ′(r+1) − ψ′(r+u))/α²
        var s0 = (SpecialFunctions.Digamma(r + u) - SpecialFunctions.Digamma(r + 1)) / alpha;
        var t0 = (SpecialFunctions.Trigamma(r + 1) - SpecialFunctions.Trigamma(r + u)) / (alpha * alpha);
        // S1 = Σ i/(θ+iα) = ((u−1) − θ S0)/α ; T1 = Σ i/(θ+iα)² = (S0 − θ T0)/α ; T2 = Σ i²/(θ+iα)² = ((u−1) − 2θ S0 + θ² T0)/α²
        var s1 = (u - 1 - theta * s0) / alpha;
        var t1 = (s0 - theta * t0) / alpha;
        var t2 = (u - 1 - 2 * theta * s0 + theta * theta * t0) / (alpha * alpha);
        var sn = SpecialFunctions.Digamma(theta + n) - SpecialFunctions.Digamma(theta + 1);
        var tn = SpecialFunctions.Trigamma(theta + 1) - SpecialFunctions.Trigamma(theta + n);
        double sizes = 0;
        double sizesDerivative = 0;
        var psi = SpecialFunctions.Digamma(1 - alpha);
        var tri = SpecialFunctions.Trigamma(1 - alpha);
        foreach (var (size, count) in classSizes)
        {
            if (size > 1)
            {
                // Σ_{l=1}^{j−1} 1/(l−α) = ψ(j−α) − ψ(1−α); its α-derivative is Σ 1/(l−α)² = ψ′(1−α) − ψ′(j−α)
                sizes += count * (SpecialFunctions.Digamma(size - alpha) - psi);
                sizesDerivative += count * (tri - SpecialFunctions.Trigamma(size - alpha));
            }
        }
        var f1 = s0 - sn;
        var f2 = s1 - sizes;
        var j11 = -t0 + tn;
        var j12 = -t1;
        var j22 = -t2 - sizesDerivative;
        return (f1, f2, j11, j12, j22);
    }

    /// <summary>SNB: estimates the number of non-empty population cells K (Shlosser), solves the expected numbers of
    /// sample classes of size 1 and 2 for the shifted negative binomial parameters (α, β), and returns K·β^α.</summary>
    internal static double Snb(IReadOnlyDictionary<long, long> classSizes, long n, long population)
    {
        var (alpha, beta, k) = SolveSnb(classSizes, n, population);
        return double.IsNaN(alpha) ? double.NaN : k * Math.Pow(beta, alpha);
    }

    internal static (double Alpha, double Beta, double K) SolveSnb(IReadOnlyDictionary<long, long> classSizes, long n, long population)
    {
        var f = n / (double)population;
        double u = classSizes.Values.Sum();
        double c1 = classSizes.TryGetValue(1, out var one) ? one : 0;
        double c2 = classSizes.TryGetValue(2, out var two) ? two : 0;
        // Shlosser: K = u + c1 · Σ_j (1−f)^j c_j / Σ_j j f (1−f)^{j−1} c_j
        var numerator = 0d;
        var denominator = 0d;
        foreach (var (size, count) in classSizes)
        {
            numerator += Math.Pow(1 - f, size) * count;
            denominator += size * f * Math.Pow(1 - f, size - 1) * count;
        }
        var k = denominator > 0 ? u + c1 * numerator / denominator : u;
        if (f >= 1)
        {
            return (double.NaN, double.NaN, k);
        }
        foreach (var (alpha0, beta0) in new[] { (1.0, 0.5), (0.5, 0.1), (2.0, 0.9), (0.1, 0.01), (5.0, 0.5) })
        {
            var solution = NewtonSnb(k, f, c1, c2, alpha0, beta0);
            if (!double.IsNaN(solution.Alpha))
            {
                return (solution.Alpha, solution.Beta, k);
            }
        }
        return (double.NaN, double.NaN, k);
    }

    /// <summary>The two SNB equations (expected minus observed classes of size 1 and 2).</summary>
    internal static (double E1, double E2) SnbEquations(double k, double f, double c1, double c2, double alpha, double beta)
    {
        // Population class size F = 1 + Y, Y ~ NegBin(α, β); each member sampled with probability f.
        // d = (1−f)(1−β): P(s=1) = f (β/(1−d))^α (1 + α d/(1−d)),
        // P(s=2) = f²/2 · α β^α (1−β) (1−d)^{−(α+2)} (2 − (1−α) d).
        var d = (1 - f) * (1 - beta);
        var p1 = f * Math.Pow(beta / (1 - d), alpha) * (1 + alpha * d / (1 - d));
        var p2 = f * f / 2 * alpha * Math.Pow(beta, alpha) * (1 - beta) * Math.Pow(1 - d, -(alpha + 2)) * (2 - (1 - alpha) * d);
        return (k * p1 - c1, k * p2 - c2);
    }

    private static (double Alpha, double Beta) NewtonSnb(double k, double f, double c1, double c2, double alpha, double beta)
    {
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var (e1, e2) = SnbEquations(k, f, c1, c2, alpha, beta);
            if (double.IsNaN(e1) || double.IsNaN(e2))
            {
                return (double.NaN, double.NaN);
            }
            if (Math.Abs(e1) < 1e-8 * Math.Max(1, c1) && Math.Abs(e2) < 1e-8 * Math.Max(1, c2))
            {
                return (alpha, beta);
            }
            var ha = Math.Max(1e-7, alpha * 1e-6);
            var hb = Math.Max(1e-9, Math.Min(beta, 1 - beta) * 1e-6);
            var (a1, a2) = SnbEquations(k, f, c1, c2, alpha + ha, beta);
            var (b1, b2) = SnbEquations(k, f, c1, c2, alpha, beta + hb);
            var j11 = (a1 - e1) / ha;
            var j21 = (a2 - e2) / ha;
            var j12 = (b1 - e1) / hb;
            var j22 = (b2 - e2) / hb;
            var det = j11 * j22 - j12 * j21;
            if (det == 0 || double.IsNaN(det))
            {
                return (double.NaN, double.NaN);
            }
            var dAlpha = (e1 * j22 - e2 * j12) / det;
            var dBeta = (j11 * e2 - j21 * e1) / det;
            var step = 1d;
            while (step > 1e-8)
            {
                var nextAlpha = alpha - step * dAlpha;
                var nextBeta = beta - step * dBeta;
                if (nextAlpha > 0 && nextBeta > 0 && nextBeta < 1)
                {
                    alpha = nextAlpha;
                    beta = nextBeta;
                    break;
                }
                step /= 2;
            }
            if (step <= 1e-8)
            {
                return (double.NaN, double.NaN);
            }
        }
        return (double.NaN, double.NaN);
    }
}
