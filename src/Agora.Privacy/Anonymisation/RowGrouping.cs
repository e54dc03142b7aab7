using System.Buffers;
using System.Numerics;

namespace Agora.Privacy.Anonymisation;

/// <summary>
/// Groups items (rows, or tuples of a frequency set) by the values of several integer-coded columns: the heart of
/// every equivalence-class computation. Codes are packed into one 64-bit key when they fit (otherwise columns are
/// combined pairwise into dense ids), keys are hashed in an open-addressing table, and large inputs are split by hash
/// across all cores. Group ids follow the order of first occurrence, so results do not depend on the number of cores.
/// </summary>
internal static class RowGrouping
{
    private const int ParallelThreshold = 1 << 16;

    /// <summary>Groups <paramref name="items"/> items. Column c of item i is <c>maps[c][columns[c][i]]</c> (or the raw
    /// code when maps is null or maps[c] is null), whose values are below <c>cardinalities[c]</c>.</summary>
    public static Grouping Group(int[][] columns, int[] cardinalities, int items, int[]?[]? maps = null, int[]? weights = null)
    {
        var bits = 0;
        var shifts = new int[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            shifts[c] = bits;
            bits += BitsFor(cardinalities[c]);
        }
        var keys = ArrayPool<ulong>.Shared.Rent(Math.Max(1, items));
        try
        {
            // Few possible combinations: index a dense array instead of hashing (typical once levels rise).
            long product = 1;
            for (var c = 0; c < columns.Length && product <= DenseLimit; c++)
            {
                product *= Math.Max(1, cardinalities[c]);
            }
            if (product <= Math.Min(DenseLimit, Math.Max(1 << 16, 8L * items)))
            {
                ComputeDenseKeys(columns, maps, cardinalities, items, keys);
                return GroupDense(keys, items, weights, (int)product);
            }
            if (bits <= 64)
            {
                ComputeKeys(columns, maps, shifts, items, keys);
                return GroupKeys(keys, items, weights);
            }
            // Too wide for one key: fold the columns in one at a time, each step renumbering (id, code) pairs densely.
            var ids = ArrayPool<int>.Shared.Rent(Math.Max(1, items));
            try
            {
                var map0 = maps?[0];
                var column0 = columns[0];
                for (var i = 0; i < items; i++)
                {
                    ids[i] = map0 is null ? column0[i] : map0[column0[i]];
                }
                Grouping? step = null;
                for (var c = 1; c < columns.Length; c++)
                {
                    var map = maps?[c];
                    var column = columns[c];
                    ulong cardinality = (ulong)Math.Max(1, cardinalities[c]);
                    for (var i = 0; i < items; i++)
                    {
                        var code = map is null ? column[i] : map[column[i]];
                        keys[i] = (ulong)ids[i] * cardinality + (ulong)code;
                    }
                    step?.Release();
                    step = GroupKeys(keys, items, c == columns.Length - 1 ? weights : null);
                    Array.Copy(step.GroupOf, ids, items);
                }
                if (step is null)
                {
                    for (var i = 0; i < items; i++)
                    {
                        keys[i] = (ulong)ids[i];
                    }
                    step = GroupKeys(keys, items, weights);
                }
                return step;
            }
            finally
            {
                ArrayPool<int>.Shared.Return(ids);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    private const long DenseLimit = 1 << 22;

    [ThreadStatic]
    private static int[]? t_denseSlots;

    private static void ComputeDenseKeys(int[][] columns, int[]?[]? maps, int[] cardinalities, int items, ulong[] keys)
    {
        void Range(int from, int to)
        {
            Array.Clear(keys, from, to - from);
            for (var c = 0; c < columns.Length; c++)
            {
                var column = columns[c];
                var map = maps?[c];
                var radix = (ulong)Math.Max(1, cardinalities[c]);
                if (map is null)
                {
                    for (var i = from; i < to; i++)
                    {
                        keys[i] = keys[i] * radix + (uint)column[i];
                    }
                }
                else
                {
                    for (var i = from; i < to; i++)
                    {
                        keys[i] = keys[i] * radix + (uint)map[column[i]];
                    }
                }
            }
        }
        if (items >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            var chunks = Math.Min(items / 8192, Environment.ProcessorCount * 4);
            Parallel.For(0, chunks, chunk => Range((int)((long)items * chunk / chunks), (int)((long)items * (chunk + 1) / chunks)));
        }
        else
        {
            Range(0, items);
        }
    }

    private static Grouping GroupDense(ulong[] keys, int items, int[]? weights, int product)
    {
        var slots = t_denseSlots;
        if (slots is null || slots.Length < product)
        {
            slots = new int[Math.Max(product, 1 << 16)];
            t_denseSlots = slots;
        }
        var groupOf = ArrayPool<int>.Shared.Rent(Math.Max(1, items));
        var capacity = (int)Math.Min(items, product);
        var firsts = new int[Math.Max(1, capacity)];
        var sizes = new long[Math.Max(1, capacity)];
        var count = 0;
        for (var i = 0; i < items; i++)
        {
            var key = (int)keys[i];
            var slot = slots[key];
            var weight = weights is null ? 1 : weights[i];
            if (slot == 0)
            {
                firsts[count] = i;
                sizes[count] = weight;
                slots[key] = ++count;
                groupOf[i] = count - 1;
            }
            else
            {
                sizes[slot - 1] += weight;
                groupOf[i] = slot - 1;
            }
        }
        for (var g = 0; g < count; g++)
        {
            slots[(int)keys[firsts[g]]] = 0;
        }
        return new Grouping(groupOf, count, sizes, firsts, pooled: true);
    }

    public static int BitsFor(int cardinality) => cardinality <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(cardinality - 1));

    private static void ComputeKeys(int[][] columns, int[]?[]? maps, int[] shifts, int items, ulong[] keys)
    {
        void Range(int from, int to)
        {
            Array.Clear(keys, from, to - from);
            for (var c = 0; c < columns.Length; c++)
            {
                var column = columns[c];
                var shift = shifts[c];
                var map = maps?[c];
                if (map is null)
                {
                    for (var i = from; i < to; i++)
                    {
                        keys[i] |= (ulong)(uint)column[i] << shift;
                    }
                }
                else
                {
                    for (var i = from; i < to; i++)
                    {
                        keys[i] |= (ulong)(uint)map[column[i]] << shift;
                    }
                }
            }
        }
        if (items >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            var chunks = Math.Min(items / 8192, Environment.ProcessorCount * 4);
            Parallel.For(0, chunks, chunk => Range((int)((long)items * chunk / chunks), (int)((long)items * (chunk + 1) / chunks)));
        }
        else
        {
            Range(0, items);
        }
    }

    private static Grouping GroupKeys(ulong[] keys, int items, int[]? weights)
    {
        var groupOf = ArrayPool<int>.Shared.Rent(Math.Max(1, items));
        var partitions = items >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, 16) : 1;
        if (partitions <= 1)
        {
            var table = KeyTable.Rent(items);
            for (var i = 0; i < items; i++)
            {
                groupOf[i] = table.Insert(keys[i], i, weights is null ? 1 : weights[i]);
            }
            var result = table.ToGrouping(groupOf, items);
            table.Return();
            return result;
        }
        // Each worker owns the keys whose hash falls in its partition; ids are renumbered by first occurrence after.
        var partitionBits = BitsFor(partitions);
        var tables = new KeyTable[partitions];
        Parallel.For(0, partitions, p =>
        {
            var table = KeyTable.Rent(items / partitions);
            for (var i = 0; i < items; i++)
            {
                var key = keys[i];
                if ((int)(KeyTable.Hash(key) >> (64 - partitionBits)) % partitions == p)
                {
                    groupOf[i] = table.Insert(key, i, weights is null ? 1 : weights[i]);
                }
            }
            table.Return();
            tables[p] = table;
        });
        var total = 0;
        var offsets = new int[partitions];
        for (var p = 0; p < partitions; p++)
        {
            offsets[p] = total;
            total += tables[p].Count;
        }
        var firsts = new int[total];
        var sizes = new long[total];
        for (var p = 0; p < partitions; p++)
        {
            Array.Copy(tables[p].Firsts, 0, firsts, offsets[p], tables[p].Count);
            Array.Copy(tables[p].Sizes, 0, sizes, offsets[p], tables[p].Count);
        }
        // Renumber by first occurrence: rank[old id] = new id.
        var order = new int[total];
        for (var g = 0; g < total; g++)
        {
            order[g] = g;
        }
        Array.Sort(firsts, order);
        var rank = new int[total];
        var sortedSizes = new long[total];
        for (var g = 0; g < total; g++)
        {
            rank[order[g]] = g;
            sortedSizes[g] = sizes[order[g]];
        }
        var chunks = Math.Min(items / 8192, Environment.ProcessorCount * 4);
        Parallel.For(0, chunks, chunk =>
        {
            var from = (int)((long)items * chunk / chunks);
            var to = (int)((long)items * (chunk + 1) / chunks);
            for (var i = from; i < to; i++)
            {
                var p = (int)(KeyTable.Hash(keys[i]) >> (64 - partitionBits)) % partitions;
                groupOf[i] = rank[offsets[p] + groupOf[i]];
            }
        });
        return new Grouping(groupOf, total, sortedSizes, firsts, pooled: true);
    }

    /// <summary>Open addressing with linear probing; grows at half load.</summary>
    private sealed class KeyTable
    {
        [ThreadStatic]
        private static (ulong[] Keys, int[] Slots)? t_storage;

        private ulong[] _keys;
        private int[] _slots;   // group id + 1, 0 = empty
        private int _mask;

        private KeyTable(ulong[] keys, int[] slots, int expected)
        {
            _keys = keys;
            _slots = slots;
            _mask = slots.Length - 1;
            var initial = Math.Clamp(expected, 64, 1 << 16);
            Firsts = new int[initial];
            Sizes = new long[initial];
        }

        /// <summary>A table using this thread's storage (kept between calls, so small groupings allocate little).</summary>
        public static KeyTable Rent(int expected)
        {
            var wanted = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expected, 1024, 1 << 16));
            if (t_storage is { } storage && storage.Slots.Length >= wanted)
            {
                t_storage = null;
                return new KeyTable(storage.Keys, storage.Slots, expected);
            }
            return new KeyTable(new ulong[wanted], new int[wanted], expected);
        }

