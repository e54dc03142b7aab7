using Agora.Data.Discovery.Sketches;

namespace Agora.Data.Discovery.Containment;

/// <summary>A containment-search index in the style of LSH Ensemble (Zhu et al., PVLDB 2016): column domains are split
/// into partitions by size (<see cref="SizePartitioning"/>); inside each, a query's containment threshold t becomes the
/// Jaccard threshold s* = t·q / (u + q − t·q) for the partition's upper size bound u, and an LSH Forest over 64 bands of
/// up to 4 rows answers it with the (b, r) chosen for s* (<see cref="LshParameters"/>). The result is a candidate set
/// with few misses; the caller verifies candidates with a better estimate.
/// <para>Entries can be added and removed at any time: additions go into a small per-partition list that is scanned
/// directly until <see cref="Rebuild"/> folds them into the sorted bands; removals are tombstones until then.</para></summary>
public sealed class LshEnsemble
{
    /// <summary>Bands in the forest.</summary>
    public const int Bands = 64;

    /// <summary>Rows per band (the longest prefix a query may ask for).</summary>
    public const int MaxRows = MinHashSignature.Length / Bands;

    private const int RowBits = 16;

    private readonly int _partitionCount;
    private readonly List<long> _sizes = [];
    private readonly List<ulong[]> _bandKeys = [];
    private readonly List<bool> _removed = [];
    private Partition[] _partitions = [];
    private int _pendingCount;

    /// <summary>An empty index that will use at most <paramref name="partitions"/> size partitions.</summary>
    public LshEnsemble(int partitions = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _partitionCount = partitions;
    }

    /// <summary>Entries added (including removed ones not yet compacted).</summary>
    public int Count => _sizes.Count;

    /// <summary>Entries added since the last <see cref="Rebuild"/>; they are found, but by a slower scan.</summary>
    public int PendingCount => _pendingCount;

    /// <summary>The upper size bound of each partition (after the last rebuild).</summary>
    public IReadOnlyList<long> PartitionUpperBounds => [.. _partitions.Select(p => p.UpperBound)];

    /// <summary>Adds a domain; returns its entry number (dense, stable until the caller rebuilds a fresh index).</summary>
    public int Add(long size, MinHashSignature signature)
    {
        var entry = _sizes.Count;
        _sizes.Add(Math.Max(1, size));
        _bandKeys.Add(BandKeys(signature));
        _removed.Add(false);
        if (_partitions.Length == 0)
        {
            _partitions = [new Partition(long.MaxValue)];
        }
        var partition = PartitionFor(_sizes[entry]);
        partition.Pending.Add(entry);
        partition.Grow(_sizes[entry]);
        _pendingCount++;
        return entry;
    }

    /// <summary>Removes an entry from every later answer.</summary>
    public void Remove(int entry) => _removed[entry] = true;

    /// <summary>True when the entry was removed.</summary>
    public bool IsRemoved(int entry) => _removed[entry];

    /// <summary>Recomputes the optimal size partitions and sorts every band; pending additions become indexed.</summary>
    public void Rebuild()
    {
        var live = Enumerable.Range(0, _sizes.Count).Where(e => !_removed[e]).ToList();
        var bounds = SizePartitioning.OptimalUpperBounds([.. live.Select(e => _sizes[e])], _partitionCount);
        // The last partition is open-ended so later, larger additions still have a home.
        bounds[^1] = long.MaxValue;
        _partitions = [.. bounds.Select(b => new Partition(b))];
        var members = _partitions.Select(_ => new List<int>()).ToArray();
        foreach (var entry in live)
        {
            members[IndexOfPartition(_sizes[entry])].Add(entry);
        }
        for (var p = 0; p < _partitions.Length; p++)
        {
            _partitions[p].Build(members[p], _bandKeys, _sizes);
        }
        _pendingCount = 0;
    }

