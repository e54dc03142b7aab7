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
/// non-anonymous one are not (predictive tagging), so most of the lattice is never evaluated. With more than one
/// worker, the other cores evaluate ahead what the search will probably ask for next (<see cref="SpeculativeEvaluation"/>):
/// the decisions, the result and the count of transformations checked do not depend on the number of workers.
/// </summary>
internal sealed class OptimalSearch : IDisposable
{
    private const byte Unknown = 0;
    private const byte NotAnonymous = 1;
    private const byte InferredAnonymous = 2;
    private const byte Evaluated = 3;
    private const byte Skipped = 4;

    // How many predicted evaluations of later probes are named to the workers, and how far ahead they are looked for.
    private const int ProbesAhead = 3;
    private const int ScanAhead = 64;

    private readonly PreparedProblem _problem;
    private readonly GeneralisationLattice _lattice;
    private readonly FrequencySetCache _cache;
    private readonly NodeEvaluator _evaluator;
    private readonly int _workers;
    private readonly IProgress<AnonymisationProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly byte[] _state;
    private readonly double[]? _bound;
    private readonly bool[] _anonymousEvaluated;
    private readonly Stack<long> _stack = new();
    private readonly List<long> _hints = [];
    private readonly List<long> _scratchPath = [];
    private SpeculativeEvaluation? _speculation;
    private long[] _order = [];
    private long _position;
    private long _checked;
    private NodeEvaluation? _best;
    private long _bestIndex = -1;
    private int _bestLevelSum;

    // workers: threads evaluating ahead of the search besides the calling one (0: none).
    public OptimalSearch(PreparedProblem problem, GeneralisationLattice lattice, int workers, IProgress<AnonymisationProgress>? progress,
        CancellationToken cancellation)
    {
        _problem = problem;
        _lattice = lattice;
        _cache = new FrequencySetCache(problem.Base);
        _evaluator = new NodeEvaluator(problem, _cache);
        _workers = workers;
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
        if (_workers > 0)
        {
            _speculation = new SpeculativeEvaluation(_problem, _lattice, _cache, _evaluator, _workers, _cancellation);
        }
        try
        {
            return Search();
        }
        finally
        {
            // Stop the workers as soon as the search is decided (their remaining guesses are not needed).
            _speculation?.Dispose();
        }
    }

    public void Dispose() => _speculation?.Dispose();

    private SearchOutcome Search()
    {
        var size = _lattice.Size;
        var top = EvaluateNode(size - 1);
        if (!top.Anonymous && _problem.AllMonotonic)
        {
            return new SearchOutcome(null, _checked, true, top);
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
        _order = order;
        for (_position = 0; _position < size; _position++)
        {
            var index = order[_position];
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
                if (_speculation is not null)
                {
                    _hints.Clear();
                    HintLaterProbes(_position + 1);
                    _speculation.Hint(_hints);
                }
                EvaluateNode(index);
            }
        }
        return new SearchOutcome(_best, _checked, true, top);
    }

    private NodeEvaluation EvaluateNode(long index)
    {
        var levels = _lattice.LevelsOf(index);
        _checked++;
        var result = _speculation is null ? _evaluator.Evaluate(levels) : _speculation.Evaluate(index, levels);
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
        if (_checked % 100 == 0)
        {
            _progress?.Report(new AnonymisationProgress(_checked, _lattice.Size, _best?.Score));
        }
        return result;
    }

    private bool KnownNotAnonymous(long index) =>
        _state[index] == NotAnonymous || (_state[index] == Evaluated && !_anonymousEvaluated[index]);

    private bool KnownAnonymous(long index) =>
        _state[index] is InferredAnonymous or Skipped || (_state[index] == Evaluated && _anonymousEvaluated[index]);

    // Follows a path of successors from an unresolved transformation to one known to be anonymous, then binary-searches
    // the path for the lowest anonymous transformation on it.
    private void ProbeUpwards(long start)
    {
        var path = new List<long>();
        BuildPath(start, path);
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
            if (KnownNotAnonymous(node))
            {
                low = middle + 1;
                continue;
            }
            if (KnownAnonymous(node))
            {
                high = middle;
                continue;
            }
            if (_speculation is not null)
            {
                // What the binary search evaluates next if this node is anonymous, and if it is not; then later probes.
                _hints.Clear();
                AddHint(NextInBinarySearch(path, middle + 1, high));
                AddHint(NextInBinarySearch(path, low, middle));
                HintLaterProbes(_position + 1);
                _speculation.Hint(_hints);
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

    // The path of a probe: successors from an unresolved transformation up to one known to be anonymous, choosing at
    // each step a known-anonymous successor if there is one, else the unresolved successor with the lowest bound.
    private void BuildPath(long start, List<long> path)
    {
        path.Clear();
        path.Add(start);
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
    }

    // The transformation a binary search over path[low..high] evaluates first in the current state, or -1. Exact for
    // the continuation of a running search: evaluating its middle tags only nodes outside the half it continues in.
    private long NextInBinarySearch(List<long> path, int low, int high)
    {
        while (low < high)
        {
            var middle = (low + high) / 2;
            var node = path[middle];
            if (KnownNotAnonymous(node))
            {
                low = middle + 1;
            }
            else if (KnownAnonymous(node))
            {
                high = middle;
            }
            else
            {
                return node;
            }
        }
        return -1;
    }

    private void AddHint(long index)
    {
        if (index >= 0 && !_hints.Contains(index))
        {
            _hints.Add(index);
        }
    }

    // Predicts the first evaluation of the next few probes (or direct evaluations) after the current one, as if nothing
    // changed meanwhile; a prediction the current probe invalidates is only wasted work for a worker.
    private void HintLaterProbes(long from)
    {
        var found = 0;
        var end = Math.Min(_order.Length, from + ScanAhead);
        for (var position = from; position < end && found < ProbesAhead; position++)
        {
            var index = _order[position];
            if (_bound is not null && _best is not null && _bound[index] > _best.Score)
            {
                return;
            }
            var state = _state[index];
            if (state is NotAnonymous or Evaluated or Skipped)
            {
                continue;
            }
            found++;
            if (!_problem.AllMonotonic || state == InferredAnonymous)
            {
                AddHint(index);
                continue;
            }
            BuildPath(index, _scratchPath);
            var pathEnd = _scratchPath[^1];
            AddHint(KnownAnonymous(pathEnd) ? NextInBinarySearch(_scratchPath, 0, _scratchPath.Count - 1) : pathEnd);
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