        /// <summary>Clears the storage and gives it back to the thread (the groups stay valid).</summary>
        public void Return()
        {
            Array.Clear(_slots);
            if (_slots.Length <= 1 << 22)
            {
                t_storage = (_keys, _slots);
            }
        }

        public int Count { get; private set; }

        public int[] Firsts { get; private set; }

        public long[] Sizes { get; private set; }

        public static ulong Hash(ulong key)
        {
            key ^= key >> 33;
            key *= 0xff51afd7ed558ccdUL;
            key ^= key >> 33;
            key *= 0xc4ceb9fe1a85ec53UL;
            key ^= key >> 33;
            return key;
        }

        public int Insert(ulong key, int item, long weight)
        {
            var slot = (int)Hash(key) & _mask;
            while (true)
            {
                var stored = _slots[slot];
                if (stored == 0)
                {
                    var id = Count++;
                    if (id == Firsts.Length)
                    {
                        var firsts = Firsts;
                        var sizes = Sizes;
                        Array.Resize(ref firsts, id * 2);
                        Array.Resize(ref sizes, id * 2);
                        Firsts = firsts;
                        Sizes = sizes;
                    }
                    Firsts[id] = item;
                    Sizes[id] = weight;
                    _keys[slot] = key;
                    _slots[slot] = id + 1;
                    if (Count * 2 > _slots.Length)
                    {
                        Grow();
                    }
                    return id;
                }
                if (_keys[slot] == key)
                {
                    Sizes[stored - 1] += weight;
                    return stored - 1;
                }
                slot = (slot + 1) & _mask;
            }
        }

