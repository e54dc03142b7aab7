using System.Collections;

namespace Agora.Data.Discovery.Sketches;

/// <summary>A set of 64-bit value hashes held in one <c>ulong[]</c> (open addressing, linear probing, at most three
/// quarters full, doubled when it would pass that). A <see cref="HashSet{T}"/> of <c>ulong</c> spends 20 bytes per slot
/// (value, cached hash code, chain link, bucket) and keeps old and new tables during a resize; this spends 8, so the
/// distinct values of a column of millions of values cost about a third of the memory. Not thread-safe; the set must
/// not change while it is enumerated.</summary>
public sealed class ValueHashSet : IReadOnlyCollection<ulong>
{
    // 0 marks an empty slot; the hash 0 (which XxHash3 can return) is kept by a flag instead.
    private const ulong Empty = 0;
    private const int InitialCapacity = 16;

    // The largest power of two an array of ulong can have.
    private const int MaxCapacity = 1 << 30;

    private ulong[] _slots = new ulong[InitialCapacity];
    private int _shift = 64 - 4;
    private int _used;
    private bool _hasZero;

    /// <summary>The number of distinct hashes in the set.</summary>
    public int Count => _used + (_hasZero ? 1 : 0);

    /// <summary>Adds a hash.</summary>
    /// <returns><c>true</c> when the hash was not in the set yet.</returns>
    /// <exception cref="InvalidOperationException">The set would pass 805,306,368 hashes.</exception>
    public bool Add(ulong hash)
    {
        if (hash == Empty)
        {
            if (_hasZero)
            {
                return false;
            }
            _hasZero = true;
            return true;
        }
        var mask = _slots.Length - 1;
        var i = SlotOf(hash);
        while (_slots[i] != Empty)
        {
            if (_slots[i] == hash)
            {
                return false;
            }
            i = (i + 1) & mask;
        }
        if (_used + 1 > _slots.Length - (_slots.Length >> 2))
        {
            Grow();
            Insert(hash);
        }
        else
        {
            _slots[i] = hash;
        }
        _used++;
        return true;
    }

    /// <summary>Whether the set holds the hash.</summary>
    public bool Contains(ulong hash)
    {
        if (hash == Empty)
        {
            return _hasZero;
        }
        var mask = _slots.Length - 1;
        for (var i = SlotOf(hash); _slots[i] != Empty; i = (i + 1) & mask)
        {
            if (_slots[i] == hash)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Empties the set and gives its memory back (unlike <see cref="HashSet{T}.Clear"/>, which keeps it).</summary>
    public void Clear()
    {
        _slots = new ulong[InitialCapacity];
        _shift = 64 - 4;
        _used = 0;
        _hasZero = false;
    }

    /// <summary>The same hashes in a new <see cref="HashSet{T}"/>.</summary>
    public HashSet<ulong> ToHashSet()
    {
        var set = new HashSet<ulong>(Count);
        foreach (var hash in this)
        {
            set.Add(hash);
        }
        return set;
    }

    /// <summary>The hashes, in no particular order.</summary>
    public IEnumerator<ulong> GetEnumerator()
    {
        if (_hasZero)
        {
            yield return Empty;
        }
        foreach (var hash in _slots)
        {
            if (hash != Empty)
            {
                yield return hash;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Fibonacci hashing spreads any pattern of keys (sequential numbers, multiples of a power of two) over the table;
    // the top bits of the product pick the slot.
    private int SlotOf(ulong hash) => (int)((hash * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        if (_slots.Length >= MaxCapacity)
        {
            throw new InvalidOperationException("A value hash set cannot hold more than 805,306,368 hashes.");
        }
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _shift--;
        foreach (var hash in old)
        {
            if (hash != Empty)
            {
                Insert(hash);
            }
        }
    }

    // Places a hash known to be absent (used while growing, when no slot can hold it yet).
    private void Insert(ulong hash)
    {
        var mask = _slots.Length - 1;
        var i = SlotOf(hash);
        while (_slots[i] != Empty)
        {
            i = (i + 1) & mask;
        }
        _slots[i] = hash;
    }
}
