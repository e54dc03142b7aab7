namespace Agora.Privacy.Anonymisation;

/// <summary>
/// How information loss is measured; lower is better for every metric. Definitions (N records, d quasi-identifiers,
/// classes E of the released records, S the suppressed records) are in <c>docs/anonymisation.md</c>.
/// </summary>
public enum QualityMetric
{
    /// <summary>ARX's Loss (gs factor 0.5, geometric mean): per attribute the normalised share of the domain each
    /// released value covers (suppressed values cover all of it), combined as (Π(1+lᵢ))^(1/d) − 1. The default.</summary>
    Loss,

    /// <summary>Discernibility: Σ|E|² + |S|·N.</summary>
    Discernibility,

    /// <summary>Monotonic discernibility DM*: Σ|E|² over every class, suppressed or not (no suppression penalty).</summary>
    DiscernibilityStar,

    /// <summary>Average equivalence class size: N ÷ (number of classes, the suppressed records counting as one).</summary>
    AverageClassSize,

    /// <summary>Precision: mean over attributes and records of level ÷ hierarchy height (1 for suppressed values).</summary>
    Precision,

    /// <summary>Height: the sum of the generalisation levels.</summary>
    Height,

    /// <summary>Non-uniform entropy: Σ over attributes and records of −log₂ P(original value | released value).</summary>
    NonUniformEntropy,
}

/// <summary>Every quality metric of one transformation.</summary>
/// <param name="Loss">ARX's Loss in [0, 1].</param>
/// <param name="Discernibility">DM.</param>
/// <param name="DiscernibilityStar">DM*.</param>
/// <param name="AverageClassSize">AECS.</param>
/// <param name="Precision">Precision loss in [0, 1].</param>
/// <param name="Height">Sum of levels.</param>
/// <param name="NonUniformEntropy">Non-uniform entropy in bits.</param>
public sealed record QualityReport(
    double Loss,
    double Discernibility,
    double DiscernibilityStar,
    double AverageClassSize,
    double Precision,
    double Height,
    double NonUniformEntropy)
{
    /// <summary>The value of one metric.</summary>
    public double Of(QualityMetric metric) => metric switch
    {
        QualityMetric.Loss => Loss,
        QualityMetric.Discernibility => Discernibility,
        QualityMetric.DiscernibilityStar => DiscernibilityStar,
        QualityMetric.AverageClassSize => AverageClassSize,
        QualityMetric.Precision => Precision,
        QualityMetric.Height => Height,
        _ => NonUniformEntropy,
    };
}
