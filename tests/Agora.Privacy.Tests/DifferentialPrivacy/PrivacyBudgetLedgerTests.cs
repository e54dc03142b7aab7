using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Tests.DifferentialPrivacy;

public sealed class PrivacyBudgetLedgerTests
{
    [Fact]
    public void TryCharge_TenTenthsFitAnEpsilonOfOne_TheEleventhIsRefused()
    {
        var ledger = new PrivacyBudgetLedger(PrivacyCost.Pure(1.0));
        for (var i = 0; i < 10; i++)
        {
            var decision = ledger.TryCharge($"q{i}", PrivacyCost.Pure(0.1));
            Assert.True(decision.Accepted, decision.Explanation);
            ledger = decision.Ledger;
        }
        var refused = ledger.TryCharge("q10", PrivacyCost.Pure(0.1));
        Assert.False(refused.Accepted);
        Assert.Contains("remains", refused.Explanation, StringComparison.Ordinal);
        Assert.Same(ledger, refused.Ledger);
    }

    [Fact]
    public void Refund_GivesTheBudgetBack()
    {
        var ledger = new PrivacyBudgetLedger(PrivacyCost.Pure(1.0)).TryCharge("a", PrivacyCost.Pure(0.8)).Ledger;
        Assert.False(ledger.TryCharge("b", PrivacyCost.Pure(0.5)).Accepted);
        ledger = ledger.Refund("a");
        Assert.True(ledger.TryCharge("b", PrivacyCost.Pure(0.5)).Accepted);
        Assert.Equal(1.0, ledger.Remaining.Epsilon, 12);
    }

    [Fact]
    public void TryCharge_AboveThePerQueryCap_IsRefusedWithReason()
    {
        var ledger = new PrivacyBudgetLedger(PrivacyCost.Pure(5), PrivacyCost.Pure(1));
        var decision = ledger.TryCharge("a", PrivacyCost.Pure(1.5));
        Assert.False(decision.Accepted);
        Assert.Contains("per query", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ZcdpLedger_ChargesPureQueriesAtEpsilonSquaredOverTwo()
    {
        var ledger = new PrivacyBudgetLedger(PrivacyCost.Zcdp(0.5, 1e-6));
        var decision = ledger.TryCharge("a", PrivacyCost.Pure(0.5, 1e-7));
        Assert.True(decision.Accepted);
        Assert.Equal(0.125, decision.Ledger.Spent.Rho, 12);
        Assert.Equal(1e-7, decision.Ledger.Spent.Delta, 15);
        Assert.False(new PrivacyBudgetLedger(PrivacyCost.Pure(1)).TryCharge("z", PrivacyCost.Zcdp(0.1)).Accepted);
    }

    [Fact]
    public void ToApproximateDp_MatchesReferenceFigure()
    {
        // dp.md §6: ρ = 0.5 "is ≈ (5.3, 1e-5)-DP".
        var converted = PrivacyCost.Zcdp(0.5).ToApproximateDp(1e-5);
        Assert.Equal(5.3, converted.Epsilon, 1);
        Assert.Equal(1e-5, converted.Delta, 12);
    }

    [Fact]
    public void TryCharge_SameIdTwice_IsRefused()
    {
        var ledger = new PrivacyBudgetLedger(PrivacyCost.Pure(1)).TryCharge("a", PrivacyCost.Pure(0.1)).Ledger;
        Assert.False(ledger.TryCharge("a", PrivacyCost.Pure(0.1)).Accepted);
    }
}
