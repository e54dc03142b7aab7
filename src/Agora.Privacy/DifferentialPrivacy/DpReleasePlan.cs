using System.Globalization;
using System.Numerics;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>The aggregates a differentially private query may release.</summary>
public enum DpAggregateKind
{
    /// <summary>COUNT(*): bounded rows per group.</summary>
    CountRows,

    /// <summary>COUNT(column): bounded non-null values per group.</summary>
    CountValues,

    /// <summary>SUM(column) of clamped values.</summary>
    Sum,

    /// <summary>AVG(column) of clamped values: a centred noisy sum divided by a noisy count.</summary>
    Mean,

    /// <summary>QUANTILE(column, p) / MEDIAN(column): permute-and-flip over a grid of the column's bounds.</summary>
    Quantile,
}

/// <summary>One aggregate of a query.</summary>
/// <param name="Kind">What is computed.</param>
/// <param name="Column">The column aggregated (null for COUNT(*)); for messages.</param>
/// <param name="Bounds">Public clamping bounds (sum, mean, quantile).</param>
/// <param name="QuantileLevel">p for a quantile (0.5 for the median).</param>
public sealed record DpAggregateSpec(DpAggregateKind Kind, string? Column = null, ValueBounds? Bounds = null, double QuantileLevel = 0.5);

/// <summary>The bounded, exact statistics of one group that DuckDB computes; the plan turns them into noisy releases.</summary>
/// <param name="Units">Distinct privacy units in the group (after bounding).</param>
/// <param name="Rows">Bounded rows.</param>
/// <param name="Aggregates">Per aggregate, in plan order.</param>
public sealed record DpGroupStatistics(long Units, long Rows, IReadOnlyList<DpAggregateStatistics> Aggregates);

/// <summary>Exact bounded statistics for one aggregate in one group.</summary>
/// <param name="NonNullCount">Bounded non-null values.</param>
/// <param name="IntegerSum">Sum of the quantised clamped values, in steps of the column's granularity after its offset
/// (<see cref="ValueBounds.Quantise"/>).</param>
/// <param name="QuantileBins">Bounded values per grid cell (quantiles only).</param>
public sealed record DpAggregateStatistics(long NonNullCount, BigInteger IntegerSum, IReadOnlyList<long>? QuantileBins = null);

/// <summary>How group keys are released.</summary>
/// <param name="KeysArePublic">True when the keys come from a public list (or there is no GROUP BY), so no selection is needed.</param>
/// <param name="MinimumUnits">Deterministic pre-threshold: a group with fewer units is never released.</param>
public sealed record GroupKeyRelease(bool KeysArePublic, long MinimumUnits = 0);

/// <summary>
/// The noise plan of one differentially private aggregate query: how the query's budget is split between its
/// measurements, which mechanism each uses and with which sensitivity, and how group keys are selected. Built from public
/// parameters only, so its cost is known before the query runs.
/// </summary>
public sealed class DpReleasePlan
{
    /// <summary>Grid cells for quantiles.</summary>
    public const int QuantileGridCells = 1024;

    private readonly IRandomSource _random;
    private readonly IntegerNoiseMechanism? _selection;
    private readonly long _selectionThreshold;
    private readonly IReadOnlyList<AggregateMechanisms> _mechanisms;

    private DpReleasePlan(IReadOnlyList<DpAggregateSpec> aggregates, ContributionBounds contribution, GroupKeyRelease keys,
        PrivacyCost cost, IntegerNoiseMechanism? selection, long selectionThreshold, IReadOnlyList<AggregateMechanisms> mechanisms,
        IRandomSource random)
    {
        Aggregates = aggregates;
        Contribution = contribution;
        Keys = keys;
        Cost = cost;
        _selection = selection;
        _selectionThreshold = selectionThreshold;
        _mechanisms = mechanisms;
        _random = random;
    }

    /// <summary>The aggregates, in output order.</summary>
    public IReadOnlyList<DpAggregateSpec> Aggregates { get; }

