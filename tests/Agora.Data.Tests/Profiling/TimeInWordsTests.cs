using Agora.Data.Profiling;
using DuckDB.NET.Data;

namespace Agora.Data.Tests.Profiling;

public sealed class TimeInWordsTests
{
    [Theory]
    [InlineData("daily", "every day")]
    [InlineData("P1D", "every day")]
    [InlineData("weekly", "every week")]
    [InlineData("P7D", "every week")]
    [InlineData("P14D", "every 2 weeks")]
    [InlineData("P10D", "every 10 days")]
    [InlineData("P28D", "every 28 days")]
    [InlineData("monthly", "every month")]
    [InlineData("P1M", "every month")]
    [InlineData("P2M", "every 2 months")]
    [InlineData("quarterly", "every quarter")]
    [InlineData("P3M", "every quarter")]
    [InlineData("yearly", "every year")]
    [InlineData("P1Y", "every year")]
    [InlineData("P2Y", "every 2 years")]
    [InlineData("hourly", "every hour")]
    [InlineData("PT6H", "every 6 hours")]
    public void Period_ReadsAsPeopleSayIt(string frequency, string expected) =>
        Assert.Equal(expected, TimeInWords.Period(QualityAssessment.ParseFrequency(frequency)).EnglishEvery());

    [Theory]
    [InlineData(0.2, null, "today")]
    [InlineData(1.5, null, "1 day ago")]
    [InlineData(12.9, null, "12 days ago")]
    [InlineData(0.01, 0.25, "less than an hour ago")]
    [InlineData(1.0 / 24, 0.25, "1 hour ago")]
    [InlineData(0.5, 0.25, "12 hours ago")]
    [InlineData(2.5, 0.25, "2 days ago")]
    [InlineData(45.5, 31.0, "45 days ago")]
    [InlineData(59.9, null, "59 days ago")]
    [InlineData(60, null, "2 months ago")]
    [InlineData(100, 92.0, "3 months ago")]
    [InlineData(361, 366.0, "11 months ago")]
    [InlineData(365, 366.0, "1 year ago")]
    [InlineData(400, 366.0, "1 year ago")]
    [InlineData(720, 366.0, "1 year ago")]
    [InlineData(731, 366.0, "2 years ago")]
    [InlineData(3700, null, "10 years ago")]
    public void Age_ReadsAsPeopleSayIt(double days, double? periodDays, string expected) =>
        Assert.Equal(expected, TimeInWords.Age(TimeSpan.FromDays(days), periodDays is { } p ? TimeSpan.FromDays(p) : null).EnglishAgo());

    /// <summary>An age of n whole calendar months reads n months (from 3 months; two calendar months can be 59 days, which
    /// still reads in days), and an age of n whole calendar years n years, whatever month it starts in (months of 28 to 31
    /// days, leap years).</summary>
    [Fact]
    public void Age_OfWholeCalendarMonthsAndYears_ReadsThatMany()
    {
        for (var start = new DateTime(2023, 1, 1); start < new DateTime(2025, 1, 1); start = start.AddDays(1))
        {
            for (var months = 3; months < 12; months++)
            {
                Assert.Equal(new TimeInWords(TimeWordUnit.Month, months), TimeInWords.Age(start.AddMonths(months) - start));
            }
            for (var years = 1; years <= 10; years++)
            {
                Assert.Equal(new TimeInWords(TimeWordUnit.Year, years), TimeInWords.Age(start.AddYears(years) - start));
            }
        }
    }

    /// <summary>The engine's finding used to read "last updated 3.0 days ago; expected every 1.0 days", and a yearly
    /// dataset last updated 400 days ago "last updated 400 days ago".</summary>
    [Theory]
    [InlineData("daily", 3, "last updated 3 days ago; expected every day")]
    [InlineData("yearly", 400, "last updated 1 year ago; expected every year")]
    public void TimelinessFinding_ReadsNaturally(string frequency, int daysAgo, string expected)
    {
        var now = new FixedTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE t AS SELECT range AS id FROM range(10)";
            command.ExecuteNonQuery();
        }
        var expectations = new QualityExpectations { UpdateFrequency = frequency, LastModified = now.GetUtcNow().AddDays(-daysAgo) };
        var finding = Assert.Single(TableProfiler.Profile(connection, "t", "t", expectations, now).Quality.Findings, f => f.Dimension == "timeliness");
        Assert.Equal(expected, finding.Check);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
