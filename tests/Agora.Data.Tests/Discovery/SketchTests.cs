using Agora.Data.Discovery;
using Agora.Data.Discovery.Containment;
using Agora.Data.Discovery.Sketches;
using Agora.Data.Files;

namespace Agora.Data.Tests.Discovery;

public sealed class SketchTests
{
    private static IEnumerable<ulong> Hashes(int from, int count) =>
        Enumerable.Range(from, count).Select(i => ValueHash.OfNormalised("v" + i));

    [Fact]
    public void HyperLogLog_EstimatesWithinFivePercent_AndMergesToTheUnion()
    {
        var a = new HyperLogLog();
        var b = new HyperLogLog();
        foreach (var h in Hashes(0, 60_000))
        {
            a.Add(h);
        }
        foreach (var h in Hashes(40_000, 60_000))
        {
            b.Add(h);
        }
        Assert.InRange(a.Estimate(), 57_000, 63_000);
        a.Merge(b);
        Assert.InRange(a.Estimate(), 95_000, 105_000);
    }

    [Fact]
    public void HyperLogLog_IsNearlyExactForSmallSets()
    {
        var sketch = new HyperLogLog();
        foreach (var h in Hashes(0, 100))
        {
            sketch.Add(h);
        }
        Assert.InRange(sketch.Estimate(), 97, 103);
    }

    [Fact]
    public void MinHash_EstimatesJaccard()
    {
        // |A∩B| = 5,000, |A∪B| = 15,000: Jaccard 1/3.
        var a = MinHashSignature.Build(Hashes(0, 10_000))!;
        var b = MinHashSignature.Build(Hashes(5_000, 10_000))!;
        Assert.InRange(a.EstimateJaccard(b), 0.33 - 0.09, 0.33 + 0.09);
        Assert.Equal(1.0, a.EstimateJaccard(MinHashSignature.Build(Hashes(0, 10_000))!));
    }

    [Fact]
    public void MinHash_OfASmallSet_FillsEveryPositionConsistently()
    {
        var a = MinHashSignature.Build(Hashes(0, 3))!;
        var b = MinHashSignature.Build(Hashes(0, 3).Reverse())!;
        Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
        Assert.Equal(3, a.Values.ToArray().Distinct().Count());
    }

    [Fact]
    public void BottomK_IsExactBelowCapacity_AndEstimatesContainmentAbove()
    {
        var small = new BottomKSketch.Builder();
        foreach (var h in Hashes(0, 200))
        {
            small.Add(h);
        }
        var smallSketch = small.ToSketch();
        Assert.True(smallSketch.IsComplete);
        Assert.Equal(0.5, smallSketch.EstimateContainmentOf(Hashes(100, 200).ToList()).Containment);

        var large = new BottomKSketch.Builder();
        foreach (var h in Hashes(0, 4_000))
        {
            large.Add(h);
        }
        var largeSketch = large.ToSketch();
        Assert.False(largeSketch.IsComplete);
        Assert.Equal(BottomKSketch.Capacity, largeSketch.Hashes.Length);
        var (containment, sample) = largeSketch.EstimateContainmentOf(Hashes(2_000, 4_000).ToList());
        Assert.InRange(containment, 0.35, 0.65);
        Assert.True(sample > 50);
    }

    [Fact]
    public void SizePartitioning_GivesAscendingBounds_CoveringTheLargest()
    {
        var sizes = Enumerable.Range(1, 5_000).Select(i => (long)(10 + (i * i % 7_919))).ToList();
        var bounds = SizePartitioning.OptimalUpperBounds(sizes, 8);
        Assert.InRange(bounds.Length, 2, 8);
        Assert.Equal(bounds.Order().ToArray(), bounds);
        Assert.Equal(sizes.Max(), bounds[^1]);
    }

    [Fact]
    public void LshParameters_UseShortBandsForLowThresholds_AndLongerForHighOnes()
    {
        var low = LshParameters.Optimal(0.02, LshEnsemble.Bands, LshEnsemble.MaxRows);
        var high = LshParameters.Optimal(0.8, LshEnsemble.Bands, LshEnsemble.MaxRows);
        Assert.Equal(1, low.Rows);
        Assert.True(high.Rows > low.Rows || high.Bands < low.Bands);
    }

