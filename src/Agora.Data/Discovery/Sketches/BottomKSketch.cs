namespace Agora.Data.Discovery.Sketches;

/// <summary>The <see cref="Capacity"/> smallest distinct value hashes of a set (a "KMV" sketch). Below its capacity it
/// is the whole set, so small columns are compared exactly. Above it, the hashes below the sketch's largest one are a
/// uniform sample of the set in which membership is known exactly, which gives an unbiased containment estimate
/// against a query whose values are all at hand (<see cref="EstimateContainmentOf"/>).</summary>
public sealed class BottomKSketch
{
    /// <summary>The number of hashes kept.</summary>
    public const int Capacity = 256;

    private readonly ulong[] _hashes;

    private BottomKSketch(ulong[] sortedHashes, bool isComplete)
    {
        _hashes = sortedHashes;
        IsComplete = isComplete;
    }

    /// <summary>The kept hashes, ascending.</summary>
    public ReadOnlySpan<ulong> Hashes => _hashes;

    /// <summary>True when the set had at most <see cref="Capacity"/> values: the sketch is the whole set.</summary>
    public bool IsComplete { get; }

    /// <summary>The hash below or at which membership is exactly known.</summary>
    public ulong Threshold => IsComplete ? ulong.MaxValue : _hashes[^1];

    /// <summary>Wraps stored hashes (from an index file); they must be ascending and distinct.</summary>
    public static BottomKSketch FromHashes(ulong[] sortedHashes, bool isComplete)
    {
        for (var i = 1; i < sortedHashes.Length; i++)
        {
            if (sortedHashes[i] <= sortedHashes[i - 1])
            {
                throw new ArgumentException("Bottom-k hashes must be ascending and distinct.", nameof(sortedHashes));
            }
        }
        return new BottomKSketch(sortedHashes, isComplete);
    }

    /// <summary>True when the hash is among the kept ones.</summary>
    public bool Contains(ulong hash) => Array.BinarySearch(_hashes, hash) >= 0;

    /// <summary>The estimated share of the query's distinct values that are in this set, |Q∩X|/|Q|, from the query's full
    /// set of hashes: the query values whose hash is at most <see cref="Threshold"/> are a uniform sample of the query, and
    /// for each of them membership in X is known exactly. Returns the estimate and the sample size it rests on.</summary>
    public (double Containment, int Sample) EstimateContainmentOf(IReadOnlyCollection<ulong> queryHashes)
    {
        if (queryHashes.Count == 0)
        {
            return (0, 0);
        }
        var threshold = Threshold;
        var sample = 0;
        var found = 0;
        foreach (var hash in queryHashes)
        {
            if (hash > threshold)
            {
                continue;
            }
            sample++;
            if (Contains(hash))
            {
                found++;
            }
        }
        return sample == 0 ? (0, 0) : (found / (double)sample, sample);
    }

    /// <summary>Accumulates hashes one at a time.</summary>
    public sealed class Builder
    {
        private readonly SortedSet<ulong> _kept = [];

        /// <summary>Adds one value hash (duplicates are ignored).</summary>
        public void Add(ulong hash)
        {
            if (_kept.Count < Capacity + 1)
            {
                _kept.Add(hash);
                return;
            }
            if (hash >= _kept.Max)
            {
                return;
            }
            if (_kept.Add(hash))
            {
                _kept.Remove(_kept.Max);
            }
        }

        /// <summary>The sketch of everything added. One hash more than the capacity is tracked so that "exactly Capacity
        /// values" and "more than Capacity values" can be told apart.</summary>
        public BottomKSketch ToSketch()
        {
            var complete = _kept.Count <= Capacity;
            var hashes = complete ? _kept.ToArray() : _kept.Take(Capacity).ToArray();
            return new BottomKSketch(hashes, complete);
        }
    }
}
