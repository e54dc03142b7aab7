using Agora.Privacy.Anonymisation;

namespace Agora.Privacy.Risk;

/// <summary>Risk figures of one attacker model.</summary>
/// <param name="HighestRisk">The highest probability that a record is re-identified.</param>
/// <param name="AverageRisk">The average of that probability over records.</param>
/// <param name="RecordsAtHighestRisk">Share of records whose risk is the highest risk.</param>
public sealed record AttackerRisk(double HighestRisk, double AverageRisk, double RecordsAtHighestRisk);

/// <summary>Share of records whose re-identification risk lies in (<paramref name="Above"/>, <paramref name="AtMost"/>].</summary>
public sealed record RiskBand(double Above, double AtMost, double Records);

/// <summary>
/// Re-identification risk of a table on its quasi-identifiers.
/// </summary>
/// <param name="Records">Records analysed (suppressed records are not: their quasi-identifiers are all <c>*</c>).</param>
/// <param name="Classes">Equivalence classes.</param>
/// <param name="Prosecutor">The attacker knows the target is in the data: risk of a record is 1 / its class size.</param>
/// <param name="Journalist">The attacker does not know whether the target is in the data: risk is 1 / the size of the
/// matching population class, estimated as class size ÷ sampling fraction when a population size is given (equal to
/// prosecutor risk otherwise).</param>
/// <param name="Marketer">Expected share of records re-identified when the attacker links every record.</param>
/// <param name="SampleUniques">Records that are unique in the data.</param>
/// <param name="SampleUniqueness">Share of records that are unique in the data.</param>
/// <param name="Population">Population uniqueness estimates, when a population size is given and there are uniques.</param>
/// <param name="Distribution">Share of records per prosecutor-risk band, for the risk chart.</param>
public sealed record RiskReport(
    long Records,
    long Classes,
    AttackerRisk Prosecutor,
    AttackerRisk Journalist,
    double Marketer,
    long SampleUniques,
    double SampleUniqueness,
    PopulationUniquenessEstimate? Population,
    IReadOnlyList<RiskBand> Distribution);

/// <summary>Computes sample-based and population-based re-identification risk.</summary>
public static class ReidentificationRisk
{
    private static readonly double[] BandEdges = [1, 0.5, 1 / 3.0, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01, 0.001, 0];

    /// <summary>Analyses a table given its quasi-identifier columns (rows grouped by equal values).</summary>
    public static RiskReport Analyse(IReadOnlyList<EncodedColumn> quasiIdentifiers, long? populationSize = null)
    {
        ArgumentNullException.ThrowIfNull(quasiIdentifiers);
        if (quasiIdentifiers.Count == 0)
        {
            throw new ArgumentException("At least one quasi-identifier is needed.", nameof(quasiIdentifiers));
        }
        var grouping = RowGrouping.Group([.. quasiIdentifiers.Select(c => c.Codes)],
            [.. quasiIdentifiers.Select(c => c.Dictionary.Count)], quasiIdentifiers[0].RowCount);
        var histogram = new SortedDictionary<long, long>();
        foreach (var size in grouping.GroupSizes)
        {
            histogram[size] = histogram.TryGetValue(size, out var count) ? count + 1 : 1;
        }
        grouping.Release();
        return FromClassSizes(histogram, populationSize);
    }

    /// <summary>Analyses a class-size histogram: size → number of classes of that size.</summary>
    public static RiskReport FromClassSizes(IReadOnlyDictionary<long, long> classSizes, long? populationSize = null)
    {
        ArgumentNullException.ThrowIfNull(classSizes);
        long records = 0;
        long classes = 0;
        long smallest = long.MaxValue;
        foreach (var (size, count) in classSizes)
        {
            if (size <= 0 || count <= 0)
            {
                continue;
            }
            records += size * count;
            classes += count;
            smallest = Math.Min(smallest, size);
        }
        if (records == 0)
        {
            var none = new AttackerRisk(0, 0, 0);
            return new RiskReport(0, 0, none, none, 0, 0, 0, null, []);
        }
        if (populationSize is { } population && population < records)
        {
            throw new ArgumentOutOfRangeException(nameof(populationSize), "The population cannot be smaller than the data.");
        }
        var atSmallest = smallest * classSizes[smallest];
        var prosecutor = new AttackerRisk(1.0 / smallest, classes / (double)records, atSmallest / (double)records);
        // With a population, a class of size f is assumed to stand for f / π people (π = sampling fraction).
        var fraction = populationSize is { } p ? records / (double)p : 1.0;
        var journalist = new AttackerRisk(Math.Min(1, fraction / smallest), Math.Min(1, fraction * classes / records), prosecutor.RecordsAtHighestRisk);
        var marketer = journalist.AverageRisk;
        var uniques = classSizes.TryGetValue(1, out var c1) ? c1 : 0;
        PopulationUniquenessEstimate? estimate = null;
        if (populationSize is { } size2)
        {
            var positive = classSizes.Where(e => e.Key > 0 && e.Value > 0).ToDictionary(e => e.Key, e => e.Value);
            estimate = PopulationUniqueness.Estimate(positive, size2);
        }
        return new RiskReport(records, classes, prosecutor, journalist, marketer, uniques, uniques / (double)records, estimate,
            Distribution(classSizes, records));
    }

    private static List<RiskBand> Distribution(IReadOnlyDictionary<long, long> classSizes, long records)
    {
        var bands = new List<RiskBand>();
        for (var i = 0; i + 1 < BandEdges.Length; i++)
        {
            var atMost = BandEdges[i];
            var above = BandEdges[i + 1];
            long inBand = 0;
            foreach (var (size, count) in classSizes)
            {
                var risk = 1.0 / size;
                if (risk > above && risk <= atMost)
                {
                    inBand += size * count;
                }
            }
            bands.Add(new RiskBand(above, atMost, inBand / (double)records));
        }
        return bands;
    }
}
