using System.Globalization;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Anonymisation;

/// <summary>
/// A privacy model a release must satisfy. Models combine freely: a transformation is acceptable when every model
/// holds. Local models judge each equivalence class (a class that fails is suppressed, within the suppression limit);
/// global models judge the released classes as a whole.
/// </summary>
public abstract class PrivacyModel
{
    private protected PrivacyModel()
    {
    }

    /// <summary>The sensitive attribute the model protects, or null.</summary>
    public virtual string? SensitiveAttribute => null;

    /// <summary>True when the model judges classes one by one.</summary>
    public virtual bool IsLocal => true;

    /// <summary>True when, without suppression, a transformation that satisfies the model implies every more general
    /// one does, which lets the search prune.</summary>
    public virtual bool IsMonotonic => true;

    /// <summary>True when that also holds with suppression: merging a class that holds with one that fails (and was
    /// suppressed) must still hold. True for k-anonymity and distinct ℓ-diversity only.</summary>
    public virtual bool IsMonotonicWithSuppression => false;

    /// <summary>A short human-readable description, e.g. <c>5-anonymity</c>.</summary>
    public abstract string Describe();

    /// <inheritdoc />
    public override string ToString() => Describe();

    internal virtual bool IsSatisfiedBy(long classSize, in SensitiveHistogram histogram) => true;

    internal virtual bool IsSatisfiedBy(ReleasedClasses released) => true;

    internal virtual void Prepare(SensitiveDomain? domain)
    {
    }

    internal static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>k-anonymity: every released record shares its quasi-identifiers with at least k − 1 others.</summary>
public sealed class KAnonymity : PrivacyModel
{
    /// <summary>Creates the model.</summary>
    public KAnonymity(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
    }

    /// <summary>The minimal class size.</summary>
    public int K { get; }

    /// <inheritdoc />
    public override string Describe() => $"{K.ToString(CultureInfo.InvariantCulture)}-anonymity";

    /// <inheritdoc />
    public override bool IsMonotonicWithSuppression => true;

    internal override bool IsSatisfiedBy(long classSize, in SensitiveHistogram histogram) => classSize >= K;
}

/// <summary>Distinct ℓ-diversity: every class holds at least ℓ distinct values of the sensitive attribute.</summary>
public sealed class DistinctLDiversity : PrivacyModel
{
    /// <summary>Creates the model.</summary>
    public DistinctLDiversity(string sensitiveAttribute, int l)
    {
        ArgumentNullException.ThrowIfNull(sensitiveAttribute);
        ArgumentOutOfRangeException.ThrowIfLessThan(l, 1);
        SensitiveAttribute = sensitiveAttribute;
        L = l;
    }

    /// <inheritdoc />
    public override string SensitiveAttribute { get; }

    /// <summary>The minimal number of distinct sensitive values per class.</summary>
    public int L { get; }

    /// <inheritdoc />
    public override string Describe() => $"distinct {L.ToString(CultureInfo.InvariantCulture)}-diversity of {SensitiveAttribute}";

    /// <inheritdoc />
    public override bool IsMonotonicWithSuppression => true;

    internal override bool IsSatisfiedBy(long classSize, in SensitiveHistogram histogram) => histogram.Present.Length >= L;
}

/// <summary>Entropy ℓ-diversity: the entropy of the sensitive values in every class is at least log ℓ.</summary>
public sealed class EntropyLDiversity : PrivacyModel
{
    /// <summary>Creates the model.</summary>
    public EntropyLDiversity(string sensitiveAttribute, double l)
    {
        ArgumentNullException.ThrowIfNull(sensitiveAttribute);
        if (!(l >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(l), "ℓ must be at least 1.");
        }
        SensitiveAttribute = sensitiveAttribute;
        L = l;
    }

    /// <inheritdoc />
    public override string SensitiveAttribute { get; }

    /// <summary>ℓ.</summary>
    public double L { get; }

    /// <inheritdoc />
    public override string Describe() => $"entropy {Number(L)}-diversity of {SensitiveAttribute}";

    internal override bool IsSatisfiedBy(long classSize, in SensitiveHistogram histogram)
    {
        var entropy = 0d;
        foreach (var code in histogram.Present)
        {
            var p = histogram.Counts[code] / (double)classSize;
            entropy -= p * Math.Log(p);
        }
        // A tiny tolerance so a class whose entropy is exactly log ℓ (e.g. ℓ equally frequent values) passes.
        return entropy >= Math.Log(L) - 1e-12;
    }
}

/// <summary>Recursive (c,ℓ)-diversity: in every class the most frequent sensitive value occurs fewer than c times the
/// total count of the values from the ℓ-th most frequent on (r₁ &lt; c·(r_ℓ + … + r_m)).</summary>
public sealed class RecursiveCLDiversity : PrivacyModel
{
    /// <summary>Creates the model.</summary>
    public RecursiveCLDiversity(string sensitiveAttribute, double c, int l)
    {
        ArgumentNullException.ThrowIfNull(sensitiveAttribute);
        ArgumentOutOfRangeException.ThrowIfLessThan(l, 2);
        if (!(c > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(c), "c must be positive.");
        }
        SensitiveAttribute = sensitiveAttribute;
        C = c;
        L = l;
    }

