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
    public void Age_ReadsAsPeopleSayIt(double days, double? periodDays, string expected) =>
        Assert.Equal(expected, TimeInWords.Age(TimeSpan.FromDays(days), periodDays is { } p ? TimeSpan.FromDays(p) : null).EnglishAgo());

    /// <summary>The engine's finding used to read "last updated 3.0 days ago; expected every 1.0 days".</summary>
    [Fact]
    public void TimelinessFinding_ReadsNaturally()
    {
        var now = new FixedTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE t AS SELECT range AS id FROM range(10)";
            command.ExecuteNonQuery();
        }
        var expectations = new QualityExpectations { UpdateFrequency = "daily", LastModified = now.GetUtcNow().AddDays(-3) };
        var finding = Assert.Single(TableProfiler.Profile(connection, "t", "t", expectations, now).Quality.Findings, f => f.Dimension == "timeliness");
        Assert.Equal("last updated 3 days ago; expected every day", finding.Check);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
