using System.Globalization;
using Agora.Privacy.Wording;

namespace Agora.Privacy.Tests.Wording;

public sealed class EnglishTextTests
{
    [Fact]
    public void Percentages_AreWrittenTheEnglishWay_AndEverythingElseAsTheInvariantCulture()
    {
        Assert.Equal("80 %", 0.8.ToString("P0", CultureInfo.InvariantCulture));
        Assert.Equal("80%", 0.8.ToString("P0", EnglishText.Culture));
        Assert.Equal("-5.0%", (-0.05).ToString("P1", EnglishText.Culture));
        Assert.Equal("1,234,567 rows; 12.5%", string.Create(EnglishText.Culture, $"{1_234_567:N0} rows; {0.125:P1}"));
        Assert.Equal("2026-11-26", new DateOnly(2026, 11, 26).ToString("yyyy-MM-dd", EnglishText.Culture));
        Assert.True(EnglishText.Culture.IsReadOnly);
    }
}