    /// <inheritdoc />
    public override string SensitiveAttribute { get; }

    /// <summary>c.</summary>
    public double C { get; }

    /// <summary>ℓ.</summary>
    public int L { get; }

    /// <inheritdoc />
    public override string Describe() => $"recursive ({Number(C)},{L.ToString(CultureInfo.InvariantCulture)})-diversity of {SensitiveAttribute}";

    internal override bool IsSatisfiedBy(long classSize, in SensitiveHistogram histogram)
    {
        var m = histogram.Present.Length;
        if (m < L)
        {
            return false;
        }
        Span<long> counts = m <= 256 ? stackalloc long[m] : new long[m];
        for (var i = 0; i < m; i++)
        {
            counts[i] = histogram.Counts[histogram.Present[i]];
        }
        counts.Sort();
        counts.Reverse();
        long tail = 0;
        for (var i = L - 1; i < m; i++)
        {
            tail += counts[i];
        }
        return counts[0] < C * tail;
    }
}

/// <summary>How t-closeness measures the distance between a class's sensitive distribution and the whole table's.</summary>
public enum GroundDistance
{
    /// <summary>Earth mover's distance where every two values are at distance 1 (half the L1 distance).</summary>
    Equal,

    /// <summary>Earth mover's distance over the sensitive attribute's hierarchy (distance = height of the lowest common
    /// ancestor / hierarchy height).</summary>
    Hierarchical,

    /// <summary>Earth mover's distance over the values in order (numbers numerically, text ordinally), for ordinal
    /// attributes such as salaries.</summary>
    Ordered,
}

/// <summary>t-closeness: the distribution of the sensitive attribute in every class is within distance t of its
/// distribution in the whole table.</summary>
public sealed class TCloseness : PrivacyModel
{
    private SensitiveDomain? _domain;

    /// <summary>Creates the model. Hierarchical distance needs the sensitive attribute's hierarchy.</summary>
    public TCloseness(string sensitiveAttribute, double t, GroundDistance distance = GroundDistance.Equal,
        GeneralisationHierarchy? hierarchy = null)
    {
        ArgumentNullException.ThrowIfNull(sensitiveAttribute);
        if (!(t >= 0 && t <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(t), "t must be between 0 and 1.");
        }
        if (distance == GroundDistance.Hierarchical && hierarchy is null)
        {
            throw new ArgumentException("Hierarchical t-closeness needs a hierarchy for the sensitive attribute.", nameof(hierarchy));
        }
        SensitiveAttribute = sensitiveAttribute;
        T = t;
        Distance = distance;
        Hierarchy = hierarchy;
    }

    /// <inheritdoc />
    public override string SensitiveAttribute { get; }

    /// <summary>The largest distance allowed.</summary>
    public double T { get; }

    /// <summary>The ground distance.</summary>
    public GroundDistance Distance { get; }

    /// <summary>The sensitive attribute's hierarchy (hierarchical distance only).</summary>
    public GeneralisationHierarchy? Hierarchy { get; }

    /// <inheritdoc />
    public override string Describe() =>
        $"{Number(T)}-closeness of {SensitiveAttribute} ({Distance.ToString().ToLowerInvariant()} distance)";

    internal override void Prepare(SensitiveDomain? domain) => _domain = domain;

    internal override bool IsSatisfiedBy(long classSize, in SensitiveHistogram histogram)
    {
        var domain = _domain ?? throw new InvalidOperationException("t-closeness was not prepared.");
        var distance = Distance switch
        {
            GroundDistance.Equal => EqualDistance(domain, classSize, histogram),
            GroundDistance.Ordered => OrderedDistance(domain, classSize, histogram),
            _ => HierarchicalDistance(domain, classSize, histogram),
        };
        return distance <= T + 1e-12;
    }

    /// <summary>The distance of one class (exposed for tests and reports).</summary>
    internal double DistanceOf(SensitiveDomain domain, long classSize, in SensitiveHistogram histogram) => Distance switch
    {
        GroundDistance.Equal => EqualDistance(domain, classSize, histogram),
        GroundDistance.Ordered => OrderedDistance(domain, classSize, histogram),
        _ => HierarchicalDistance(domain, classSize, histogram),
    };

