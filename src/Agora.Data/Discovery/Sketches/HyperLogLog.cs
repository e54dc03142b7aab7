using System.Numerics;

namespace Agora.Data.Discovery.Sketches;

/// <summary>A HyperLogLog distinct-count sketch (Flajolet et al. 2007, with the linear-counting correction for small
/// counts) over <see cref="ValueHash"/> hashes. Two sketches of the same precision merge into the sketch of the union, so the
/// distinct count of several versions or tables never needs their values again.</summary>
public sealed class HyperLogLog
{
    /// <summary>The default precision: 2^11 registers, a standard error of about 1.04/√2048 ≈ 2.3 %.</summary>
    public const int DefaultPrecision = 11;

    private readonly byte[] _registers;

    /// <summary>An empty sketch with 2^<paramref name="precision"/> registers (4 to 16).</summary>
    public HyperLogLog(int precision = DefaultPrecision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 16);
        Precision = precision;
        _registers = new byte[1 << precision];
    }

    private HyperLogLog(int precision, byte[] registers)
    {
        Precision = precision;
        _registers = registers;
    }

    /// <summary>log2 of the number of registers.</summary>
    public int Precision { get; }

    /// <summary>The registers (one byte each, the largest rank seen in that register).</summary>
    public ReadOnlySpan<byte> Registers => _registers;

    /// <summary>Adds one hashed value.</summary>
    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        var rest = (hash << Precision) | (1UL << (Precision - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index])
        {
            _registers[index] = rank;
        }
    }

    /// <summary>Folds another sketch of the same precision into this one (the sketch of the union).</summary>
    public void Merge(HyperLogLog other)
    {
        if (other.Precision != Precision)
        {
            throw new ArgumentException("HyperLogLog sketches of different precision cannot be merged.", nameof(other));
        }
        for (var i = 0; i < _registers.Length; i++)
        {
            _registers[i] = Math.Max(_registers[i], other._registers[i]);
        }
    }

    /// <summary>The estimated number of distinct values added.</summary>
    public double Estimate()
    {
        var m = _registers.Length;
        double sum = 0;
        var zeros = 0;
        foreach (var register in _registers)
        {
            sum += Math.ScaleB(1.0, -register);
            if (register == 0)
            {
                zeros++;
            }
        }
        var alpha = m switch
        {
            16 => 0.673,
            32 => 0.697,
            64 => 0.709,
            _ => 0.7213 / (1 + (1.079 / m)),
        };
        var raw = alpha * m * m / sum;
        // Small range: linear counting on the empty registers is far more accurate there.
        if (raw <= 2.5 * m && zeros > 0)
        {
            return m * Math.Log((double)m / zeros);
        }
        return raw;
    }

    /// <summary>The registers that are not zero, as (index, rank) pairs: the compact form stored for small columns.</summary>
    public IEnumerable<(int Index, byte Rank)> NonZeroRegisters()
    {
        for (var i = 0; i < _registers.Length; i++)
        {
            if (_registers[i] != 0)
            {
                yield return (i, _registers[i]);
            }
        }
    }

    /// <summary>Rebuilds a sketch from its registers.</summary>
    public static HyperLogLog FromRegisters(int precision, byte[] registers)
    {
        if (registers.Length != 1 << precision)
        {
            throw new ArgumentException($"Expected {1 << precision} registers, got {registers.Length}.", nameof(registers));
        }
        return new HyperLogLog(precision, registers);
    }
}
