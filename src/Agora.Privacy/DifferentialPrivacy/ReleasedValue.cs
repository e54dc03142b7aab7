namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>What the bounds of an <see cref="AccuracyInterval"/> are measured in.</summary>
public enum AccuracyScale
{
    /// <summary>The same unit as the released value.</summary>
    Value,

    /// <summary>Ranks: the released quantile's rank among the group's values is within the bounds of the target rank.</summary>
    Rank,
}

/// <summary>An interval that holds the true (bounded) value with at least <see cref="Confidence"/> probability. It is
/// computed from public parameters and released values only, so it costs no privacy.</summary>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Scale">What the bounds measure.</param>
/// <param name="Confidence">Probability that the interval holds (0.95).</param>
/// <param name="Explanation">The interval in plain words.</param>
public sealed record AccuracyInterval(double Lower, double Upper, AccuracyScale Scale, double Confidence, string Explanation);

/// <summary>One value released under differential privacy, with its accuracy.</summary>
/// <param name="Value">The noisy value.</param>
/// <param name="Accuracy">Its 95 % accuracy interval.</param>
public sealed record ReleasedValue(double Value, AccuracyInterval Accuracy);
