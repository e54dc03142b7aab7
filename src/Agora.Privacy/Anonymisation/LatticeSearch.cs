namespace Agora.Privacy.Anonymisation;

/// <summary>The generalisation lattice: one node per combination of levels, indexed in mixed radix.</summary>
internal sealed class GeneralisationLattice
{
    public GeneralisationLattice(int[] minLevels, int[] maxLevels)
    {
        Min = minLevels;
        Max = maxLevels;
        Dimensions = minLevels.Length;
        Strides = new long[Dimensions];
        long size = 1;
        for (var q = Dimensions - 1; q >= 0; q--)
        {
            Strides[q] = size;
            var radix = maxLevels[q] - minLevels[q] + 1;
            size = size > long.MaxValue / radix ? long.MaxValue : size * radix;
        }
        Size = size;
    }

    public int[] Min { get; }

    public int[] Max { get; }

    public int Dimensions { get; }

    public long[] Strides { get; }

    /// <summary>Number of transformations (saturates at <see cref="long.MaxValue"/>).</summary>
    public long Size { get; }

    public int[] Bottom => (int[])Min.Clone();

    public int[] Top => (int[])Max.Clone();

    public long IndexOf(int[] levels)
    {
        long index = 0;
        for (var q = 0; q < Dimensions; q++)
        {
            index += (levels[q] - Min[q]) * Strides[q];
        }
        return index;
    }

    public int[] LevelsOf(long index)
    {
        var levels = new int[Dimensions];
        for (var q = 0; q < Dimensions; q++)
        {
            levels[q] = Min[q] + (int)(index / Strides[q]);
            index %= Strides[q];
        }
        return levels;
    }

    public int LevelSum(long index)
    {
        var sum = 0;
        for (var q = 0; q < Dimensions; q++)
        {
            sum += Min[q] + (int)(index / Strides[q]);
            index %= Strides[q];
        }
        return sum;
    }
}

/// <summary>What a search found.</summary>
internal sealed record SearchOutcome(NodeEvaluation? Best, long Checked, bool Optimal, NodeEvaluation Top);

/// <summary>
/// Globally optimal search, Flash-style. Transformations are visited in order of a lower bound of their score (when the
/// metric has one; by level otherwise) and the search stops once the bound exceeds the best score found. When every
/// model is monotonic, an unresolved transformation is resolved by a binary search along a path up the lattice, and
/// each evaluation tags what it implies: successors of an anonymous transformation are anonymous, predecessors of a
/// non-anonymous one are not (predictive tagging), so most of the lattice is never evaluated.
/// </summary>
internal sealed class OptimalSearch
{
    private const byte Unknown = 0;
    private const byte NotAnonymous = 1;
    private const byte InferredAnonymous = 2;
    private const byte Evaluated = 3;
    private const byte Skipped = 4;

    private readonly PreparedProblem _problem;
    private readonly GeneralisationLattice _lattice;
    private readonly NodeEvaluator _evaluator;
    private readonly IProgress<AnonymisationProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly byte[] _state;
    private readonly double[]? _bound;
    private readonly bool[] _anonymousEvaluated;
    private readonly Stack<long> _stack = new();
    private NodeEvaluation? _best;
    private long _bestIndex = -1;
    private int _bestLevelSum;

    public OptimalSearch(PreparedProblem problem, GeneralisationLattice lattice, IProgress<AnonymisationProgress>? progress,
        CancellationToken cancellation)
    {
        _problem = problem;
        _lattice = lattice;
        _evaluator = new NodeEvaluator(problem);
        _progress = progress;
        _cancellation = cancellation;
        _state = new byte[lattice.Size];
        _anonymousEvaluated = new bool[lattice.Size];
        if (problem.HasLowerBound)
        {
            _bound = new double[lattice.Size];
        }
    }

