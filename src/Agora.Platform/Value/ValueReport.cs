namespace Agora.Platform.Value;

/// <summary>The parts of the value score, in the order the report shows them.</summary>
public static class ValueParts
{
    public const string Quality = "quality";
    public const string Coverage = "coverage";
    public const string Novelty = "novelty";
    public const string Linkability = "linkability";
    public const string Demand = "demand";
    public const string Use = "use";

    /// <summary>The weight of each part in the score (docs/value.md).</summary>
    public static IReadOnlyDictionary<string, double> Weights { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [Quality] = 0.25,
        [Coverage] = 0.15,
        [Novelty] = 0.15,
        [Linkability] = 0.15,
        [Demand] = 0.15,
        [Use] = 0.15,
    };
}

/// <summary>One part of the value report: its score in [0, 1] (null: not assessed, left out of the total), its weight,
/// why it is what it is, what would raise it, and the raw figures behind it.</summary>
public sealed record ValuePartReport(string Part, double? Score, double Weight, IReadOnlyList<ValueText> Why, IReadOnlyList<ValueText> Raise,
    IReadOnlyDictionary<string, double> Figures);

/// <summary>The explainable value of a dataset: the weighted mean of its assessed parts (docs/value.md).</summary>
public sealed record ValueReport(Guid DatasetId, int? VersionNumber, DateTimeOffset ComputedAt, double Score, IReadOnlyList<ValuePartReport> Parts);