    /// <summary>The entries that may contain at least <paramref name="containmentThreshold"/> of a query domain of
    /// <paramref name="querySize"/> values. Removed entries are never returned.</summary>
    public List<int> Candidates(MinHashSignature query, long querySize, double containmentThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(containmentThreshold);
        var keys = BandKeys(query);
        var q = (double)Math.Max(1, querySize);
        var seen = new bool[_sizes.Count];
        var result = new List<int>();
        foreach (var partition in _partitions)
        {
            var overlapNeeded = containmentThreshold * q;
            // A set of at most u values cannot hold t·q of the query's values.
            if (partition.MaxSize < overlapNeeded || partition.EntryCount + partition.Pending.Count == 0)
            {
                continue;
            }
            var upper = (double)Math.Min(partition.MaxSize, partition.UpperBound);
            var jaccard = overlapNeeded / (upper + q - overlapNeeded);
            var (bands, rows) = LshParameters.Optimal(Math.Min(1, jaccard), Bands, MaxRows);
            partition.Query(keys, bands, rows, seen, result, _removed);
            foreach (var entry in partition.Pending)
            {
                if (!seen[entry] && !_removed[entry] && Matches(keys, _bandKeys[entry], bands, rows))
                {
                    seen[entry] = true;
                    result.Add(entry);
                }
            }
        }
        return result;
    }

    private static bool Matches(ulong[] query, ulong[] entry, int bands, int rows)
    {
        var mask = PrefixMask(rows);
        for (var band = 0; band < bands; band++)
        {
            if (((query[band] ^ entry[band]) & mask) == 0)
            {
                return true;
            }
        }
        return false;
    }

    private static ulong PrefixMask(int rows) => rows >= MaxRows ? ulong.MaxValue : ~(ulong.MaxValue >> (rows * RowBits));

    // Each band is 4 signature values cut to 16 bits and packed, first row in the top bits, so a prefix of r rows is a
    // range of the sorted keys. 16 bits per value add about 1/65,536 chance agreements per row: harmless, all candidates are
    // verified.
    private static ulong[] BandKeys(MinHashSignature signature)
    {
        var values = signature.Values;
        var keys = new ulong[Bands];
        for (var band = 0; band < Bands; band++)
        {
            ulong key = 0;
            for (var row = 0; row < MaxRows; row++)
            {
                key = (key << RowBits) | (values[(band * MaxRows) + row] >> (32 - RowBits));
            }
            keys[band] = key;
        }
        return keys;
    }

    private Partition PartitionFor(long size) => _partitions[IndexOfPartition(size)];

    private int IndexOfPartition(long size)
    {
        for (var p = 0; p < _partitions.Length; p++)
        {
            if (size <= _partitions[p].UpperBound)
            {
                return p;
            }
        }
        return _partitions.Length - 1;
    }

    private sealed class Partition(long upperBound)
    {
        private ulong[][] _keys = [];
        private int[][] _entries = [];

        public long UpperBound { get; } = upperBound;

        public long MaxSize { get; private set; }

        public int EntryCount { get; private set; }

        public List<int> Pending { get; } = [];

        public void Grow(long size) => MaxSize = Math.Max(MaxSize, size);

        public void Build(List<int> members, List<ulong[]> bandKeys, List<long> sizes)
        {
            EntryCount = members.Count;
            MaxSize = members.Count == 0 ? 0 : members.Max(e => sizes[e]);
            _keys = new ulong[Bands][];
            _entries = new int[Bands][];
            for (var band = 0; band < Bands; band++)
            {
                var keys = new ulong[members.Count];
                var entries = members.ToArray();
                for (var i = 0; i < entries.Length; i++)
                {
                    keys[i] = bandKeys[entries[i]][band];
                }
                Array.Sort(keys, entries);
                _keys[band] = keys;
                _entries[band] = entries;
            }
            Pending.Clear();
        }

        public void Query(ulong[] queryKeys, int bands, int rows, bool[] seen, List<int> result, List<bool> removed)
        {
            if (EntryCount == 0)
            {
                return;
            }
            var mask = PrefixMask(rows);
            for (var band = 0; band < bands; band++)
            {
                var low = queryKeys[band] & mask;
                var high = low | ~mask;
                var keys = _keys[band];
                var start = LowerBound(keys, low);
                for (var i = start; i < keys.Length && keys[i] <= high; i++)
                {
                    var entry = _entries[band][i];
                    if (!seen[entry] && !removed[entry])
                    {
                        seen[entry] = true;
                        result.Add(entry);
                    }
                }
            }
        }

        private static int LowerBound(ulong[] keys, ulong value)
        {
            int low = 0, high = keys.Length;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (keys[middle] < value)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }
            return low;
        }
    }
}