    private static double EqualDistance(SensitiveDomain domain, long classSize, in SensitiveHistogram histogram)
    {
        // ½ Σ |p − q| = Σ over values where the class has more than the table of (q − p).
        var sum = 0d;
        foreach (var code in histogram.Present)
        {
            var q = histogram.Counts[code] / (double)classSize;
            var p = domain.Distribution[code];
            if (q > p)
            {
                sum += q - p;
            }
        }
        return sum;
    }

    private static double OrderedDistance(SensitiveDomain domain, long classSize, in SensitiveHistogram histogram)
    {
        var order = domain.Order;
        if (order.Length <= 1)
        {
            return 0;
        }
        var cumulative = 0d;
        var sum = 0d;
        for (var rank = 0; rank < order.Length; rank++)
        {
            var code = order[rank];
            cumulative += histogram.Counts[code] / (double)classSize - domain.Distribution[code];
            sum += Math.Abs(cumulative);
        }
        return sum / (order.Length - 1);
    }

    private double HierarchicalDistance(SensitiveDomain domain, long classSize, in SensitiveHistogram histogram)
    {
        var hierarchy = Hierarchy!;
        var leafOf = domain.HierarchyLeaf!;
        var height = hierarchy.MaxLevel;
        if (height == 0)
        {
            return 0;
        }
        // extra(node) = Σ over leaves below of (class share − table share); cost(node) = level/height · min(positive, negative)
        // where positive/negative sum the children's extras by sign (Li, Li, Venkatasubramanian 2007).
        var below = new double[hierarchy.LeafCount];
        for (var leaf = 0; leaf < below.Length; leaf++)
        {
            below[leaf] = -domain.LeafDistribution![leaf];
        }
        foreach (var code in histogram.Present)
        {
            below[leafOf[code]] += histogram.Counts[code] / (double)classSize;
        }
        var distance = 0d;
        for (var level = 1; level <= height; level++)
        {
            var cardinality = hierarchy.Cardinality(level);
            var up = hierarchy.Upward(level - 1, level);
            var positive = new double[cardinality];
            var negative = new double[cardinality];
            var current = new double[cardinality];
            for (var child = 0; child < below.Length; child++)
            {
                var value = below[child];
                var parent = up[child];
                current[parent] += value;
                if (value > 0)
                {
                    positive[parent] += value;
                }
                else
                {
                    negative[parent] -= value;
                }
            }
            for (var node = 0; node < cardinality; node++)
            {
                distance += level / (double)height * Math.Min(positive[node], negative[node]);
            }
            below = current;
        }
        return distance;
    }
}

/// <summary>Average re-identification risk threshold: the released data's average prosecutor risk (classes ÷ released
/// records) is at most the threshold.</summary>
public sealed class AverageRiskThreshold : PrivacyModel
{
    /// <summary>Creates the model.</summary>
    public AverageRiskThreshold(double maximumAverageRisk)
    {
        if (!(maximumAverageRisk > 0 && maximumAverageRisk <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumAverageRisk), "The average risk threshold must be in (0, 1].");
        }
        MaximumAverageRisk = maximumAverageRisk;
    }

    /// <summary>The threshold.</summary>
    public double MaximumAverageRisk { get; }

    /// <inheritdoc />
    public override bool IsLocal => false;

    /// <inheritdoc />
    public override string Describe() => $"average risk ≤ {Number(MaximumAverageRisk)}";

    internal override bool IsSatisfiedBy(ReleasedClasses released) =>
        released.Records == 0 || released.Classes / (double)released.Records <= MaximumAverageRisk + 1e-12;
}

/// <summary>Sample uniqueness threshold: the share of all records that are unique in the released data is at most the
/// threshold.</summary>
public sealed class SampleUniquenessThreshold : PrivacyModel
{
    /// <summary>Creates the model.</summary>
    public SampleUniquenessThreshold(double maximumFraction)
    {
        if (!(maximumFraction >= 0 && maximumFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumFraction), "The uniqueness threshold must be in [0, 1].");
        }
        MaximumFraction = maximumFraction;
    }

    /// <summary>The threshold.</summary>
    public double MaximumFraction { get; }

    /// <inheritdoc />
    public override bool IsLocal => false;

    /// <inheritdoc />
    public override string Describe() => $"sample uniqueness ≤ {Number(MaximumFraction)}";

    internal override bool IsSatisfiedBy(ReleasedClasses released) =>
        released.TotalRecords == 0 || released.ClassesOfSize(1) / (double)released.TotalRecords <= MaximumFraction + 1e-12;
}

