namespace Agora.Data.Discovery.Containment;

/// <summary>Splits domain sizes into contiguous ranges for LSH Ensemble. Inside a partition the containment threshold is
/// turned into a Jaccard threshold with the partition's upper size bound u, which is exact for sets of size u and too
/// permissive for smaller ones; a set of size x admits false positives roughly in proportion to (u − x)/u. The optimal
/// partitioning minimises the sum of that slack over all sets, by dynamic programming over the distinct sizes (grouped
/// into at most <see cref="MaxGroups"/> groups so the cost stays small for any corpus).</summary>
public static class SizePartitioning
{
    /// <summary>The largest number of size groups the dynamic programme works on.</summary>
    public const int MaxGroups = 400;

    /// <summary>The upper size bound of each partition, ascending; a set of size x belongs to the first partition whose
    /// bound is at least x. Never more than <paramref name="partitions"/> bounds.</summary>
    public static long[] OptimalUpperBounds(IReadOnlyList<long> sizes, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        if (sizes.Count == 0)
        {
            return [long.MaxValue];
        }
        var groups = Group(sizes);
        var n = groups.Count;
        var p = Math.Min(partitions, n);
        // cost[i, j]: slack of putting groups i..j (inclusive) into one partition with upper bound groups[j].Size.
        var cost = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            double slack = 0;
            for (var i = j; i >= 0; i--)
            {
                var upper = (double)groups[j].Size;
                slack += groups[i].Count * (upper - groups[i].Size) / upper;
                cost[i, j] = slack;
            }
        }
        // best[k, j]: least cost of covering groups 0..j with exactly k+1 partitions; first[k, j]: first group of the last one.
        var best = new double[p, n];
        var first = new int[p, n];
        for (var k = 0; k < p; k++)
        {
            for (var j = 0; j < n; j++)
            {
                best[k, j] = double.PositiveInfinity;
            }
        }
        for (var j = 0; j < n; j++)
        {
            best[0, j] = cost[0, j];
        }
        for (var k = 1; k < p; k++)
        {
            for (var j = k; j < n; j++)
            {
                for (var i = k; i <= j; i++)
                {
                    var candidate = best[k - 1, i - 1] + cost[i, j];
                    if (candidate < best[k, j])
                    {
                        best[k, j] = candidate;
                        first[k, j] = i;
                    }
                }
            }
        }
        var chosen = 0;
        for (var k = 1; k < p; k++)
        {
            if (best[k, n - 1] < best[chosen, n - 1])
            {
                chosen = k;
            }
        }
        var bounds = new long[chosen + 1];
        var last = n - 1;
        for (var k = chosen; k >= 0; k--)
        {
            bounds[k] = groups[last].Size;
            last = k == 0 ? -1 : first[k, last] - 1;
        }
        return bounds;
    }

    private static List<(long Size, long Count)> Group(IReadOnlyList<long> sizes)
    {
        var counts = sizes.GroupBy(size => Math.Max(1, size)).Select(g => (Size: g.Key, Count: (long)g.Count())).OrderBy(g => g.Size).ToList();
        if (counts.Count <= MaxGroups)
        {
            return counts;
        }
        // Too many distinct sizes: merge neighbours into groups of equal weight, each keeping its largest size.
        var total = counts.Sum(g => g.Count);
        var perGroup = Math.Max(1, total / MaxGroups);
        var merged = new List<(long Size, long Count)>();
        long pending = 0;
        foreach (var (size, count) in counts)
        {
            pending += count;
            if (pending >= perGroup)
            {
                merged.Add((size, pending));
                pending = 0;
            }
        }
        if (pending > 0)
        {
            merged.Add((counts[^1].Size, pending));
        }
        return merged;
    }
}
