namespace Agora.Privacy.Anonymisation;

/// <summary>A quasi-identifier: its column and the hierarchy that generalises it, optionally restricted to a range of
/// levels.</summary>
public sealed class QuasiIdentifier
{
    /// <summary>Creates a quasi-identifier.</summary>
    public QuasiIdentifier(EncodedColumn column, GeneralisationHierarchy hierarchy, int minLevel = 0, int? maxLevel = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(hierarchy);
        Column = column;
        Hierarchy = hierarchy;
        MinLevel = minLevel;
        MaxLevel = maxLevel ?? hierarchy.MaxLevel;
        if (MinLevel < 0 || MaxLevel > hierarchy.MaxLevel || MinLevel > MaxLevel)
        {
            throw new HierarchyException($"{column.Name}: levels {MinLevel}..{MaxLevel} are outside the hierarchy's 0..{hierarchy.MaxLevel}.");
        }
    }

    /// <summary>The data.</summary>
    public EncodedColumn Column { get; }

    /// <summary>The hierarchy.</summary>
    public GeneralisationHierarchy Hierarchy { get; }

    /// <summary>Lowest level the search may choose.</summary>
    public int MinLevel { get; }

    /// <summary>Highest level the search may choose.</summary>
    public int MaxLevel { get; }

    /// <summary>The attribute's name.</summary>
    public string Name => Column.Name;
}

/// <summary>How a microaggregated attribute is summarised within each equivalence class.</summary>
public enum MicroaggregationFunction
{
    /// <summary>The arithmetic mean.</summary>
    Mean,

    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    Median,
}

/// <summary>A numeric attribute replaced by its class mean or median in the output. It does not define classes.</summary>
public sealed class MicroaggregatedAttribute
{
    /// <summary>Creates the attribute; every value must be a number.</summary>
    public MicroaggregatedAttribute(EncodedColumn column, MicroaggregationFunction function)
    {
        ArgumentNullException.ThrowIfNull(column);
        Column = column;
        Function = function;
    }

    /// <summary>The data.</summary>
    public EncodedColumn Column { get; }

    /// <summary>The summary.</summary>
    public MicroaggregationFunction Function { get; }
}

/// <summary>Which search to run.</summary>
public enum SearchStrategy
{
    /// <summary>Optimal when the lattice has at most <see cref="AnonymisationRequest.OptimalSearchLimit"/> transformations,
    /// best-effort otherwise.</summary>
    Auto,

    /// <summary>Globally optimal search with pruning.</summary>
    Optimal,

    /// <summary>Heuristic search bounded by steps or time: greedy descents from anonymous transformations with restarts.</summary>
    BestEffort,
}

/// <summary>Progress of a search, reported about every hundred transformations.</summary>
/// <param name="Checked">Transformations evaluated so far.</param>
/// <param name="LatticeSize">Transformations in the lattice.</param>
/// <param name="BestScore">Best score found so far, or null.</param>
public sealed record AnonymisationProgress(long Checked, long LatticeSize, double? BestScore);

/// <summary>What to anonymise and how.</summary>
public sealed class AnonymisationRequest
{
    /// <summary>The quasi-identifiers (at least one).</summary>
    public required IReadOnlyList<QuasiIdentifier> QuasiIdentifiers { get; init; }

    /// <summary>Sensitive attributes the models refer to (ℓ-diversity, t-closeness).</summary>
    public IReadOnlyList<EncodedColumn> SensitiveAttributes { get; init; } = [];

    /// <summary>The privacy models; all must hold.</summary>
    public required IReadOnlyList<PrivacyModel> Models { get; init; }

    /// <summary>Largest share of records that may be suppressed, in [0, 1].</summary>
    public double SuppressionLimit { get; init; }

    /// <summary>The quality metric the search optimises.</summary>
    public QualityMetric Metric { get; init; } = QualityMetric.Loss;

    /// <summary>Which search to run.</summary>
    public SearchStrategy Search { get; init; } = SearchStrategy.Auto;

    /// <summary>Lattice size above which <see cref="SearchStrategy.Auto"/> uses the best-effort search.</summary>
    public long OptimalSearchLimit { get; init; } = 1 << 22;

    /// <summary>Optimal search: how many threads may evaluate transformations at once (default: one per core). The
    /// search's decisions stay sequential and the other threads evaluate ahead what it will probably ask for next, so
    /// the result and <see cref="AnonymisationResult.Checked"/> are the same for every value; 1 uses the calling thread
    /// only.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Best-effort search: most transformations to evaluate (default 5,000).</summary>
    public int? StepLimit { get; init; }

    /// <summary>Best-effort search: longest time to search (default 60 s).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Attributes to microaggregate.</summary>
    public IReadOnlyList<MicroaggregatedAttribute> Microaggregation { get; init; } = [];

    /// <summary>Population size for the population-based risk figures, if known.</summary>
    public long? PopulationSize { get; init; }

    /// <summary>Receives progress.</summary>
    public IProgress<AnonymisationProgress>? Progress { get; init; }

    /// <summary>The clock for time limits and elapsed times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>The request cannot be met: no transformation satisfies the models, or the request itself is wrong. The
/// message says which.</summary>
public sealed class AnonymisationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnonymisationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public AnonymisationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AnonymisationException()
    {
    }
}