/// <summary>Population uniqueness threshold: the estimated share of the population that is unique on the released
/// quasi-identifiers (Pitman, Zayatz, SNB or Dankar's rule) is at most the threshold.</summary>
public sealed class PopulationUniquenessThreshold : PrivacyModel
{
    /// <summary>Creates the model.</summary>
    public PopulationUniquenessThreshold(double maximumFraction, long populationSize,
        PopulationUniquenessModel model = PopulationUniquenessModel.Dankar)
    {
        if (!(maximumFraction >= 0 && maximumFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumFraction), "The uniqueness threshold must be in [0, 1].");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(populationSize, 1);
        MaximumFraction = maximumFraction;
        PopulationSize = populationSize;
        Model = model;
    }

    /// <summary>The threshold.</summary>
    public double MaximumFraction { get; }

    /// <summary>The size of the population the data were drawn from.</summary>
    public long PopulationSize { get; }

    /// <summary>The estimator.</summary>
    public PopulationUniquenessModel Model { get; }

    /// <inheritdoc />
    public override bool IsLocal => false;

    /// <inheritdoc />
    public override bool IsMonotonic => false;

    /// <inheritdoc />
    public override string Describe() => $"population uniqueness ({Model}) ≤ {Number(MaximumFraction)}";

    internal override bool IsSatisfiedBy(ReleasedClasses released)
    {
        if (released.ClassesOfSize(1) == 0)
        {
            return true;
        }
        var estimate = PopulationUniqueness.Estimate(released.SizeHistogram(), Math.Max(PopulationSize, released.Records));
        return estimate.FractionFor(Model) <= MaximumFraction + 1e-12;
    }
}

/// <summary>The sensitive values of one class: dense counts indexed by code, and the codes present.</summary>
internal readonly ref struct SensitiveHistogram(long[] counts, ReadOnlySpan<int> present)
{
    public long[] Counts { get; } = counts;

    public ReadOnlySpan<int> Present { get; } = present;
}

/// <summary>What the models need to know about a sensitive attribute over the whole table.</summary>
internal sealed class SensitiveDomain
{
    public SensitiveDomain(IReadOnlyList<string> dictionary, long[] counts, long total, GeneralisationHierarchy? hierarchy)
    {
        Dictionary = dictionary;
        Distribution = new double[counts.Length];
        for (var code = 0; code < counts.Length; code++)
        {
            Distribution[code] = total == 0 ? 0 : counts[code] / (double)total;
        }
        var present = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        var numeric = present.All(c => double.TryParse(dictionary[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        Order = numeric
            ? [.. present.OrderBy(c => double.Parse(dictionary[c], CultureInfo.InvariantCulture)).ThenBy(c => dictionary[c], StringComparer.Ordinal)]
            : [.. present.OrderBy(c => dictionary[c], StringComparer.Ordinal)];
        if (hierarchy is not null)
        {
            HierarchyLeaf = new int[dictionary.Count];
            LeafDistribution = new double[hierarchy.LeafCount];
            var missing = new List<string>();
            for (var code = 0; code < dictionary.Count; code++)
            {
                var leaf = hierarchy.LeafIndexOf(dictionary[code]);
                if (leaf < 0)
                {
                    if (counts[code] > 0)
                    {
                        missing.Add(dictionary[code]);
                    }
                    continue;
                }
                HierarchyLeaf[code] = leaf;
                LeafDistribution[leaf] += Distribution[code];
            }
            if (missing.Count > 0)
            {
                throw new HierarchyException(string.Create(CultureInfo.InvariantCulture,
                    $"{hierarchy.Attribute}: {missing.Count} value(s) are not in the hierarchy: {EncodedColumn.Describe(missing)}."));
            }
        }
    }

    public IReadOnlyList<string> Dictionary { get; }

    public double[] Distribution { get; }

    /// <summary>Codes present in the table, in value order (for ordered distance).</summary>
    public int[] Order { get; }

    public int[]? HierarchyLeaf { get; }

    public double[]? LeafDistribution { get; }
}

/// <summary>The released (not suppressed) classes of a transformation, for global models.</summary>
internal sealed class ReleasedClasses(long records, long totalRecords, int classes, Func<SortedDictionary<long, long>> histogram)
{
    private SortedDictionary<long, long>? _histogram;

    public long Records { get; } = records;

    public long TotalRecords { get; } = totalRecords;

    public int Classes { get; } = classes;

    public SortedDictionary<long, long> SizeHistogram() => _histogram ??= histogram();

    public long ClassesOfSize(long size) => SizeHistogram().TryGetValue(size, out var count) ? count : 0;
}
