using System.Collections.Concurrent;

namespace Agora.Data.Discovery.Containment;

/// <summary>The banding (b bands of r rows) that best separates sets above a Jaccard threshold from those below it:
/// the probability that a set of similarity s shares a band with the query is 1 − (1 − s^r)^b, and the chosen (b, r)
/// minimises the weighted area of false positives below the threshold and false negatives above it (the LSH Ensemble
/// paper's tuning, done per query and partition). False negatives weigh more because every candidate is verified
/// afterwards, so a false positive costs a little time while a false negative is a lost partner.</summary>
public static class LshParameters
{
    /// <summary>How much more a missed set costs than a needless candidate.</summary>
    public const double FalseNegativeWeight = 4.0;

    private const int IntegrationSteps = 64;
    private const int ThresholdBuckets = 1000;

    private static readonly ConcurrentDictionary<(int Bucket, int MaxBands, int MaxRows), (int Bands, int Rows)> Cache = new();

    /// <summary>The best (bands, rows) for a Jaccard threshold, with at most <paramref name="maxBands"/> bands of at most
    /// <paramref name="maxRows"/> rows. Thresholds are rounded to 1/1000, and results are cached.</summary>
    public static (int Bands, int Rows) Optimal(double jaccardThreshold, int maxBands, int maxRows)
    {
        var bucket = Math.Clamp((int)Math.Round(jaccardThreshold * ThresholdBuckets), 1, ThresholdBuckets);
        return Cache.GetOrAdd((bucket, maxBands, maxRows), key => Compute(key.Bucket / (double)ThresholdBuckets, key.MaxBands, key.MaxRows));
    }

    /// <summary>The probability that a set of Jaccard similarity <paramref name="s"/> becomes a candidate.</summary>
    public static double CandidateProbability(double s, int bands, int rows) => 1 - Math.Pow(1 - Math.Pow(s, rows), bands);

    private static (int Bands, int Rows) Compute(double threshold, int maxBands, int maxRows)
    {
        var best = (Bands: maxBands, Rows: 1);
        var bestCost = double.MaxValue;
        for (var rows = 1; rows <= maxRows; rows++)
        {
            for (var bands = 1; bands <= maxBands; bands++)
            {
                var falsePositive = Integrate(s => CandidateProbability(s, bands, rows), 0, threshold);
                var falseNegative = Integrate(s => 1 - CandidateProbability(s, bands, rows), threshold, 1);
                var cost = falsePositive + (FalseNegativeWeight * falseNegative);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = (bands, rows);
                }
            }
        }
        return best;
    }

    private static double Integrate(Func<double, double> f, double from, double to)
    {
        if (to <= from)
        {
            return 0;
        }
        var step = (to - from) / IntegrationSteps;
        double sum = 0;
        for (var i = 0; i < IntegrationSteps; i++)
        {
            sum += f(from + ((i + 0.5) * step));
        }
        return sum * step;
    }
}