    public SearchOutcome Run()
    {
        var size = _lattice.Size;
        var top = EvaluateNode(size - 1);
        if (!top.Anonymous && _problem.AllMonotonic)
        {
            return new SearchOutcome(null, _evaluator.Evaluations, true, top);
        }
        var order = new long[size];
        for (long i = 0; i < size; i++)
        {
            order[i] = i;
        }
        if (_bound is not null)
        {
            for (long i = 0; i < size; i++)
            {
                _bound[i] = _problem.LowerBound(_lattice.LevelsOf(i));
            }
            var keys = new (double Bound, int Level, long Index)[size];
            for (long i = 0; i < size; i++)
            {
                keys[i] = (_bound[i], _lattice.LevelSum(i), i);
            }
            Array.Sort(keys, order);
        }
        else
        {
            var keys = new (int Level, long Index)[size];
            for (long i = 0; i < size; i++)
            {
                keys[i] = (_lattice.LevelSum(i), i);
            }
            Array.Sort(keys, order);
        }
        foreach (var index in order)
        {
            _cancellation.ThrowIfCancellationRequested();
            if (_bound is not null && _best is not null && _bound[index] > _best.Score)
            {
                break;
            }
            if (_state[index] is NotAnonymous or Evaluated or Skipped)
            {
                continue;
            }
            if (_problem.AllMonotonic && _state[index] == Unknown)
            {
                ProbeUpwards(index);
            }
            if (_state[index] is Unknown or InferredAnonymous)
            {
                EvaluateNode(index);
            }
        }
        return new SearchOutcome(_best, _evaluator.Evaluations, true, top);
    }

    private NodeEvaluation EvaluateNode(long index)
    {
        var levels = _lattice.LevelsOf(index);
        var result = _evaluator.Evaluate(levels);
        _state[index] = Evaluated;
        if (result.Anonymous)
        {
            _anonymousEvaluated[index] = true;
            var levelSum = levels.Sum();
            if (_best is null || result.Score < _best.Score
                || (result.Score == _best.Score && (levelSum < _bestLevelSum || (levelSum == _bestLevelSum && index < _bestIndex))))
            {
                _best = result;
                _bestIndex = index;
                _bestLevelSum = levelSum;
            }
            if (_problem.AllMonotonic)
            {
                TagSuccessors(index, _problem.MetricIsMonotonic ? Skipped : InferredAnonymous);
            }
        }
        else if (_problem.AllMonotonic)
        {
            TagPredecessors(index);
        }
        if (_evaluator.Evaluations % 100 == 0)
        {
            _progress?.Report(new AnonymisationProgress(_evaluator.Evaluations, _lattice.Size, _best?.Score));
        }
        return result;
    }

    private bool KnownAnonymous(long index) =>
        _state[index] is InferredAnonymous or Skipped || (_state[index] == Evaluated && _anonymousEvaluated[index]);

