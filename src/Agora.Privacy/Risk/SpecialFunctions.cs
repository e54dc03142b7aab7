namespace Agora.Privacy.Risk;

/// <summary>Log-gamma, digamma and trigamma for the population models (accurate to about 1e-13 for x &gt; 0).</summary>
internal static class SpecialFunctions
{
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        x -= 1;
        var a = Lanczos[0];
        var t = x + 7.5;
        for (var i = 1; i < 9; i++)
        {
            a += Lanczos[i] / (x + i);
        }
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>ψ(x) = d/dx ln Γ(x), for x &gt; 0.</summary>
    public static double Digamma(double x)
    {
        var result = 0d;
        while (x < 6)
        {
            result -= 1 / x;
            x += 1;
        }
        var f = 1 / (x * x);
        return result + Math.Log(x) - 0.5 / x
            - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
    }

    /// <summary>ψ′(x), for x &gt; 0.</summary>
    public static double Trigamma(double x)
    {
        var result = 0d;
        while (x < 6)
        {
            result += 1 / (x * x);
            x += 1;
        }
        var f = 1 / (x * x);
        return result + 1 / x + f / 2
            + f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f * (1.0 / 30))));
    }

    /// <summary>ln of the binomial coefficient C(n, k).</summary>
    public static double LogChoose(double n, double k) => LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1);

    /// <summary>P(X = 1) for a hypergeometric X: <paramref name="draws"/> drawn from <paramref name="population"/> of which
    /// <paramref name="successes"/> are successes.</summary>
    public static double HypergeometricProbabilityOfOne(double population, double successes, double draws)
    {
        if (successes < 1 || draws < 1 || draws - 1 > population - successes)
        {
            return 0;
        }
        return Math.Exp(Math.Log(successes) + LogChoose(population - successes, draws - 1) - LogChoose(population, draws));
    }
}
