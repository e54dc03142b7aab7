using Agora.Platform.Value;

namespace Agora.Platform.Tests.Value;

public sealed class ValueTextsTests
{
    /// <summary>The timeliness explanation used to read "is 1 days old; updates are expected every 1 days", and a yearly
    /// dataset's "is 400 days old".</summary>
    [Theory]
    [InlineData(0.4, 1, "the newest version is from today; updates are expected every day.")]
    [InlineData(1.5, 1, "the newest version is 1 day old; updates are expected every day.")]
    [InlineData(9.2, 7, "the newest version is 9 days old; updates are expected every week.")]
    [InlineData(40, 31, "the newest version is 40 days old; updates are expected every month.")]
    [InlineData(100, 92, "the newest version is 3 months old; updates are expected every quarter.")]
    [InlineData(400, 366, "the newest version is 1 year old; updates are expected every year.")]
    [InlineData(800, 366, "the newest version is 2 years old; updates are expected every year.")]
    [InlineData(45, 31, "the newest version is 45 days old; updates are expected every month.")]
    [InlineData(70, 31, "the newest version is 2 months old; updates are expected every month.")]
    [InlineData(32, 1, "the newest version is 32 days old; updates are expected every day.")]
    [InlineData(12, 10, "the newest version is 12 days old; updates are expected every 10 days.")]
    [InlineData(0.3, 0.25, "the newest version is 7 hours old; updates are expected every 6 hours.")]
    public void Timeliness_ReadsNaturally(double ageDays, double periodDays, string expected)
    {
        var period = TimeSpan.FromDays(periodDays);
        var text = ValueText.Of(ValueTexts.QualityTimeliness, 0.5, ValueTexts.Age(TimeSpan.FromDays(ageDays), period), ValueTexts.Every(period)).English;
        Assert.EndsWith(": " + expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public void FreshVersion_ReadsNaturally() =>
        Assert.Equal("Upload a fresh version: the newest is 1 day old.",
            ValueText.Of(ValueTexts.RaiseFreshVersion, ValueTexts.Age(TimeSpan.FromHours(30), TimeSpan.FromHours(12))).English);
}