    // Follows a path of successors from an unresolved transformation to one known to be anonymous, then binary-searches
    // the path for the lowest anonymous transformation on it.
    private void ProbeUpwards(long start)
    {
        var path = new List<long> { start };
        var current = start;
        while (!KnownAnonymous(current))
        {
            long next = -1;
            var nextBound = double.PositiveInfinity;
            var levels = _lattice.LevelsOf(current);
            for (var q = 0; q < _lattice.Dimensions; q++)
            {
                if (levels[q] >= _lattice.Max[q])
                {
                    continue;
                }
                var successor = current + _lattice.Strides[q];
                if (KnownAnonymous(successor))
                {
                    next = successor;
                    break;
                }
                var bound = _bound?[successor] ?? _lattice.LevelSum(successor);
                if (_state[successor] == Unknown && (next < 0 || bound < nextBound))
                {
                    next = successor;
                    nextBound = bound;
                }
            }
            if (next < 0)
            {
                break;
            }
            path.Add(next);
            current = next;
        }
        var low = 0;
        var high = path.Count - 1;
        if (!KnownAnonymous(path[high]))
        {
            // No anonymous end: evaluate the end first (cannot happen when the top is anonymous, kept for safety).
            EvaluateNode(path[high]);
            if (!_anonymousEvaluated[path[high]])
            {
                return;
            }
        }
        while (low < high)
        {
            var middle = (low + high) / 2;
            var node = path[middle];
            if (_state[node] == NotAnonymous || (_state[node] == Evaluated && !_anonymousEvaluated[node]))
            {
                low = middle + 1;
                continue;
            }
            if (KnownAnonymous(node))
            {
                high = middle;
                continue;
            }
            EvaluateNode(node);
            if (_anonymousEvaluated[node])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
    }

    private void TagSuccessors(long index, byte tag)
    {
        _stack.Clear();
        _stack.Push(index);
        while (_stack.Count > 0)
        {
            var node = _stack.Pop();
            var levels = _lattice.LevelsOf(node);
            for (var q = 0; q < _lattice.Dimensions; q++)
            {
                if (levels[q] >= _lattice.Max[q])
                {
                    continue;
                }
                var successor = node + _lattice.Strides[q];
                var state = _state[successor];
                if (state == Unknown || (tag == Skipped && state == InferredAnonymous))
                {
                    _state[successor] = tag;
                    _stack.Push(successor);
                }
            }
        }
    }

    private void TagPredecessors(long index)
    {
        _stack.Clear();
        _stack.Push(index);
        while (_stack.Count > 0)
        {
            var node = _stack.Pop();
            var levels = _lattice.LevelsOf(node);
            for (var q = 0; q < _lattice.Dimensions; q++)
            {
                if (levels[q] <= _lattice.Min[q])
                {
                    continue;
                }
                var predecessor = node - _lattice.Strides[q];
                if (_state[predecessor] == Unknown)
                {
                    _state[predecessor] = NotAnonymous;
                    _stack.Push(predecessor);
                }
            }
        }
    }
}

/// <summary>
/// Best-effort search for lattices too large to search optimally: from an anonymous transformation, repeatedly move to
/// the best-scoring anonymous predecessor (a greedy descent), then restart from other anonymous transformations found
/// by random climbs, until the step or time limit. Deterministic for a given input.
/// </summary>
internal sealed class BestEffortSearch(PreparedProblem problem, GeneralisationLattice lattice, int stepLimit, TimeSpan timeLimit,
    TimeProvider time, IProgress<AnonymisationProgress>? progress, CancellationToken cancellation)
{
    private readonly NodeEvaluator _evaluator = new(problem);
    private readonly Dictionary<long, NodeEvaluation> _seen = [];
    private NodeEvaluation? _best;
    private long _started;

    public SearchOutcome Run()
    {
        _started = time.GetTimestamp();
        var topIndex = lattice.IndexOf(lattice.Max);
        var top = Evaluate(topIndex);
        if (!top.Anonymous)
        {
            return new SearchOutcome(null, _evaluator.Evaluations, false, top);
        }
        Descend(topIndex);
        var random = new SplitMix64(0x5EED_AC0D_E5EAUL ^ (ulong)lattice.Size);
        while (!Exhausted())
        {
            // Random start, climbed until anonymous.
            var levels = new int[lattice.Dimensions];
            for (var q = 0; q < levels.Length; q++)
            {
                levels[q] = lattice.Min[q] + (int)random.Next((ulong)(lattice.Max[q] - lattice.Min[q] + 1));
            }
            var index = lattice.IndexOf(levels);
            while (!Exhausted() && !Evaluate(index).Anonymous)
            {
                var raisable = Enumerable.Range(0, levels.Length).Where(q => levels[q] < lattice.Max[q]).ToArray();
                if (raisable.Length == 0)
                {
                    break;
                }
                var q = raisable[random.Next((ulong)raisable.Length)];
                levels[q]++;
                index += lattice.Strides[q];
            }
            if (!Exhausted() && Evaluate(index).Anonymous)
            {
                Descend(index);
            }
        }
        return new SearchOutcome(_best, _evaluator.Evaluations, false, top);
    }

    private void Descend(long index)
    {
        while (!Exhausted())
        {
            var levels = lattice.LevelsOf(index);
            long next = -1;
            var nextScore = double.PositiveInfinity;
            for (var q = 0; q < levels.Length && !Exhausted(); q++)
            {
                if (levels[q] <= lattice.Min[q])
                {
                    continue;
                }
                var predecessor = index - lattice.Strides[q];
                var result = Evaluate(predecessor);
                if (result.Anonymous && result.Score < nextScore)
                {
                    next = predecessor;
                    nextScore = result.Score;
                }
            }
            if (next < 0)
            {
                return;
            }
            index = next;
        }
    }

    private NodeEvaluation Evaluate(long index)
    {
        cancellation.ThrowIfCancellationRequested();
        if (_seen.TryGetValue(index, out var known))
        {
            return known;
        }
        var result = _evaluator.Evaluate(lattice.LevelsOf(index));
        _seen[index] = result;
        if (result.Anonymous && (_best is null || result.Score < _best.Score
            || (result.Score == _best.Score && result.Levels.Sum() < _best.Levels.Sum())))
        {
            _best = result;
        }
        if (_evaluator.Evaluations % 100 == 0)
        {
            progress?.Report(new AnonymisationProgress(_evaluator.Evaluations, lattice.Size, _best?.Score));
        }
        return result;
    }

    private bool Exhausted() =>
        _evaluator.Evaluations >= stepLimit || time.GetElapsedTime(_started) >= timeLimit
        || _seen.Count >= Math.Min(lattice.Size, int.MaxValue);
}

/// <summary>A small deterministic generator for search heuristics (not for anything security-relevant).</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next(ulong bound)
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return bound == 0 ? 0 : z % bound;
    }
}
