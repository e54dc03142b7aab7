using System.Buffers;
using System.Globalization;

namespace Agora.Privacy.Anonymisation;

/// <summary>Distinct combinations of quasi-identifier codes (at some levels) and sensitive codes, with their counts.
/// Evaluating a transformation groups these tuples instead of the rows; tuples of an evaluated transformation can be
/// rolled up further, so evaluations get cheaper as the search climbs.</summary>
internal sealed class FrequencySet(int[] levels, int[][] codes, int[][] sensitive, int[] counts, int count)
{
    public int[] Levels { get; } = levels;

    public int[][] Codes { get; } = codes;

    public int[][] Sensitive { get; } = sensitive;

    public int[] Counts { get; } = counts;

    public int Count { get; } = count;

    /// <summary>When the set was last stored or used as a source (the cache's clock), for least-recently-used
    /// eviction. Guarded by the cache's lock.</summary>
    public long LastUsed { get; set; }

    public bool Below(int[] levels)
    {
        for (var q = 0; q < levels.Length; q++)
        {
            if (Levels[q] > levels[q])
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>Everything the search needs, prepared once from the request: hierarchies, the bottom frequency set, models,
/// and the per-level sums that give cheap lower bounds.</summary>
internal sealed class PreparedProblem
{
    public PreparedProblem(AnonymisationRequest request)
    {
        var qis = request.QuasiIdentifiers;
        if (qis.Count == 0)
        {
            throw new AnonymisationException("At least one quasi-identifier is needed.");
        }
        if (request.Models.Count == 0)
        {
            throw new AnonymisationException("At least one privacy model is needed.");
        }
        if (!(request.SuppressionLimit >= 0 && request.SuppressionLimit <= 1))
        {
            throw new AnonymisationException("The suppression limit must be between 0 and 1.");
        }
        Rows = qis[0].Column.RowCount;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in qis.Select(q => q.Column).Concat(request.SensitiveAttributes).Concat(request.Microaggregation.Select(m => m.Column)))
        {
            if (!names.Add(column.Name))
            {
                throw new AnonymisationException($"Attribute '{column.Name}' is given twice (an attribute is a quasi-identifier, sensitive or microaggregated, not several).");
            }
            if (column.RowCount != Rows)
            {
                throw new AnonymisationException($"Column '{column.Name}' has {column.RowCount} rows, the others {Rows}.");
            }
        }
        if (Rows == 0)
        {
            throw new AnonymisationException("The table has no rows.");
        }
        Dimensions = qis.Count;
        Hierarchies = [.. qis.Select(q => q.Hierarchy)];
        MinLevels = [.. qis.Select(q => q.MinLevel)];
        MaxLevels = [.. qis.Select(q => q.MaxLevel)];
        Metric = request.Metric;
        SuppressionLimit = (long)Math.Floor(request.SuppressionLimit * Rows + 1e-9);

        // Map each column's dictionary to hierarchy leaves, listing every value the hierarchy lacks.
        var leafMaps = new int[Dimensions][];
        for (var q = 0; q < Dimensions; q++)
        {
            var column = qis[q].Column;
            var used = new bool[column.Dictionary.Count];
            foreach (var code in column.Codes)
            {
                used[code] = true;
            }
            var map = new int[column.Dictionary.Count];
            var missing = new List<string>();
            for (var code = 0; code < map.Length; code++)
            {
                map[code] = Hierarchies[q].LeafIndexOf(column.Dictionary[code]);
                if (map[code] < 0)
                {
                    map[code] = 0;
                    if (used[code])
                    {
                        missing.Add(column.Dictionary[code]);
                    }
                }
            }
            if (missing.Count > 0)
            {
                throw new HierarchyException(string.Create(CultureInfo.InvariantCulture,
                    $"{column.Name}: {missing.Count} value(s) are not in the hierarchy: {EncodedColumn.Describe(missing)}."));
            }
            leafMaps[q] = map;
        }

        // Models and the sensitive attributes they use.
        var sensitiveNames = new List<string>();
        foreach (var model in request.Models)
        {
            if (model is KAnonymity anonymity && anonymity.K > Rows)
            {
                throw new AnonymisationException(string.Create(CultureInfo.InvariantCulture,
                    $"k = {anonymity.K} is larger than the number of rows ({Rows}); no release can be {anonymity.K}-anonymous."));
            }
            if (model.SensitiveAttribute is { } attribute && !sensitiveNames.Contains(attribute))
            {
                if (!request.SensitiveAttributes.Any(s => s.Name == attribute))
                {
                    throw new AnonymisationException($"{model.Describe()}: '{attribute}' is not given as a sensitive attribute.");
                }
                sensitiveNames.Add(attribute);
            }
        }
        var sensitiveColumns = sensitiveNames.Select(n => request.SensitiveAttributes.First(s => s.Name == n)).ToArray();
        SensitiveCardinalities = [.. sensitiveColumns.Select(c => c.Dictionary.Count)];
        var domains = new SensitiveDomain[sensitiveColumns.Length];
        for (var s = 0; s < sensitiveColumns.Length; s++)
        {
            var counts = new long[sensitiveColumns[s].Dictionary.Count];
            foreach (var code in sensitiveColumns[s].Codes)
            {
                counts[code]++;
            }
            var hierarchy = request.Models.OfType<TCloseness>().FirstOrDefault(t => t.SensitiveAttribute == sensitiveNames[s] && t.Hierarchy is not null)?.Hierarchy;
            domains[s] = new SensitiveDomain(sensitiveColumns[s].Dictionary, counts, Rows, hierarchy);
        }
        foreach (var model in request.Models)
        {
            var index = model.SensitiveAttribute is null ? -1 : sensitiveNames.IndexOf(model.SensitiveAttribute);
            model.Prepare(index < 0 ? null : domains[index]);
        }
        LocalModels = [.. request.Models.Where(m => m.IsLocal)];
        LocalModelSensitive = [.. LocalModels.Select(m => m.SensitiveAttribute is null ? -1 : sensitiveNames.IndexOf(m.SensitiveAttribute))];
        GlobalModels = [.. request.Models.Where(m => !m.IsLocal)];
        AllMonotonic = request.Models.All(m => SuppressionLimit == 0 ? m.IsMonotonic : m.IsMonotonicWithSuppression);

        // The bottom frequency set: distinct (leaf codes, sensitive codes) with counts.
        var columns = qis.Select(q => q.Column.Codes).Concat(sensitiveColumns.Select(c => c.Codes)).ToArray();
        var cardinalities = Hierarchies.Select(h => h.LeafCount).Concat(SensitiveCardinalities).ToArray();
        var maps = leafMaps.Cast<int[]?>().Concat(sensitiveColumns.Select(_ => (int[]?)null)).ToArray();
        var grouping = RowGrouping.Group(columns, cardinalities, Rows, maps);
        var tuples = grouping.Groups;
        RowToTuple = grouping.GroupOf.AsSpan(0, Rows).ToArray();
        grouping.Release();
        var codes = new int[Dimensions][];
        for (var q = 0; q < Dimensions; q++)
        {
            codes[q] = new int[tuples];
            for (var t = 0; t < tuples; t++)
            {
                codes[q][t] = leafMaps[q][qis[q].Column.Codes[grouping.Firsts[t]]];
            }
        }
        var sensitive = new int[sensitiveColumns.Length][];
        for (var s = 0; s < sensitive.Length; s++)
        {
            sensitive[s] = new int[tuples];
            for (var t = 0; t < tuples; t++)
            {
                sensitive[s][t] = sensitiveColumns[s].Codes[grouping.Firsts[t]];
            }
        }
        var tupleCounts = new int[tuples];
        for (var t = 0; t < tuples; t++)
        {
            tupleCounts[t] = (int)grouping.Sizes[t];
        }
        Base = new FrequencySet(new int[Dimensions], codes, sensitive, tupleCounts, tuples);

        // Per attribute and level: Σ over records of the leaves their label covers (Loss bound), and of log₂ of their
        // label's frequency (entropy).
        LeafFrequency = new long[Dimensions][];
        LossSums = new long[Dimensions][];
        EntropySums = new double[Dimensions][];
        LevelLogFrequency = new double[Dimensions][][];
        LeafEntropyConstant = new double[Dimensions];
        for (var q = 0; q < Dimensions; q++)
        {
            var hierarchy = Hierarchies[q];
            var frequency = new long[hierarchy.LeafCount];
            for (var t = 0; t < tuples; t++)
            {
                frequency[codes[q][t]] += tupleCounts[t];
            }
            LeafFrequency[q] = frequency;
            LossSums[q] = new long[hierarchy.Levels];
            EntropySums[q] = new double[hierarchy.Levels];
            LevelLogFrequency[q] = new double[hierarchy.Levels][];
            for (var leaf = 0; leaf < frequency.Length; leaf++)
            {
                if (frequency[leaf] > 0)
                {
                    LeafEntropyConstant[q] += frequency[leaf] * Math.Log2(frequency[leaf]);
                }
            }
            for (var level = 0; level < hierarchy.Levels; level++)
            {
                var labelFrequency = new long[hierarchy.Cardinality(level)];
                var map = hierarchy.GeneralisationMap(level);
                for (var leaf = 0; leaf < frequency.Length; leaf++)
                {
                    labelFrequency[map[leaf]] += frequency[leaf];
                    LossSums[q][level] += frequency[leaf] * hierarchy.LeavesCovered(level, map[leaf]);
                }
                var logs = new double[labelFrequency.Length];
                for (var code = 0; code < logs.Length; code++)
                {
                    logs[code] = labelFrequency[code] > 0 ? Math.Log2(labelFrequency[code]) : 0;
                }
                LevelLogFrequency[q][level] = logs;
                var sum = 0d;
                for (var leaf = 0; leaf < frequency.Length; leaf++)
                {
                    sum += frequency[leaf] * logs[map[leaf]];
                }
                EntropySums[q][level] = sum;
            }
        }
    }

    public int Rows { get; }

    public int Dimensions { get; }

    public GeneralisationHierarchy[] Hierarchies { get; }

    public int[] MinLevels { get; }

    public int[] MaxLevels { get; }

    public QualityMetric Metric { get; }

    public long SuppressionLimit { get; }

    public int[] SensitiveCardinalities { get; }

    public PrivacyModel[] LocalModels { get; }

    public int[] LocalModelSensitive { get; }

    public PrivacyModel[] GlobalModels { get; }

    public bool AllMonotonic { get; }

    public FrequencySet Base { get; }

    public int[] RowToTuple { get; }

    public long[][] LeafFrequency { get; }

    public long[][] LossSums { get; }

    public double[][] EntropySums { get; }

    public double[][][] LevelLogFrequency { get; }

    public double[] LeafEntropyConstant { get; }

    /// <summary>True when the metric never decreases as any level increases, so an anonymous transformation's
    /// successors can be skipped.</summary>
    public bool MetricIsMonotonic => Metric is QualityMetric.Height or QualityMetric.DiscernibilityStar;

    /// <summary>True when <see cref="LowerBound"/> gives a bound without evaluating the transformation.</summary>
    public bool HasLowerBound => Metric is QualityMetric.Loss or QualityMetric.Precision or QualityMetric.Height or QualityMetric.NonUniformEntropy;

    /// <summary>A lower bound of the metric (its value if nothing were suppressed) that never decreases as levels rise.</summary>
    public double LowerBound(int[] levels)
    {
        switch (Metric)
        {
            case QualityMetric.Loss:
                Span<double> losses = stackalloc double[Dimensions];
                for (var q = 0; q < Dimensions; q++)
                {
                    losses[q] = LossOf(q, LossSums[q][levels[q]], 0);
                }
                return AggregateLoss(losses);
            case QualityMetric.Precision:
                return PrecisionOf(levels, 0);
            case QualityMetric.Height:
                return levels.Sum();
            case QualityMetric.NonUniformEntropy:
                var entropy = 0d;
                for (var q = 0; q < Dimensions; q++)
                {
                    entropy += EntropySums[q][levels[q]] - LeafEntropyConstant[q];
                }
                return entropy;
            default:
                return 0;
        }
    }

    /// <summary>ARX's normalised Loss of one attribute: (Σ shares of released values + suppressed − min) / (N − min),
    /// min = N / domain size, computed exactly from integers and truncated to 10 digits as ARX does.</summary>
    public double LossOf(int q, long coveredByReleased, long suppressed)
    {
        long leaves = Hierarchies[q].LeafCount;
        long n = Rows;
        if (leaves <= 1)
        {
            return 0;
        }
        var numerator = coveredByReleased + suppressed * leaves - n;
        var denominator = n * leaves - n;
        var result = numerator / (double)denominator;
        result = result >= 0 ? result : 0;
        return Math.Floor(result * 1e10) / 1e10;
    }

    public static double AggregateLoss(ReadOnlySpan<double> losses)
    {
        var result = 1d;
        for (var i = 0; i < losses.Length; i++)
        {
            result *= Math.Pow(losses[i] + 1d, 1d / losses.Length);
        }
        return result - 1d;
    }

    public double PrecisionOf(int[] levels, long suppressed)
    {
        var sum = 0d;
        for (var q = 0; q < Dimensions; q++)
        {
            var height = Hierarchies[q].MaxLevel;
            var share = height == 0 ? 0 : levels[q] / (double)height;
            sum += ((Rows - suppressed) * share + suppressed) / Rows;
        }
        return sum / Dimensions;
    }
}

/// <summary>The outcome of evaluating one transformation.</summary>
internal sealed class NodeEvaluation
{
    public required int[] Levels { get; init; }

    public bool Anonymous { get; init; }

    /// <summary>Records in classes that fail a local model.</summary>
    public long Suppressed { get; init; }

    public int Classes { get; init; }

    public long MinClassSize { get; init; }

    public double Score { get; init; } = double.PositiveInfinity;

    /// <summary>Filled on request: the quality under every metric.</summary>
    public QualityReport? Quality { get; init; }

    /// <summary>Filled on request: class of each bottom tuple, and per class its size, whether it is released, and a
    /// representative tuple.</summary>
    public int[]? TupleClass { get; init; }

    public long[]? ClassSizes { get; init; }

    public bool[]? ClassReleased { get; init; }

    public int[]? ClassFirstTuple { get; init; }

    public string? Violation { get; init; }
}

/// <summary>
/// Rolled-up frequency sets kept for later evaluations, shared by the evaluators of one search (thread-safe). An
/// evaluation groups the smallest cached set below its transformation instead of the bottom set. Sets are evicted least
/// recently used first: the search moves through the lattice, so the sets it made or used last are the ones below what
/// it evaluates next (evicting the largest instead filled the cache with the small sets of high transformations, which
/// are below almost nothing, and most evaluations fell back to the bottom set). Bounded in sets and in tuples.
/// </summary>
internal sealed class FrequencySetCache(FrequencySet bottom)
{
    private const int MaxSets = 256;
    private readonly Lock _gate = new();
    private readonly List<FrequencySet> _sets = [];
    private readonly long _tupleBudget = Math.Max(8L * bottom.Count, 1 << 20);
    private long _clock;
    private long _tuples;

    /// <summary>The smallest set at or below <paramref name="levels"/> (the bottom set when none is cached).</summary>
    public FrequencySet SourceFor(int[] levels)
    {
        lock (_gate)
        {
            var best = bottom;
            foreach (var candidate in _sets)
            {
                if (candidate.Count < best.Count && candidate.Below(levels))
                {
                    best = candidate;
                }
            }
            best.LastUsed = ++_clock;
            return best;
        }
    }

    public void Add(FrequencySet set)
    {
        lock (_gate)
        {
            while (_sets.Count > 0 && (_sets.Count >= MaxSets || _tuples + set.Count > _tupleBudget))
            {
                var oldest = _sets[0];
                foreach (var candidate in _sets)
                {
                    if (candidate.LastUsed < oldest.LastUsed)
                    {
                        oldest = candidate;
                    }
                }
                _sets.Remove(oldest);
                _tuples -= oldest.Count;
            }
            set.LastUsed = ++_clock;
            _sets.Add(set);
            _tuples += set.Count;
        }
    }
}

/// <summary>Evaluates transformations: groups tuples into classes, applies the models and the suppression limit, and
/// scores the result. The result depends only on the transformation, never on which cached set it was rolled up from.
/// Not thread-safe (it keeps scratch buffers): one per thread; the cache may be shared.</summary>
internal sealed class NodeEvaluator
{
    private readonly PreparedProblem _problem;
    private readonly FrequencySetCache _cache;
    private readonly long[][] _histograms;
    private readonly List<int>[] _present;
    private readonly int[][] _presentBuffers;
    private int[]? _lastFromBottom;
    private int _uselessIntermediates;

    public NodeEvaluator(PreparedProblem problem, FrequencySetCache? cache = null)
    {
        _problem = problem;
        _cache = cache ?? new FrequencySetCache(problem.Base);
        _histograms = [.. problem.SensitiveCardinalities.Select(c => new long[c])];
        _present = [.. problem.SensitiveCardinalities.Select(_ => new List<int>())];
        _presentBuffers = [.. problem.SensitiveCardinalities.Select(c => new int[c])];
    }

    public long Evaluations { get; private set; }

    public NodeEvaluation Evaluate(int[] levels, bool detailed = false)
    {
        Evaluations++;
        var problem = _problem;
        var source = detailed ? problem.Base : SourceFor(levels);
        if (!detailed && ReferenceEquals(source, problem.Base))
        {
            source = IntermediateFor(levels) ?? source;
        }
        var d = problem.Dimensions;
        var grouping = GroupAt(levels, source);
        try
        {
            var classes = grouping.Groups;
            var sizes = grouping.Sizes;
            var released = new bool[classes];
            var needsHistograms = problem.LocalModelSensitive.Any(s => s >= 0);
            if (!needsHistograms)
            {
                var empty = new SensitiveHistogram([], default);
                for (var c = 0; c < classes; c++)
                {
                    var ok = true;
                    foreach (var model in problem.LocalModels)
                    {
                        if (!model.IsSatisfiedBy(sizes[c], empty))
                        {
                            ok = false;
                            break;
                        }
                    }
                    released[c] = ok;
                }
            }
            else
            {
                CheckWithHistograms(source, grouping, released);
            }
            long suppressed = 0;
            var releasedClasses = 0;
            var minimum = long.MaxValue;
            for (var c = 0; c < classes; c++)
            {
                if (released[c])
                {
                    releasedClasses++;
                    minimum = Math.Min(minimum, sizes[c]);
                }
                else
                {
                    suppressed += sizes[c];
                }
            }
            if (minimum == long.MaxValue)
            {
                minimum = 0;
            }
            if (!detailed)
            {
                // Cached whether or not the transformation is anonymous: lower, non-anonymous transformations are the
                // best sources for evaluating the ones above them.
                MaybeCache(levels, source, grouping);
            }
            if (suppressed > problem.SuppressionLimit)
            {
                return new NodeEvaluation
                {
                    Levels = levels,
                    Anonymous = false,
                    Suppressed = suppressed,
                    Classes = releasedClasses,
                    MinClassSize = minimum,
                    Violation = string.Create(CultureInfo.InvariantCulture,
                        $"{suppressed} records would have to be suppressed, more than the limit of {problem.SuppressionLimit}"),
                };
            }
            var globalOk = true;
            string? violation = null;
            if (problem.GlobalModels.Length > 0)
            {
                var view = new ReleasedClasses(problem.Rows - suppressed, problem.Rows, releasedClasses, () =>
                {
                    var histogram = new SortedDictionary<long, long>();
                    for (var c = 0; c < classes; c++)
                    {
                        if (released[c])
                        {
                            histogram[sizes[c]] = histogram.TryGetValue(sizes[c], out var n) ? n + 1 : 1;
                        }
                    }
                    return histogram;
                });
                foreach (var model in problem.GlobalModels)
                {
                    if (!model.IsSatisfiedBy(view))
                    {
                        globalOk = false;
                        violation = model.Describe() + " does not hold";
                        break;
                    }
                }
            }
            var quality = globalOk ? Quality(levels, source, grouping, released, suppressed, releasedClasses, detailed) : null;
            var score = quality is null ? double.PositiveInfinity : quality.Of(problem.Metric);
            return new NodeEvaluation
            {
                Levels = levels,
                Anonymous = globalOk,
                Suppressed = suppressed,
                Classes = releasedClasses,
                MinClassSize = minimum,
                Score = score,
                Quality = quality,
                TupleClass = detailed ? grouping.GroupOf.AsSpan(0, source.Count).ToArray() : null,
                ClassSizes = detailed ? sizes.AsSpan(0, classes).ToArray() : null,
                ClassReleased = detailed ? released : null,
                ClassFirstTuple = detailed ? grouping.Firsts.AsSpan(0, classes).ToArray() : null,
                Violation = violation,
            };
        }
        finally
        {
            grouping.Release();
        }
    }

    private void CheckWithHistograms(FrequencySet source, Grouping grouping, bool[] released)
    {
        var problem = _problem;
        var classes = grouping.Groups;
        // Counting sort of tuples by class (CSR), then one pass per class over its tuples.
        var start = ArrayPool<int>.Shared.Rent(classes + 1);
        var order = ArrayPool<int>.Shared.Rent(Math.Max(1, source.Count));
        try
        {
            Array.Clear(start, 0, classes + 1);
            for (var t = 0; t < source.Count; t++)
            {
                start[grouping.GroupOf[t] + 1]++;
            }
            for (var c = 0; c < classes; c++)
            {
                start[c + 1] += start[c];
            }
            var fill = ArrayPool<int>.Shared.Rent(classes);
            Array.Copy(start, fill, classes);
            for (var t = 0; t < source.Count; t++)
            {
                order[fill[grouping.GroupOf[t]]++] = t;
            }
            ArrayPool<int>.Shared.Return(fill);
            var sensitiveCount = problem.SensitiveCardinalities.Length;
            for (var c = 0; c < classes; c++)
            {
                for (var s = 0; s < sensitiveCount; s++)
                {
                    var histogram = _histograms[s];
                    var present = _present[s];
                    var codes = source.Sensitive[s];
                    for (var i = start[c]; i < start[c + 1]; i++)
                    {
                        var t = order[i];
                        var code = codes[t];
                        if (histogram[code] == 0)
                        {
                            present.Add(code);
                        }
                        histogram[code] += source.Counts[t];
                    }
                }
                var ok = true;
                for (var m = 0; m < problem.LocalModels.Length && ok; m++)
                {
                    var s = problem.LocalModelSensitive[m];
                    if (s < 0)
                    {
                        ok = problem.LocalModels[m].IsSatisfiedBy(grouping.Sizes[c], new SensitiveHistogram([], default));
                    }
                    else
                    {
                        var buffer = _presentBuffers[s];
                        _present[s].CopyTo(buffer);
                        ok = problem.LocalModels[m].IsSatisfiedBy(grouping.Sizes[c],
                            new SensitiveHistogram(_histograms[s], buffer.AsSpan(0, _present[s].Count)));
                    }
                }
                released[c] = ok;
                for (var s = 0; s < sensitiveCount; s++)
                {
                    foreach (var code in _present[s])
                    {
                        _histograms[s][code] = 0;
                    }
                    _present[s].Clear();
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(start);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    private QualityReport Quality(int[] levels, FrequencySet source, Grouping grouping, bool[] released, long suppressed,
        int releasedClasses, bool all)
    {
        var problem = _problem;
        var d = problem.Dimensions;
        var classes = grouping.Groups;
        var metric = problem.Metric;
        double loss = double.NaN, dm = double.NaN, dmStar = double.NaN, aecs = double.NaN, precision = double.NaN,
            height = double.NaN, entropy = double.NaN;
        if (all || metric == QualityMetric.Loss || metric == QualityMetric.NonUniformEntropy)
        {
            Span<long> covered = stackalloc long[d];
            Span<double> logSums = stackalloc double[d];
            covered.Clear();
            logSums.Clear();
            var ups = new int[]?[d];
            var leavesCovered = new int[d][];
            for (var q = 0; q < d; q++)
            {
                ups[q] = source.Levels[q] == levels[q] ? null : problem.Hierarchies[q].Upward(source.Levels[q], levels[q]);
            }
            for (var c = 0; c < classes; c++)
            {
                if (!released[c])
                {
                    continue;
                }
                var first = grouping.Firsts[c];
                var size = grouping.Sizes[c];
                for (var q = 0; q < d; q++)
                {
                    var code = source.Codes[q][first];
                    var label = ups[q] is { } up ? up[code] : code;
                    covered[q] += size * problem.Hierarchies[q].LeavesCovered(levels[q], label);
                    logSums[q] += size * problem.LevelLogFrequency[q][levels[q]][label];
                }
            }
            Span<double> losses = stackalloc double[d];
            var logN = Math.Log2(problem.Rows);
            entropy = 0;
            for (var q = 0; q < d; q++)
            {
                losses[q] = problem.LossOf(q, covered[q], suppressed);
                entropy += logSums[q] + suppressed * logN - problem.LeafEntropyConstant[q];
            }
            loss = PreparedProblem.AggregateLoss(losses);
        }
        if (all || metric is QualityMetric.Discernibility or QualityMetric.DiscernibilityStar or QualityMetric.AverageClassSize)
        {
            long squares = 0;
            long allSquares = 0;
            for (var c = 0; c < classes; c++)
            {
                var size = grouping.Sizes[c];
                allSquares += size * size;
                if (released[c])
                {
                    squares += size * size;
                }
            }
            dm = squares + (double)suppressed * problem.Rows;
            dmStar = allSquares;
            aecs = problem.Rows / (double)(releasedClasses + (suppressed > 0 ? 1 : 0));
        }
        precision = problem.PrecisionOf(levels, suppressed);
        height = levels.Sum();
        return new QualityReport(loss, dm, dmStar, aecs, precision, height, entropy);
    }

    private FrequencySet SourceFor(int[] levels) => _cache.SourceFor(levels);

    private Grouping GroupAt(int[] levels, FrequencySet source)
    {
        var problem = _problem;
        var d = problem.Dimensions;
        var columns = new int[d][];
        var maps = new int[]?[d];
        var cardinalities = new int[d];
        for (var q = 0; q < d; q++)
        {
            columns[q] = source.Codes[q];
            maps[q] = source.Levels[q] == levels[q] ? null : problem.Hierarchies[q].Upward(source.Levels[q], levels[q]);
            cardinalities[q] = problem.Hierarchies[q].Cardinality(levels[q]);
        }
        return RowGrouping.Group(columns, cardinalities, source.Count, maps, source.Counts);
    }

    // Nothing cached lies below this transformation, so it would group the bottom set. The transformations the search
    // evaluates one after another share much (each probe starts near the previous one), so the meet of this one and the
    // last one that fell back to the bottom set (the lowest level of each attribute) is often below the next few as
    // well: it is grouped once from the bottom set and cached, and this and later evaluations roll up from it.
    private FrequencySet? IntermediateFor(int[] levels)
    {
        var previous = _lastFromBottom;
        _lastFromBottom = levels;
        if (previous is null || _uselessIntermediates >= 3)
        {
            // After a few meets that did not shrink the bottom set enough to be kept, stop paying for them.
            return null;
        }
        var bottom = _problem.Base;
        var meet = new int[levels.Length];
        bool belowTarget = false, aboveBottom = false;
        for (var q = 0; q < levels.Length; q++)
        {
            meet[q] = Math.Min(levels[q], previous[q]);
            belowTarget |= meet[q] < levels[q];
            aboveBottom |= meet[q] > bottom.Levels[q];
        }
        if (!belowTarget || !aboveBottom)
        {
            return null;
        }
        var grouping = GroupAt(meet, bottom);
        try
        {
            var intermediate = MaybeCache(meet, bottom, grouping);
            _uselessIntermediates = intermediate is null ? _uselessIntermediates + 1 : 0;
            return intermediate;
        }
        finally
        {
            grouping.Release();
        }
    }

    private FrequencySet? MaybeCache(int[] levels, FrequencySet source, Grouping grouping)
    {
        var problem = _problem;
        if (grouping.Groups * 4L > source.Count * 3L)
        {
            return null;
        }
        var d = problem.Dimensions;
        int[][] codes;
        int[][] sensitive;
        int[] counts;
        int count;
        if (problem.SensitiveCardinalities.Length == 0)
        {
            count = grouping.Groups;
            codes = new int[d][];
            for (var q = 0; q < d; q++)
            {
                var up = source.Levels[q] == levels[q] ? null : problem.Hierarchies[q].Upward(source.Levels[q], levels[q]);
                var column = new int[count];
                var sourceCodes = source.Codes[q];
                for (var c = 0; c < count; c++)
                {
                    var code = sourceCodes[grouping.Firsts[c]];
                    column[c] = up is null ? code : up[code];
                }
                codes[q] = column;
            }
            sensitive = [];
            counts = new int[count];
            for (var c = 0; c < count; c++)
            {
                counts[c] = (int)grouping.Sizes[c];
            }
        }
        else
        {
            // Group by (class, sensitive codes) so the rolled-up set still carries the sensitive distributions.
            var columns = new int[1 + problem.SensitiveCardinalities.Length][];
            columns[0] = grouping.GroupOf;
            var cardinalities = new int[columns.Length];
            cardinalities[0] = grouping.Groups;
            for (var s = 0; s < problem.SensitiveCardinalities.Length; s++)
            {
                columns[s + 1] = source.Sensitive[s];
                cardinalities[s + 1] = problem.SensitiveCardinalities[s];
            }
            var pairs = RowGrouping.Group(columns, cardinalities, source.Count, null, source.Counts);
            try
            {
                count = pairs.Groups;
                if (count * 4L > source.Count * 3L)
                {
                    return null;
                }
                codes = new int[d][];
                for (var q = 0; q < d; q++)
                {
                    var up = source.Levels[q] == levels[q] ? null : problem.Hierarchies[q].Upward(source.Levels[q], levels[q]);
                    var column = new int[count];
                    for (var p = 0; p < count; p++)
                    {
                        var code = source.Codes[q][pairs.Firsts[p]];
                        column[p] = up is null ? code : up[code];
                    }
                    codes[q] = column;
                }
                sensitive = new int[problem.SensitiveCardinalities.Length][];
                for (var s = 0; s < sensitive.Length; s++)
                {
                    sensitive[s] = new int[count];
                    for (var p = 0; p < count; p++)
                    {
                        sensitive[s][p] = source.Sensitive[s][pairs.Firsts[p]];
                    }
                }
                counts = new int[count];
                for (var p = 0; p < count; p++)
                {
                    counts[p] = (int)pairs.Sizes[p];
                }
            }
            finally
            {
                pairs.Release();
            }
        }
        var set = new FrequencySet((int[])levels.Clone(), codes, sensitive, counts, count);
        _cache.Add(set);
        return set;
    }
}
