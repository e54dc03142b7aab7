namespace Agora.Privacy.Anonymisation;

/// <summary>
/// Evaluates lattice nodes on the other cores ahead of the search. The search itself stays sequential and decides, as
/// before, which transformation to evaluate next; before each evaluation it names the ones it is likely to need after
/// it (hints), and idle workers evaluate those. When the search then asks for a transformation a worker already
/// evaluated (or is evaluating), it takes that result instead of grouping again. An evaluation depends only on the
/// transformation, so the search sees exactly the results it would have computed itself: the optimum, tie-breaking and
/// the count of transformations checked are those of the single-threaded search whatever the thread interleaving;
/// only the time changes. Evaluations a worker made that the search never asked for are wasted work, not results.
/// </summary>
internal sealed class SpeculativeEvaluation : IDisposable
{
    private readonly object _gate = new();
    private readonly GeneralisationLattice _lattice;
    private readonly NodeEvaluator _own;
    private readonly Dictionary<long, Entry> _entries = [];
    private readonly List<long> _hints = [];
    private readonly Thread[] _workers;
    private readonly CancellationToken _cancellation;
    private bool _stopped;

    // Waking a thread costs a system call (and, on a loaded machine, a context switch): pulse only when someone waits.
    private int _idleWorkers;
    private bool _searchWaiting;

    public SpeculativeEvaluation(PreparedProblem problem, GeneralisationLattice lattice, FrequencySetCache cache, NodeEvaluator own,
        int workers, CancellationToken cancellation)
    {
        _lattice = lattice;
        _own = own;
        _cancellation = cancellation;
        _workers = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            var evaluator = new NodeEvaluator(problem, cache);
            _workers[w] = new Thread(() => Work(evaluator)) { IsBackground = true, Name = "Agora anonymisation worker" };
            _workers[w].Start();
        }
    }

    /// <summary>Replaces the hints: what the search expects to ask for next, most likely first.</summary>
    public void Hint(List<long> indices)
    {
        lock (_gate)
        {
            _hints.Clear();
            foreach (var index in indices)
            {
                if (!_entries.ContainsKey(index))
                {
                    _hints.Add(index);
                }
            }
            if (_hints.Count > 0 && _idleWorkers > 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The evaluation of a transformation: a worker's, waiting for it if it is under way, or computed now.</summary>
    public NodeEvaluation Evaluate(long index, int[] levels)
    {
        Entry? entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(index, out entry))
            {
                _searchWaiting = true;
                while (!entry.Done)
                {
                    Monitor.Wait(_gate);
                }
                _searchWaiting = false;
            }
            else
            {
                entry = new Entry();
                _entries[index] = entry;
            }
        }
        if (entry.Done)
        {
            return entry.Result ?? throw new InvalidOperationException("A speculative evaluation failed.", entry.Error);
        }
        try
        {
            entry.Result = _own.Evaluate(levels);
        }
        finally
        {
            // Only the search waits for results, and this one is its own: nobody to wake.
            lock (_gate)
            {
                entry.Done = true;
            }
        }
        return entry.Result;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var worker in _workers)
        {
            worker.Join();
        }
    }

    private void Work(NodeEvaluator evaluator)
    {
        while (true)
        {
            long index;
            Entry entry;
            lock (_gate)
            {
                while (!_stopped && _hints.Count == 0 && !_cancellation.IsCancellationRequested)
                {
                    _idleWorkers++;
                    Monitor.Wait(_gate, 100);
                    _idleWorkers--;
                }
                if (_stopped || _cancellation.IsCancellationRequested)
                {
                    return;
                }
                index = _hints[0];
                _hints.RemoveAt(0);
                if (_entries.ContainsKey(index))
                {
                    continue;
                }
                entry = new Entry();
                _entries[index] = entry;
            }
            try
            {
                entry.Result = evaluator.Evaluate(_lattice.LevelsOf(index));
            }
#pragma warning disable CA1031 // A worker must not die on a failure: the search sees it when it asks for this result.
            catch (Exception e)
#pragma warning restore CA1031
            {
                entry.Error = e;
            }
            finally
            {
                lock (_gate)
                {
                    entry.Done = true;
                    if (_searchWaiting)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }
    }

    private sealed class Entry
    {
        public bool Done { get; set; }

        public NodeEvaluation? Result { get; set; }

        public Exception? Error { get; set; }
    }
}
