using Agora.Privacy.Anonymisation;

namespace Agora.Privacy.Tests.Anonymisation;

public sealed class HierarchyTests
{
    [Fact]
    public void ArxCsv_RoundTripsAdultAge()
    {
        var text = File.ReadAllText(Path.Combine(AdultData.Folder, "adult_hierarchy_age.csv"));
        var hierarchy = HierarchyCsv.Parse("age", text);
        Assert.Equal(5, hierarchy.Levels);
        Assert.Equal(100, hierarchy.LeafCount);
        Assert.Equal("20-24", hierarchy.Label(1, hierarchy.Generalise(1, hierarchy.LeafIndexOf("23"))));
        Assert.Equal(text.Replace("\r\n", "\n", StringComparison.Ordinal), HierarchyCsv.Format(hierarchy));
    }

    [Fact]
    public void Parse_RowsWithDifferentLevelCounts_NamesTheRow()
    {
        var error = Assert.Throws<HierarchyException>(() => HierarchyCsv.Parse("zip", "1000;10**;*\n2000;*\n"));
        Assert.Contains("row 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("same number of levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LabelGeneralisingTwoWays_IsInconsistent()
    {
        var error = Assert.Throws<HierarchyException>(() => HierarchyCsv.Parse("city", "a;North;*\nb;North;*\nc;South;*\nd;South;Europe\n"));
        Assert.Contains("inconsistent", error.Message, StringComparison.Ordinal);
        Assert.Contains("'South'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatedValue_NamesBothRows()
    {
        var error = Assert.Throws<HierarchyException>(() => HierarchyCsv.Parse("x", "a;*\nb;*\na;*\n"));
        Assert.Contains("rows 1 and 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intervals_NestAndTopBottomCode()
    {
        var hierarchy = HierarchyBuilders.Intervals("age", ["17", "23", "37", "95"], [5, 10], bottom: 18, top: 90);
        Assert.Equal(["17", "<18", "<18", "*"], hierarchy.Rows().First());
        Assert.Equal(["23", "20-24", "20-29", "*"], hierarchy.Rows().ElementAt(1));
        Assert.Equal(["95", ">=90", ">=90", "*"], hierarchy.Rows().Last());
    }

    [Fact]
    public void Intervals_WidthNotMultiple_IsRejected()
    {
        var error = Assert.Throws<HierarchyException>(() => HierarchyBuilders.Intervals("age", ["1"], [5, 7]));
        Assert.Contains("not a multiple", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intervals_NonNumber_NamesTheValue()
    {
        var error = Assert.Throws<HierarchyException>(() => HierarchyBuilders.Intervals("age", ["12", "twelve"], [5]));
        Assert.Contains("'twelve'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_TruncateDayMonthYearDecade()
    {
        var hierarchy = HierarchyBuilderSpec.Parse("date:month,year,decade").Build("born", ["1987-04-12"]);
        Assert.Equal(["1987-04-12", "1987-04", "1987", "1980-1989", "*"], hierarchy.Rows().Single());
    }

    [Fact]
    public void Masking_FromTheRight()
    {
        var hierarchy = HierarchyBuilderSpec.Parse("mask:1").Build("postcode", ["L-1234", "L-1299"]);
        var row = hierarchy.Rows().First();
        Assert.Equal("L-123*", row[1]);
        Assert.Equal("L-12**", row[2]);
        Assert.Equal("*", row[^1]);
        Assert.Equal(hierarchy.Generalise(2, 0), hierarchy.Generalise(2, 1));
    }

    [Fact]
    public void Grouping_NestsConsecutiveValues()
    {
        var hierarchy = HierarchyBuilderSpec.Parse("group:2,4").Build("grade", ["d", "a", "c", "b", "e"]);
        var rows = hierarchy.Rows().ToDictionary(r => r[0]);
        Assert.Equal("a|b", rows["b"][1]);
        Assert.Equal("a|b|c|d", rows["d"][2]);
        Assert.Equal("e", rows["e"][1]);
    }

    [Fact]
    public void BuiltHierarchy_SavedAndReloaded_IsTheSame()
    {
        var built = HierarchyBuilderSpec.Parse("interval:5,10,20").Build("age", Enumerable.Range(17, 70).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var reloaded = HierarchyCsv.Parse("age", HierarchyCsv.Format(built));
        Assert.Equal(built.Rows(), reloaded.Rows());
    }

    [Fact]
    public void Spec_Unknown_SaysWhatIsExpected()
    {
        var error = Assert.Throws<HierarchyException>(() => HierarchyBuilderSpec.Parse("buckets:5"));
        Assert.Contains("interval:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopBottomCoding_RecodesOnlyTheDictionary()
    {
        var column = EncodedColumn.FromValues("age", ["15", "40", "95", "40"]);
        var coded = TopBottomCoding.Apply(column, 18, 90);
        Assert.Equal(["<18", "40", ">=90", "40"], Enumerable.Range(0, 4).Select(coded.ValueAt));
    }
}