    [Fact]
    public void Index_AddsRemovesAndFindsTablesIncrementally()
    {
        var index = new DiscoveryIndex();
        var (a, _) = ValueSketches.OfColumn("code", Enumerable.Range(0, 500).Select(i => "c" + i));
        var (b, _) = ValueSketches.OfColumn("id", Enumerable.Range(0, 500).Select(i => "x" + i));
        index.Add(ValueSketches.TableOf("a", [a!]));
        index.Add(ValueSketches.TableOf("b", [b!]));
        var (query, hashes) = ValueSketches.OfColumn("q", Enumerable.Range(100, 200).Select(i => "C" + i + " "));
        var found = index.ThresholdSearch("query", query!, hashes, 0.5);
        Assert.Equal("a", Assert.Single(found).Table);
        Assert.Equal(1.0, found[0].Containment);
        Assert.True(index.Remove("a"));
        Assert.Empty(index.ThresholdSearch("query", query!, hashes, 0.5));
        index.Optimise();
        Assert.Empty(index.ThresholdSearch("query", query!, hashes, 0.5));
        Assert.Equal(1, index.TableCount);
    }

    [Fact]
    public void IndexFile_RoundTripsEveryTable_AndRejectsOtherFiles()
    {
        var folder = Directory.CreateTempSubdirectory("agora-index-");
        try
        {
            var index = new DiscoveryIndex();
            var (a, hashes) = ValueSketches.OfColumn("code", Enumerable.Range(0, 1_000).Select(i => "c" + i));
            index.Add(ValueSketches.TableOf("a", [a!]));
            var path = Path.Combine(folder.FullName, "x.index");
            DiscoveryIndexFile.Save(index, path);
            var loaded = DiscoveryIndexFile.Load(path);
            var table = Assert.Single(loaded.Tables);
            Assert.Equal(a!.Signature.Values.ToArray(), table.KeyColumns[0].Signature.Values.ToArray());
            Assert.Equal(a.Distinct.Registers.ToArray(), table.KeyColumns[0].Distinct.Registers.ToArray());
            Assert.Equal("a", Assert.Single(loaded.ThresholdSearch("q", a, hashes, 0.9)).Table);
            var other = Path.Combine(folder.FullName, "other.index");
            File.WriteAllText(other, "not an index");
            Assert.Throws<InvalidDataException>(() => DiscoveryIndexFile.Load(other));
            Assert.Empty(Directory.GetFiles(folder.FullName, "*.tmp"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void LargeFiles_ReadThroughAView_OrWithoutHashSets_GiveTheSameSketchAsACopy()
    {
        var folder = Directory.CreateTempSubdirectory("agora-sketch-view-");
        try
        {
            var path = Path.Combine(folder.FullName, "people.csv");
            File.WriteAllLines(path, ["id;name;city;amount", .. Enumerable.Range(0, 3_000).Select(i => $"P{i % 2_500};Name {i % 700};City {i % 13};{i * 1.5}")]);
            var copied = TableSketcher.SketchFile(path, new SketchOptions(CopyLimitBytes: long.MaxValue));
            var viewed = TableSketcher.SketchFile(path, new SketchOptions(CopyLimitBytes: 0));
            var lean = TableSketcher.SketchFile(path, new SketchOptions(KeepQueryHashes: false));
            byte[] Saved(SketchResult result, string name)
            {
                var index = new DiscoveryIndex();
                index.Add(result.Query.Sketch);
                var file = Path.Combine(folder.FullName, name);
                DiscoveryIndexFile.Save(index, file);
                return File.ReadAllBytes(file);
            }
            Assert.Equal(Saved(copied, "a.index"), Saved(viewed, "b.index"));
            Assert.Equal(Saved(copied, "a.index"), Saved(lean, "c.index"));
            Assert.Empty(lean.Query.ValueHashes);
            Assert.Empty(lean.Query.ColumnHashes);
            Assert.Equal(3, copied.Query.ColumnHashes.Count);
            Assert.Equal(3_000, viewed.Query.Sketch.Rows);
            Assert.Equal(["id", "name", "city"], viewed.Query.Sketch.KeyColumns.Select(c => c.Column));
            Assert.Equal(copied.Query.ValueHashes.Order(), viewed.Query.ValueHashes.Order());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void UnderATightMemoryLimit_ColumnsAreGroupedOneAtATime_WithTheSameSketch()
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        Execute("CREATE TABLE t AS SELECT 'alpha-' || i AS a, 'beta-' || (i * 7) AS b, 'gamma-' || (i * 13) AS c, 'delta-' || (i * 17) AS d FROM range(400000) r(i)");
        var unlimited = TableSketcher.SketchRelation(connection, "t", "t", "t").Query.Sketch;
        Execute("SET threads = 1; SET memory_limit = '12MB'");
        // Grouping all four columns at once does not fit…
        var all = Assert.ThrowsAny<DuckDB.NET.Data.DuckDBException>(() =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT k, v, count(*) FROM (UNPIVOT t ON COLUMNS(*) INTO NAME k VALUE v) GROUP BY ALL";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
        });
        Assert.StartsWith("Out of Memory", all.Message, StringComparison.Ordinal);
        // …so the sketcher groups one column at a time, and gets the same sketch.
        var limited = TableSketcher.SketchRelation(connection, "t", "t", "t").Query.Sketch;
        Assert.Equal(unlimited.Rows, limited.Rows);
        Assert.Equal(unlimited.KeyColumns.Select(c => (c.Column, c.DistinctCount)), limited.KeyColumns.Select(c => (c.Column, c.DistinctCount)));
        for (var i = 0; i < unlimited.KeyColumns.Count; i++)
        {
            Assert.Equal(unlimited.KeyColumns[i].Signature.Values.ToArray(), limited.KeyColumns[i].Signature.Values.ToArray());
            Assert.Equal(unlimited.KeyColumns[i].BottomK.Hashes.ToArray(), limited.KeyColumns[i].BottomK.Hashes.ToArray());
        }
        Assert.Equal(unlimited.Union.ValueTokens.OrderBy(p => p.Key, StringComparer.Ordinal), limited.Union.ValueTokens.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(unlimited.Union.Values.Hashes.ToArray(), limited.Union.Values.Hashes.ToArray());
    }

    /// <summary>SQL normalises pure-ASCII values and .NET the rest; spellings of one value still count once, also when a
    /// value with a non-ASCII character normalises to plain ASCII (a trailing no-break space, the Kelvin sign), and the
    /// sketch without hash sets is the one with them, byte for byte.</summary>
    [Fact]
    public void Spellings_OfOneValue_CountOnce_WhicheverSideNormalisesThem()
    {
        string[] cities = ["Paris", "paris ", " PARIS", "paris\u00A0", "\u00A0Paris", "New  York", "new york", "NEW\tYORK", "\u212Aiel", "kiel", "Kiel\u2003",
            "Lyon", "Bergen", "Oslo"];
        string[] names = ["Émile", "émile", " ÉMILE ", "Zoë", "ZOË", "zoë\u00A0\u00A0", "Anna", "anna ", "ANNA", "Jörg  Müller", "jörg müller", "Ola"];
        string[] codes = ["A1", "a1", " A1", "b2", "B2\t", "c  3", "C 3", "d4", "e5", "\r\nf6 "];
        var rows = Enumerable.Range(0, 60).Select(i => (City: cities[i % cities.Length], Name: names[i % names.Length], Code: codes[i % codes.Length])).ToList();
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE t AS SELECT * FROM (VALUES " +
                string.Join(", ", rows.Select(r => $"({DuckDbSql.Literal(r.City)}, {DuckDbSql.Literal(r.Name)}, {DuckDbSql.Literal(r.Code)})")) + ") v(city, name, code)";
            command.ExecuteNonQuery();
        }
        // Every ASCII character around, between and inside letters: SQL must normalise them exactly as .NET does.
        var ascii = Enumerable.Range(1, 127).Select(c => (char)c).SelectMany(c => new[] { $"{c}A{c}{c}b{c}", $"{c}{c}", $"x{c}Y", $"{c}" }).ToList();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE a AS SELECT * FROM (VALUES " + string.Join(", ", ascii.Select(v => $"({DuckDbSql.Literal(v)})")) + ") v(s)";
            command.ExecuteNonQuery();
        }
        var asciiHashes = TableSketcher.SketchRelation(connection, "a", "a", "a").Query.ValueHashes;
        Assert.Equal(ascii.Select(ValueHash.Normalise).OfType<string>().Select(ValueHash.OfNormalised).Distinct().Order(), asciiHashes.Order());

        var lean = TableSketcher.SketchRelation(connection, "t", "t", "t", new SketchOptions(KeepQueryHashes: false)).Query.Sketch;
        var exact = TableSketcher.SketchRelation(connection, "t", "t", "t", new SketchOptions(KeepQueryHashes: true));

        static int DistinctNormalised(IEnumerable<string> values) => values.Select(ValueHash.Normalise).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal([("city", DistinctNormalised(cities)), ("name", DistinctNormalised(names)), ("code", DistinctNormalised(codes))],
            lean.KeyColumns.Select(c => (c.Column, c.DistinctCount)));
        Assert.Equal(6, DistinctNormalised(cities));
        Assert.Equal(6, exact.Query.ColumnHashes["city"].Count);
        var folder = Directory.CreateTempSubdirectory("agora-sketch-spellings-");
        try
        {
            byte[] Saved(TableSketch sketch, string name)
            {
                var index = new DiscoveryIndex();
                index.Add(sketch);
                var file = Path.Combine(folder.FullName, name);
                DiscoveryIndexFile.Save(index, file);
                return File.ReadAllBytes(file);
            }
            Assert.Equal(Saved(exact.Query.Sketch, "exact.index"), Saved(lean, "lean.index"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
