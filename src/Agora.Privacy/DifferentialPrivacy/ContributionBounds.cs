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

    /// <summary>A multiple of <see cref="Granularity"/> subtracted before quantising so step counts stay small (about 2^25)
    /// and sums of them stay exact in a double: 0 when the range contains 0, else the midpoint rounded to a step.</summary>
    public double Offset => Lower <= 0 && Upper >= 0 ? 0 : Math.Round(Midpoint / Granularity) * Granularity;

    /// <summary><see cref="Offset"/> in steps.</summary>
    public long OffsetSteps => (long)Math.Round(Offset / Granularity);

    /// <summary><see cref="Midpoint"/> in steps (rounded).</summary>
    public long MidpointSteps => (long)Math.Round(Midpoint / Granularity);

    /// <summary>The steps a clamped value can quantise to: round((clamp(x) − offset)/granularity) lies in this range (widened by
    /// one step each side so no rounding mode can leave it).</summary>
    public (long Lower, long Upper) StepRange =>
        ((long)Math.Floor((Lower - Offset) / Granularity) - 1, (long)Math.Ceiling((Upper - Offset) / Granularity) + 1);

    /// <summary>The largest absolute contribution of one value to a sum, in steps.</summary>
    public long SumStepLimit => Math.Max(Math.Abs(StepRange.Lower + OffsetSteps), Math.Abs(StepRange.Upper + OffsetSteps));

    /// <summary>The largest absolute contribution of one value to a midpoint-centred sum, in steps.</summary>
    public long CentredStepLimit =>
        Math.Max(Math.Abs(StepRange.Lower + OffsetSteps - MidpointSteps), Math.Abs(StepRange.Upper + OffsetSteps - MidpointSteps));

    /// <summary>The step count of one value, as the query computes it (for tests and simulations).</summary>
    public long Quantise(double value) =>
        (long)Math.Round((Math.Clamp(value, Lower, Upper) - Offset) / Granularity, MidpointRounding.AwayFromZero);
}
