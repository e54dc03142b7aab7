using Agora.Data.Discovery;
using Agora.Data.Discovery.Union;

namespace Agora.Data.Tests.Discovery;

public sealed class NearCopyTests
{
    [Theory]
    [InlineData(0.0, 0.7, 0.0)]
    [InlineData(0.7, 0.7, 0.0)]
    [InlineData(0.85, 0.7, 0.5)]
    [InlineData(1.0, 0.7, 1.0)]
    [InlineData(1.0, 1.0, 0.0)]
    public void NearCopy_GrowsFromTheThresholdToFullContainment(double containment, double from, double expected)
    {
        var parts = new UnionScorer.Parts(Bag: 0.5, Header: 0.5, Values: containment, ValueTokens: 0.5, Name: 0);
        var weights = new UnionWeights(NearCopyFrom: from);
        Assert.Equal(expected, parts.NearCopy(weights), precision: 9);
        Assert.Equal(parts.Total(weights with { NearCopy = 0 }) - (weights.NearCopy * expected), parts.Total(weights), precision: 9);
    }

    [Fact]
    public void ATableThatAlreadyHoldsTheQuerysRows_RanksBelowOneThatWouldAddRows_ButStaysListed()
    {
        var folder = Directory.CreateTempSubdirectory("agora-near-copy-").FullName;
        try
        {
            var query = Write(folder, "query.csv", "Country,Capital,Currency\n", ["France,Paris,Euro", "Spain,Madrid,Euro", "Japan,Tokyo,Yen", "Chile,Santiago,Peso"]);
            // The query's rows again with one more column: appending it adds nothing new.
            Write(folder, "copy.csv", "Country,Capital,Currency,Population\n",
                ["France,Paris,Euro,68", "Spain,Madrid,Euro,48", "Japan,Tokyo,Yen,124", "Chile,Santiago,Peso,19"]);
            // Other countries in the same columns: appending it adds four rows.
            Write(folder, "more.csv", "Country,Capital,Currency\n", ["Peru,Lima,Sol", "Kenya,Nairobi,Shilling", "Italy,Rome,Euro", "India,New Delhi,Rupee"]);
            Write(folder, "other.csv", "Species,Habitat\n", ["Otter,River", "Lynx,Forest"]);
            var index = new DiscoveryIndex();
            foreach (var name in new[] { "copy.csv", "more.csv", "other.csv" })
            {
                index.Add(TableSketcher.SketchFile(Path.Combine(folder, name)).Query.Sketch);
            }
            var queryTable = TableSketcher.SketchFile(query).Query;

            var ranked = index.Unionable(queryTable, 3);
            Assert.Equal(["more.csv", "copy.csv"], ranked.Take(2).Select(m => Path.GetFileName(m.Table)));
            var copy = ranked.Single(m => m.Table.EndsWith("copy.csv", StringComparison.Ordinal));
            Assert.Equal(1, copy.Parts.Values, precision: 9);
            Assert.Equal(1, copy.Parts.NearCopy(UnionWeights.Default), precision: 9);
            Assert.Equal(0, ranked[0].Parts.NearCopy(UnionWeights.Default), precision: 9);

            // Without the near-copy part the copy would come first: the part is what moves it.
            var withoutPenalty = index.Unionable(queryTable, 3, UnionWeights.Default with { NearCopy = 0 });
            Assert.EndsWith("copy.csv", withoutPenalty[0].Table, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Write(string folder, string name, string header, string[] rows)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, header + string.Join('\n', rows) + "\n");
        return path;
    }
}