        public Grouping ToGrouping(int[] groupOf, int items) =>
            new(groupOf, Count, Sizes, Firsts, pooled: true);

        private void Grow()
        {
            var keys = _keys;
            var slots = _slots;
            _keys = new ulong[keys.Length * 2];
            _slots = new int[slots.Length * 2];
            _mask = _slots.Length - 1;
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i] != 0)
                {
                    var slot = (int)Hash(keys[i]) & _mask;
                    while (_slots[slot] != 0)
                    {
                        slot = (slot + 1) & _mask;
                    }
                    _keys[slot] = keys[i];
                    _slots[slot] = slots[i];
                }
            }
        }
    }
}

/// <summary>The result of a grouping. <see cref="GroupOf"/> may be a pooled array longer than the item count.</summary>
internal sealed class Grouping(int[] groupOf, int groups, long[] sizes, int[] firsts, bool pooled)
{
    private bool _released;

    public int[] GroupOf { get; } = groupOf;

    public int Groups { get; } = groups;

    /// <summary>Weighted size of each group (may be longer than <see cref="Groups"/>).</summary>
    public long[] Sizes { get; } = sizes;

    /// <summary>First item of each group (may be longer than <see cref="Groups"/>).</summary>
    public int[] Firsts { get; } = firsts;

    public IEnumerable<long> GroupSizes => Sizes.Take(Groups);

    public void Release()
    {
        if (pooled && !_released)
        {
            _released = true;
            ArrayPool<int>.Shared.Return(GroupOf);
        }
    }
}
