namespace Agora.Privacy.Detection;

/// <summary>What a column's values showed: how many were seen and how many carried each signal bit of
/// <see cref="ValueSignals"/>, plus the spread of years when they are dates. It is built value by value
/// (<see cref="Add(string?)"/>) or from counts computed elsewhere (DuckDB aggregates), and merges across threads.</summary>
public sealed class ColumnEvidence
{
    /// <summary>Number of signal bits counted (the year bits are summarised separately).</summary>
    public const int SignalBits = ValueSignals.YearOffset;

    private readonly long[] _counts = new long[SignalBits];
    private readonly long[] _years = new long[ValueSignals.LastYear - ValueSignals.FirstYear + 1];

    /// <summary>Creates empty evidence for a column.</summary>
    public ColumnEvidence(string column)
    {
        Column = column ?? throw new ArgumentNullException(nameof(column));
    }

    /// <summary>The column name as it appears in the data.</summary>
    public string Column { get; }

    /// <summary>Values seen that were not empty.</summary>
    public long Values { get; private set; }

    /// <summary>How many values carried a signal bit.</summary>
    public long Count(int bit) => _counts[bit];

    /// <summary>Share of the non-empty values that are the entity as a whole.</summary>
    public double ShareMatching(PiiEntity entity) => Share((int)entity);

    /// <summary>Share of the non-empty values whose running text contains the entity.</summary>
    public double ShareContaining(PiiEntity entity) => Share(ValueSignals.ContainsOffset + (int)entity);

    /// <summary>Share of the non-empty values with an auxiliary fact.</summary>
    public double Share(AuxiliarySignal signal) => Share((int)signal);

    private double Share(int bit) => Values == 0 ? 0 : (double)_counts[bit] / Values;

    /// <summary>Adds one value.</summary>
    public void Add(string? value) => Add(ValueRecogniser.Recognise(value), !string.IsNullOrWhiteSpace(value));

    /// <summary>Adds one value's signals.</summary>
    public void Add(ValueSignals signals, bool nonEmpty)
    {
        if (!nonEmpty)
        {
            return;
        }
        Values++;
        var bits = signals.Bits;
        for (var bit = 0; bit < SignalBits; bit++)
        {
            if ((bits & (1UL << bit)) != 0)
            {
                _counts[bit]++;
            }
        }
        if (signals.Year is { } year)
        {
            _years[year - ValueSignals.FirstYear]++;
        }
    }

    /// <summary>Sets the totals computed elsewhere (for example by one DuckDB aggregate over the whole column).</summary>
    public void AddCounts(long values, IReadOnlyList<long> countsPerBit, IReadOnlyDictionary<int, long> valuesPerYear)
    {
        ArgumentNullException.ThrowIfNull(countsPerBit);
        ArgumentNullException.ThrowIfNull(valuesPerYear);
        Values += values;
        for (var bit = 0; bit < SignalBits && bit < countsPerBit.Count; bit++)
        {
            _counts[bit] += countsPerBit[bit];
        }
        foreach (var (year, count) in valuesPerYear)
        {
            if (year is >= ValueSignals.FirstYear and <= ValueSignals.LastYear)
            {
                _years[year - ValueSignals.FirstYear] += count;
            }
        }
    }

    /// <summary>Adds another column's evidence (same column, other rows).</summary>
    public void Merge(ColumnEvidence other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Values += other.Values;
        for (var bit = 0; bit < SignalBits; bit++)
        {
            _counts[bit] += other._counts[bit];
        }
        for (var i = 0; i < _years.Length; i++)
        {
            _years[i] += other._years[i];
        }
    }

    /// <summary>The year below which a given share of the dates fall (null when no dates were seen).</summary>
    public int? YearQuantile(double quantile)
    {
        var total = 0L;
        foreach (var count in _years)
        {
            total += count;
        }
        if (total == 0)
        {
            return null;
        }
        var target = Math.Max(1, (long)Math.Ceiling(quantile * total));
        var running = 0L;
        for (var i = 0; i < _years.Length; i++)
        {
            running += _years[i];
            if (running >= target)
            {
                return ValueSignals.FirstYear + i;
            }
        }
        return ValueSignals.LastYear;
    }
}
