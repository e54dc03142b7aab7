namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>How much one privacy unit (a person, a company) may contribute to a query; rows beyond these limits are
/// dropped before aggregation, which is what bounds the sensitivity.</summary>
/// <param name="MaxGroupsPerUnit">Groups (output rows) one unit may contribute to.</param>
/// <param name="MaxRowsPerGroup">Rows one unit may contribute to one group.</param>
public sealed record ContributionBounds(int MaxGroupsPerUnit = 1, int MaxRowsPerGroup = 1)
{
    /// <summary>Throws if a limit is not positive.</summary>
    public void Validate()
    {
        if (MaxGroupsPerUnit < 1 || MaxRowsPerGroup < 1)
        {
            throw new ArgumentException("Contribution limits must be at least 1 group and 1 row per group.");
        }
    }
}

/// <summary>Public clamping bounds for a numeric column, declared by the data provider (never learned from the data).</summary>
/// <param name="Lower">Smallest value; smaller values are raised to it.</param>
/// <param name="Upper">Largest value; larger values are lowered to it.</param>
public sealed record ValueBounds(double Lower, double Upper)
{
    /// <summary>Steps that a value range is split into when values are turned into integers for exact sums.</summary>
    public const int QuantisationBits = 24;

    /// <summary>Throws unless the bounds are finite and <see cref="Lower"/> &lt; <see cref="Upper"/>.</summary>
    public void Validate(string column)
    {
        if (!double.IsFinite(Lower) || !double.IsFinite(Upper) || !(Lower < Upper))
        {
            // Equal bounds once made a library add zero noise (smartnoise-core PR #318); refuse them.
            throw new ArgumentException($"Column '{column}': bounds must be finite numbers with lower < upper.");
        }
    }

    /// <summary>The power of two that values are measured in when summed as integers: about 2^24 steps over the range.</summary>
    public double Granularity => Math.ScaleB(1.0, (int)Math.Floor(Math.Log2(Upper - Lower)) - QuantisationBits);

    /// <summary>The middle of the range, used to centre sums for means (half the error of an uncentred sum).</summary>
    public double Midpoint => (Lower / 2) + (Upper / 2);

    /// <summary>The integer range of a clamped value divided by <see cref="Granularity"/> and rounded.</summary>
    public (long Lower, long Upper) IntegerRange => ((long)Math.Round(Lower / Granularity), (long)Math.Round(Upper / Granularity));

    /// <summary>The largest absolute integer of a centred, quantised value.</summary>
    public long CentredIntegerLimit => (long)Math.Ceiling((Upper - Lower) / (2 * Granularity));
}
