using Agora.Privacy.Disclosure;

namespace Agora.Privacy.Tests.Disclosure;

public sealed class DisclosureCheckerTests
{
    [Fact]
    public void Check_SmallCell_FailsThresholdAndSaysHowMany()
    {
        var report = DisclosureChecker.Check([new OutputCell("region = North", "COUNT(*)", CellKind.Frequency, 3)]);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DisclosureRule.MinimumCellCount, finding.Rule);
        Assert.Contains("3 contributor", finding.Message, StringComparison.Ordinal);
        Assert.Contains("region = North", finding.Message, StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public void Check_ZeroCount_IsFlagged()
    {
        var finding = Assert.Single(DisclosureChecker.Check([new OutputCell("sex = F", "COUNT(*)", CellKind.Frequency, 0)]).Findings);
        Assert.Equal(DisclosureRule.Zero, finding.Rule);
        Assert.Empty(DisclosureChecker.Check([new OutputCell("sex = F", "COUNT(*)", CellKind.Frequency, 0)],
            new DisclosureRules(ZerosAreDisclosive: false)).Findings);
    }

    [Fact]
    public void Check_DominatedSum_FailsDominanceAndPRatio()
    {
        // 12 firms; the two largest hold 95 of 100.
        var report = DisclosureChecker.Check([new OutputCell("", "SUM(turnover)", CellKind.Magnitude, 12, 100, [60, 35, 1])]);
        // English writes the percent sign right after the number.
        Assert.Contains(report.Findings, f => f.Rule == DisclosureRule.Dominance
            && f.Message.Contains("make up 95% of the total (the limit is 90%)", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Rule == DisclosureRule.PRatio && f.Message.Contains("add up to 8% of the largest one", StringComparison.Ordinal));
        Assert.All(report.Findings, f => Assert.DoesNotMatch(@"\d %", f.Message));
    }

    [Fact]
    public void Check_BalancedSum_Passes()
    {
        var report = DisclosureChecker.Check([new OutputCell("", "SUM(turnover)", CellKind.Magnitude, 20, 200, [15, 14, 13])]);
        Assert.True(report.Passed, report.Summary);
    }

    [Fact]
    public void Check_PRatioOnly_WhenRestIsTinyButTopTwoBelowK()
    {
        // top2 = 85 % (< 90 %) but rest = 15 of largest 50 → 30 % ≥ 10 %: passes; rest 4 of 50 (8 %) fails p-ratio only.
        Assert.True(DisclosureChecker.Check([new OutputCell("", "s", CellKind.Magnitude, 10, 100, [50, 35])]).Passed);
        var findings = DisclosureChecker.Check([new OutputCell("", "s", CellKind.Magnitude, 10, 100, [50, 46])],
            new DisclosureRules(DominanceK: 0.99)).Findings;
        Assert.Equal(DisclosureRule.PRatio, Assert.Single(findings).Rule);
    }

    [Fact]
    public void Check_NegativeContributions_GoToReview()
    {
        var finding = Assert.Single(DisclosureChecker.Check([new OutputCell("", "SUM(profit)", CellKind.Magnitude, 30, 10, [50, 40], true)]).Findings);
        Assert.True(finding.NeedsReviewOnly);
    }

    [Theory]
    [InlineData(12, 10)]
    [InlineData(13, 15)]
    [InlineData(12.5, 15)]
    [InlineData(0, 0)]
    public void RoundCount_ToBaseFive(double value, double expected) => Assert.Equal(expected, DisclosureChecker.RoundCount(value, 5));
}
