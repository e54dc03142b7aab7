namespace Agora.Data.Discovery.Sketches;

/// <summary>A MinHash signature of a set of values, built by one-permutation hashing with optimal densification
/// (Shrivastava, ICML 2017): every value is hashed once, its top bits choose one of <see cref="Length"/> bins and the bin
/// keeps its smallest hash; empty bins borrow from a bin chosen by a fixed hash of (bin, attempt), the same for every set.
/// The probability that two signatures agree at a position is the Jaccard similarity of the two sets, which is what LSH
/// banding and the Jaccard estimate rely on. One hash per value (instead of one per value and position) is what makes
/// sketching 100,000 columns a matter of seconds.</summary>
public sealed class MinHashSignature
{
    /// <summary>The number of positions (bins) of every signature Agora builds.</summary>
    public const int Length = 256;

    private const int BinBits = 8;

    private readonly uint[] _values;

    private MinHashSignature(uint[] values) => _values = values;

    /// <summary>The signature values, one per position.</summary>
    public ReadOnlySpan<uint> Values => _values;

    /// <summary>Builds the signature of a set of value hashes (duplicates are harmless). An empty set has no signature.</summary>
    public static MinHashSignature? Build(IEnumerable<ulong> hashes)
    {
        var builder = new Builder();
        foreach (var hash in hashes)
        {
            builder.Add(hash);
        }
        return builder.ToSignature();
    }

    /// <summary>Wraps stored values (from an index file).</summary>
    public static MinHashSignature FromValues(uint[] values)
    {
        if (values.Length != Length)
        {
            throw new ArgumentException($"A signature has {Length} values, got {values.Length}.", nameof(values));
        }
        return new MinHashSignature(values);
    }

    /// <summary>The estimated Jaccard similarity |A∩B|/|A∪B|: the share of positions where the signatures agree.</summary>
    public double EstimateJaccard(MinHashSignature other)
    {
        var equal = 0;
        for (var i = 0; i < Length; i++)
        {
            if (_values[i] == other._values[i])
            {
                equal++;
            }
        }
        return equal / (double)Length;
    }

    /// <summary>Accumulates hashes one at a time (used while streaming a column).</summary>
    public sealed class Builder
    {
        // The low 56 bits of the hash order values inside a bin; we keep the full 56 bits while building.
        private readonly ulong[] _minimum = new ulong[Length];
        private bool _any;

        /// <summary>Creates an empty builder.</summary>
        public Builder() => Array.Fill(_minimum, ulong.MaxValue);

        /// <summary>Adds one value hash.</summary>
        public void Add(ulong hash)
        {
            var bin = (int)(hash >> (64 - BinBits));
            var rest = hash & ((1UL << (64 - BinBits)) - 1);
            if (rest < _minimum[bin])
            {
                _minimum[bin] = rest;
            }
            _any = true;
        }

        /// <summary>The signature of everything added, or <c>null</c> when nothing was.</summary>
        public MinHashSignature? ToSignature()
        {
            if (!_any)
            {
                return null;
            }
            var values = new uint[Length];
            for (var bin = 0; bin < Length; bin++)
            {
                var source = bin;
                for (ulong attempt = 1; _minimum[source] == ulong.MaxValue; attempt++)
                {
                    source = (int)(ValueHash.Mix(((ulong)bin << 32) | attempt) & (Length - 1));
                }
                // 32 bits of the 56-bit minimum are enough to tell different values apart (2^-32 false agreement).
                values[bin] = (uint)(_minimum[source] >> (64 - BinBits - 32));
            }
            return new MinHashSignature(values);
        }
    }
}
