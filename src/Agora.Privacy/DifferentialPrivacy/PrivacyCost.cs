using System.Globalization;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>How privacy loss is measured and composed.</summary>
public enum PrivacyMeasure
{
    /// <summary>(ε, δ)-differential privacy with basic composition: ε and δ add up. δ = 0 is pure ε-DP.</summary>
    PureDp,

    /// <summary>δ-approximate zero-concentrated DP (Bun and Steinke 2016): ρ and δ add up. Tighter for many
    /// Gaussian releases.</summary>
    ZeroConcentrated,
}

/// <summary>A privacy loss: (ε, δ) under <see cref="PrivacyMeasure.PureDp"/>, or (ρ, δ) under
/// <see cref="PrivacyMeasure.ZeroConcentrated"/>.</summary>
/// <param name="Measure">How the loss is measured.</param>
/// <param name="Epsilon">ε (pure DP); 0 under zCDP.</param>
/// <param name="Rho">ρ (zCDP); 0 under pure DP.</param>
/// <param name="Delta">δ: the probability with which the guarantee may fail (partition selection needs it).</param>
public sealed record PrivacyCost(PrivacyMeasure Measure, double Epsilon, double Rho, double Delta)
{
    /// <summary>Relative slack when comparing sums of floating-point budgets, so ten charges of 0.1 fit a budget of 1.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>No loss.</summary>
    public static PrivacyCost None(PrivacyMeasure measure) => new(measure, 0, 0, 0);

    /// <summary>An (ε, δ) loss.</summary>
    public static PrivacyCost Pure(double epsilon, double delta = 0)
    {
        Validate(epsilon, nameof(epsilon));
        ValidateDelta(delta);
        return new PrivacyCost(PrivacyMeasure.PureDp, epsilon, 0, delta);
    }

    /// <summary>A (ρ, δ) zCDP loss.</summary>
    public static PrivacyCost Zcdp(double rho, double delta = 0)
    {
        Validate(rho, nameof(rho));
        ValidateDelta(delta);
        return new PrivacyCost(PrivacyMeasure.ZeroConcentrated, 0, rho, delta);
    }

    /// <summary>The size of the loss in its own measure (ε or ρ).</summary>
    public double Amount => Measure == PrivacyMeasure.PureDp ? Epsilon : Rho;

    /// <summary>Converts to the requested measure. ε-DP implies (ε²/2)-zCDP (Bun–Steinke Prop. 1.4); δ is carried.
    /// zCDP cannot be turned back into pure DP without a δ; use <see cref="ToApproximateDp"/>.</summary>
    /// <exception cref="InvalidOperationException">A zCDP loss asked for as pure DP.</exception>
    public PrivacyCost ConvertTo(PrivacyMeasure measure)
    {
        if (measure == Measure)
        {
            return this;
        }
        if (measure == PrivacyMeasure.ZeroConcentrated)
        {
            return new PrivacyCost(PrivacyMeasure.ZeroConcentrated, 0, Epsilon * Epsilon / 2, Delta);
        }
        throw new InvalidOperationException("A zero-concentrated loss cannot be charged to a pure ε budget; convert it with a δ first.");
    }

    /// <summary>The (ε, δ) guarantee implied by this loss. For zCDP: ε = ρ + 2·√(ρ·ln(1/δ′)) (Bun–Steinke Prop. 1.3),
    /// δ = this δ + δ′.</summary>
    public PrivacyCost ToApproximateDp(double conversionDelta)
    {
        if (Measure == PrivacyMeasure.PureDp)
        {
            return this;
        }
        if (!(conversionDelta > 0 && conversionDelta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(conversionDelta), "The conversion δ must be between 0 and 1.");
        }
        var epsilon = Rho + (2 * Math.Sqrt(Rho * Math.Log(1 / conversionDelta)));
        return new PrivacyCost(PrivacyMeasure.PureDp, epsilon, 0, Delta + conversionDelta);
    }

    /// <summary>Composes losses in one measure (basic composition for (ε, δ), additivity of ρ and δ for zCDP).</summary>
    public static PrivacyCost Compose(PrivacyMeasure measure, IEnumerable<PrivacyCost> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        double epsilon = 0, rho = 0, delta = 0;
        foreach (var cost in costs)
        {
            var converted = cost.ConvertTo(measure);
            epsilon += converted.Epsilon;
            rho += converted.Rho;
            delta += converted.Delta;
        }
        return new PrivacyCost(measure, epsilon, rho, delta);
    }

    /// <summary>Whether this loss is at most <paramref name="limit"/> (same measure), with <see cref="Tolerance"/>.</summary>
    public bool FitsWithin(PrivacyCost limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var converted = ConvertTo(limit.Measure);
        return converted.Amount <= (limit.Amount * (1 + Tolerance)) + 1e-15
            && converted.Delta <= (limit.Delta * (1 + Tolerance)) + 1e-18;
    }

    /// <summary>Plain words, e.g. "ε = 0.5" or "ρ = 0.125, δ = 1e-06".</summary>
    public override string ToString()
    {
        var amount = Measure == PrivacyMeasure.PureDp
            ? string.Create(CultureInfo.InvariantCulture, $"ε = {Epsilon:0.######}")
            : string.Create(CultureInfo.InvariantCulture, $"ρ = {Rho:0.######}");
        return Delta > 0 ? string.Create(CultureInfo.InvariantCulture, $"{amount}, δ = {Delta:0.###e+0}") : amount;
    }

    private static void Validate(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, "A privacy parameter is a finite, non-negative number.");
        }
    }

    private static void ValidateDelta(double delta)
    {
        if (!double.IsFinite(delta) || delta < 0 || delta >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), "δ must be in [0, 1).");
        }
    }
}
