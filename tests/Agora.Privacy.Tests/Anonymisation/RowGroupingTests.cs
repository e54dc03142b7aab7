using Agora.Privacy.Anonymisation;

namespace Agora.Privacy.Tests.Anonymisation;

public sealed class RowGroupingTests
{
    [Theory]
    [InlineData(1_000, new[] { 3, 4, 5 })]                        // dense array path
    [InlineData(5_000, new[] { 1000, 1000, 1000 })]              // hashed 64-bit keys
    [InlineData(200_000, new[] { 5000, 5000, 5000 })]            // hashed, split across cores
    [InlineData(200_000, new[] { 7, 9, 11 })]                    // dense, keys computed in parallel
    [InlineData(3_000, new[] { 1 << 30, 1 << 30, 1 << 30 })]     // wider than 64 bits: columns folded pairwise
    public void Group_MatchesDictionaryGrouping_InFirstOccurrenceOrder(int items, int[] cardinalities)
    {
        var random = new Random(items + cardinalities.Length);
        var columns = cardinalities.Select(c => Enumerable.Range(0, items).Select(_ => random.Next(Math.Min(c, 60))).ToArray()).ToArray();
        var weights = Enumerable.Range(0, items).Select(_ => random.Next(1, 4)).ToArray();

        var grouping = RowGrouping.Group(columns, cardinalities, items, null, weights);

        var expectedIds = new Dictionary<string, int>();
        var expectedSizes = new List<long>();
        for (var i = 0; i < items; i++)
        {
            var key = string.Join(",", columns.Select(c => c[i]));
            if (!expectedIds.TryGetValue(key, out var id))
            {
                expectedIds[key] = id = expectedIds.Count;
                expectedSizes.Add(0);
            }
            expectedSizes[id] += weights[i];
            Assert.Equal(id, grouping.GroupOf[i]);
        }
        Assert.Equal(expectedIds.Count, grouping.Groups);
        Assert.Equal(expectedSizes, grouping.GroupSizes);
        grouping.Release();
    }

    [Fact]
    public void Group_AppliesMapsBeforeGrouping()
    {
        int[][] columns = [[0, 1, 2, 3], [0, 0, 1, 1]];
        var grouping = RowGrouping.Group(columns, [2, 2], 4, [[0, 0, 1, 1], null]);
        Assert.Equal([0, 0, 1, 1], grouping.GroupOf.Take(4));
        Assert.Equal([2L, 2L], grouping.GroupSizes);
    }
}