    /// <summary>The contribution bounds the statistics were computed under.</summary>
    public ContributionBounds Contribution { get; }

    /// <summary>How keys are released.</summary>
    public GroupKeyRelease Keys { get; }

    /// <summary>The total privacy loss of running the query once.</summary>
    public PrivacyCost Cost { get; }

    /// <summary>Noisy unit count a group needs to be released (when keys are not public).</summary>
    public long? SelectionThreshold => _selection is null ? null : _selectionThreshold;

    /// <summary>Plain words on what the plan does, for the consumer.</summary>
    public IReadOnlyList<string> Explanation { get; private init; } = [];

    /// <summary>Creates the plan. <paramref name="budget"/> is the loss of the whole query: ε (pure) or ρ (zCDP) is split
    /// evenly over the measurements; δ is used only for group-key selection and is required when keys are not public.</summary>
    public static DpReleasePlan Create(IReadOnlyList<DpAggregateSpec> aggregates, ContributionBounds contribution, GroupKeyRelease keys,
        PrivacyCost budget, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        ArgumentNullException.ThrowIfNull(contribution);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(budget);
        contribution.Validate();
        if (aggregates.Count == 0)
        {
            throw new ArgumentException("A query needs at least one aggregate.", nameof(aggregates));
        }
        if (!(budget.Amount > 0))
        {
            throw new ArgumentException("A differentially private query needs a positive ε or ρ.", nameof(budget));
        }
        if (!keys.KeysArePublic && !(budget.Delta > 0))
        {
            throw new ArgumentException("Releasing group keys found in the data needs δ > 0 (DP partition selection); declare the keys public or give a δ.", nameof(budget));
        }
        var measurements = aggregates.Sum(a => a.Kind == DpAggregateKind.Mean ? 2 : 1) + (keys.KeysArePublic ? 0 : 1);
        var share = budget.Amount / measurements;
        var groups = contribution.MaxGroupsPerUnit;
        var rows = contribution.MaxRowsPerGroup;
        var explanation = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"Each privacy unit contributes at most {rows} row(s) to each of at most {groups} group(s); extra rows are dropped."),
            string.Create(CultureInfo.InvariantCulture,
                $"The query's {budget} is split evenly over {measurements} noisy measurement(s)."),
        };

        IntegerNoiseMechanism Mechanism(BigInteger perGroupSensitivity) => budget.Measure == PrivacyMeasure.PureDp
            ? new DiscreteLaplaceMechanism(perGroupSensitivity * groups, share)
            : new DiscreteGaussianMechanism(perGroupSensitivity * perGroupSensitivity * groups, share);

        var mechanisms = new List<AggregateMechanisms>();
        foreach (var aggregate in aggregates)
        {
            var name = aggregate.Column ?? "*";
            if (aggregate.Kind is DpAggregateKind.Sum or DpAggregateKind.Mean or DpAggregateKind.Quantile)
            {
                if (aggregate.Bounds is null)
                {
                    throw new ArgumentException($"Column '{name}' has no public bounds, so it cannot be summed, averaged or ranked under differential privacy.");
                }
                aggregate.Bounds.Validate(name);
            }
            switch (aggregate.Kind)
            {
                case DpAggregateKind.CountRows:
                case DpAggregateKind.CountValues:
                    mechanisms.Add(new AggregateMechanisms(Mechanism(rows), null, 0));
                    break;
                case DpAggregateKind.Sum:
                    var largest = Math.Max(aggregate.Bounds!.SumStepLimit, 1);
                    mechanisms.Add(new AggregateMechanisms(Mechanism(new BigInteger(largest) * rows), null, 0));
                    break;
                case DpAggregateKind.Mean:
                    var limit = Math.Max(aggregate.Bounds!.CentredStepLimit, 1);
                    mechanisms.Add(new AggregateMechanisms(Mechanism(new BigInteger(limit) * rows), Mechanism(rows), 0));
                    break;
                case DpAggregateKind.Quantile:
                    if (!(aggregate.QuantileLevel is >= 0 and <= 1))
                    {
                        throw new ArgumentException($"Quantile level {aggregate.QuantileLevel} of '{name}' must be between 0 and 1.");
                    }
                    // Each unit changes at most `groups` groups; permute-and-flip is ε-DP per group.
                    var perGroupEpsilon = budget.Measure == PrivacyMeasure.PureDp ? share / groups : Math.Sqrt(2 * share / groups);
                    mechanisms.Add(new AggregateMechanisms(null, null, perGroupEpsilon));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(aggregates));
            }
        }

        IntegerNoiseMechanism? selection = null;
        long threshold = 0;
        if (!keys.KeysArePublic)
        {
            selection = Mechanism(1);
            // A unit may be alone in up to `groups` groups; each such group may appear with probability ≤ δ/groups.
            var smallestReleasable = Math.Max(keys.MinimumUnits, 1);
            threshold = smallestReleasable + selection.SmallestTailAtMost(budget.Delta / groups);
            explanation.Add(string.Create(CultureInfo.InvariantCulture,
                $"Group keys come from the data, so a group is shown only if its noisy count of units reaches {threshold} (DP partition selection, δ = {budget.Delta:0.###e+0})."));
        }
        var cost = budget.Measure == PrivacyMeasure.PureDp
            ? PrivacyCost.Pure(budget.Epsilon, keys.KeysArePublic ? 0 : budget.Delta)
            : PrivacyCost.Zcdp(budget.Rho, keys.KeysArePublic ? 0 : budget.Delta);
        return new DpReleasePlan(aggregates, contribution, keys, cost, selection, threshold, mechanisms, random ?? SecureRandomSource.Instance)
        {
            Explanation = explanation,
        };
    }

    /// <summary>Decides whether a group whose keys came from the data is released (always true for public keys).</summary>
    public bool SelectGroup(long units)
    {
        if (_selection is null)
        {
            return true;
        }
        if (units < Keys.MinimumUnits)
        {
            return false;
        }
        return _selection.AddNoise(units, _random) >= _selectionThreshold;
    }

    /// <summary>Releases one group's aggregates with fresh noise.</summary>
    public IReadOnlyList<ReleasedValue> Release(DpGroupStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Aggregates.Count != Aggregates.Count)
        {
            throw new ArgumentException("One statistics entry per aggregate is expected.", nameof(statistics));
        }
        var released = new ReleasedValue[Aggregates.Count];
        for (var i = 0; i < released.Length; i++)
        {
            var spec = Aggregates[i];
            var stats = statistics.Aggregates[i];
            var mechanisms = _mechanisms[i];
            released[i] = spec.Kind switch
            {
                DpAggregateKind.CountRows => ReleaseCount(statistics.Rows, mechanisms.Primary!),
                DpAggregateKind.CountValues => ReleaseCount(stats.NonNullCount, mechanisms.Primary!),
                DpAggregateKind.Sum => ReleaseSum(stats.IntegerSum + (new BigInteger(stats.NonNullCount) * spec.Bounds!.OffsetSteps), spec.Bounds!,
                    mechanisms.Primary!),
                DpAggregateKind.Mean => ReleaseMean(stats, spec.Bounds!, mechanisms.Primary!, mechanisms.Secondary!),
                DpAggregateKind.Quantile => ReleaseQuantile(stats, spec, mechanisms.QuantileEpsilon),
                _ => throw new InvalidOperationException(),
            };
        }
        return released;
    }

    private ReleasedValue ReleaseCount(long count, IntegerNoiseMechanism mechanism)
    {
        // Clamping at zero is post-processing; the interval is clamped the same way.
        var noisy = Math.Max(0, (double)mechanism.AddNoise(count, _random));
        var k = mechanism.HalfWidth();
        return new ReleasedValue(noisy, new AccuracyInterval(Math.Max(0, noisy - k), noisy + k, AccuracyScale.Value, 0.95,
            string.Create(CultureInfo.InvariantCulture, $"The true count is within ±{k} of the released count with 95 % probability ({mechanism.Description}).")));
    }

    private ReleasedValue ReleaseSum(BigInteger integerSum, ValueBounds bounds, IntegerNoiseMechanism mechanism)
    {
        var granularity = bounds.Granularity;
        var noisy = (double)mechanism.AddNoise(integerSum, _random) * granularity;
        var halfWidth = mechanism.HalfWidth() * granularity;
        return new ReleasedValue(noisy, new AccuracyInterval(noisy - halfWidth, noisy + halfWidth, AccuracyScale.Value, 0.95,
            string.Create(CultureInfo.InvariantCulture,
                $"The true sum of values clamped to [{bounds.Lower}, {bounds.Upper}] is within ±{halfWidth:G6} with 95 % probability.")));
    }

    private ReleasedValue ReleaseMean(DpAggregateStatistics stats, ValueBounds bounds, IntegerNoiseMechanism sumMechanism,
        IntegerNoiseMechanism countMechanism)
    {
        var granularity = bounds.Granularity;
        var centredSteps = stats.IntegerSum + (new BigInteger(stats.NonNullCount) * (bounds.OffsetSteps - bounds.MidpointSteps));
        var midpoint = bounds.MidpointSteps * granularity;
        var sum = (double)sumMechanism.AddNoise(centredSteps, _random) * granularity;
        var count = (double)countMechanism.AddNoise(stats.NonNullCount, _random);
        var mean = Clamp(midpoint + (sum / Math.Max(1, count)), bounds);
        // Each part holds with 97.5 %, so both hold with at least 95 % (union bound).
        var a = sumMechanism.HalfWidth(0.975) * granularity;
        var b = countMechanism.HalfWidth(0.975);
        double[] sums = [sum - a, sum + a];
        double[] counts = [Math.Max(1, count - b), Math.Max(1, count + b)];
        var corners = sums.SelectMany(s => counts.Select(n => midpoint + (s / n))).ToArray();
        var lower = Clamp(corners.Min(), bounds);
        var upper = Clamp(corners.Max(), bounds);
        return new ReleasedValue(mean, new AccuracyInterval(lower, upper, AccuracyScale.Value, 0.95,
            string.Create(CultureInfo.InvariantCulture,
                $"The true mean of values clamped to [{bounds.Lower}, {bounds.Upper}] is between {lower:G6} and {upper:G6} with 95 % probability.")));
    }

    private ReleasedValue ReleaseQuantile(DpAggregateStatistics stats, DpAggregateSpec spec, double epsilon)
    {
        var bounds = spec.Bounds!;
        var bins = stats.QuantileBins ?? throw new ArgumentException("Quantile statistics need grid counts.");
        var index = PermuteAndFlip.SelectQuantileEdge(bins, spec.QuantileLevel, epsilon, Contribution.MaxRowsPerGroup, _random);
        var width = (bounds.Upper - bounds.Lower) / bins.Count;
        var value = bounds.Lower + (index * width);
        var rankError = PermuteAndFlip.RankErrorBound(bins.Count + 1, epsilon, Contribution.MaxRowsPerGroup, 0.05);
        return new ReleasedValue(value, new AccuracyInterval(-rankError, rankError, AccuracyScale.Rank, 0.95,
            string.Create(CultureInfo.InvariantCulture,
                $"With 95 % probability fewer than {rankError:0} values lie between the released value and the true {spec.QuantileLevel:0.###} quantile (to within one grid step of {width:G4}).")));
    }

    private static double Clamp(double value, ValueBounds bounds) => Math.Min(bounds.Upper, Math.Max(bounds.Lower, value));

    private sealed record AggregateMechanisms(IntegerNoiseMechanism? Primary, IntegerNoiseMechanism? Secondary, double QuantileEpsilon);
}
