using System.Text.Json.Nodes;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Policies;

namespace Agora.Privacy.Tests.Policies;

public sealed class PolicyEvaluatorTests
{
    private readonly PolicyEvaluator _evaluator = new();

    [Fact]
    public void Evaluate_MatchingRequest_IsPermittedWithDutiesBudgetAndControl()
    {
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(), PolicyExamples.Request());
        Assert.True(decision.Permitted, decision.Summary);
        Assert.Equal(OutputControlKind.DifferentialPrivacy, decision.OutputControl);
        Assert.Equal(3, decision.Budget!.Total.Epsilon);
        Assert.Equal(1, decision.Budget.PerQuery!.Epsilon);
        Assert.Equal([PolicyVocabulary.Attribute, PolicyVocabulary.Delete], decision.Duties.Select(d => d.Action));
        Assert.Contains(decision.Reasons, r => r.Explanation.Contains("health research, is a kind of scientific research", StringComparison.Ordinal));
        Assert.All(decision.Reasons, r => Assert.True(r.Holds));
    }

    [Fact]
    public void Evaluate_Company_IsRefusedAndToldWhoMay()
    {
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(),
            PolicyExamples.Request() with { Organisation = "urn:agora:org:university", OrganisationKind = "agora:Company" });
        Assert.False(decision.Permitted);
        Assert.Contains(decision.Reasons, r => !r.Holds && r.Explanation == "The consumer organisation is a company; only a public body, a research organisation may use the data.");
    }

    [Fact]
    public void Evaluate_AfterExpiry_SaysTheDatePassed()
    {
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(), PolicyExamples.Request() with { At = new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero) });
        Assert.False(decision.Permitted);
        Assert.Contains("that date has passed", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UsesExhausted_IsRefused()
    {
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(), PolicyExamples.Request() with { UsesSoFar = 100 });
        Assert.False(decision.Permitted);
        Assert.Contains("at most 100 use(s), and 100 have been made", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PurposeOutsideList_IsRefused()
    {
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(), PolicyExamples.Request() with { Purpose = "agora:ProductDevelopment" });
        Assert.False(decision.Permitted);
        Assert.Contains("developing commercial products or services, is not among the allowed purposes (scientific research, official statistics)",
            decision.Summary, StringComparison.Ordinal);
        Assert.False(_evaluator.Evaluate(PolicyExamples.ResearchAgreement(), PolicyExamples.Request() with { Purpose = "marketing" }).Permitted);
    }

    [Fact]
    public void Evaluate_ProhibitedDownload_IsRefusedByTheProhibition()
    {
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(), PolicyExamples.Request(PolicyVocabulary.DownloadDerivative));
        Assert.False(decision.Permitted);
        Assert.Contains("prohibition 1", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AgreementOfAnotherOrganisation_IsRefused()
    {
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(), PolicyExamples.Request() with { Organisation = "urn:agora:org:intruder" });
        Assert.False(decision.Permitted);
        Assert.Contains("another organisation", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OverBudget_ExplainsSpentAndCost()
    {
        var request = PolicyExamples.Request() with { RequestedCost = PrivacyCost.Pure(0.5), BudgetSpent = PrivacyCost.Pure(2.8) };
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(), request);
        Assert.False(decision.Permitted);
        Assert.Contains("ε = 2.8 of the budget of ε = 3", decision.Summary, StringComparison.Ordinal);
        Assert.False(_evaluator.Evaluate(PolicyExamples.ResearchAgreement(), request with { RequestedCost = PrivacyCost.Pure(1.5), BudgetSpent = null }).Permitted);
    }

    [Fact]
    public void Evaluate_UnknownConstraint_DeniesByDefault()
    {
        var policy = new UsagePolicy("urn:p", PolicyKind.Set,
            [new PolicyRule(PolicyVocabulary.Use, [new AtomicConstraint("spatial", "eq", JsonValue.Create("_:EU"))], [])], [], []);
        var decision = _evaluator.Evaluate(policy, PolicyExamples.Request());
        Assert.False(decision.Permitted);
        Assert.Contains("'spatial' is not one Agora can check", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LogicalOr_HoldsWhenOneHolds()
    {
        var policy = new UsagePolicy("urn:p", PolicyKind.Set,
        [
            new PolicyRule(PolicyVocabulary.Use,
            [
                new LogicalConstraint("or",
                [
                    new AtomicConstraint(PolicyVocabulary.Organisation, "eq", JsonValue.Create("urn:agora:org:statec")),
                    new AtomicConstraint(PolicyVocabulary.OrganisationKind, "eq", JsonValue.Create("agora:ResearchOrganisation")),
                ]),
            ], []),
        ], [], []);
        var decision = _evaluator.Evaluate(policy, PolicyExamples.Request());
        Assert.True(decision.Permitted, decision.Summary);
        Assert.Contains("1 of 2 did", decision.Reasons[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ActionNotPermitted_SaysWhatIs()
    {
        var decision = _evaluator.Evaluate(PolicyExamples.ResearchAgreement(), PolicyExamples.Request(PolicyVocabulary.RowLevelQuery));
        Assert.False(decision.Permitted);
        Assert.Contains("permits aggregate queries; it does not permit row-level queries", decision.Reasons[0].Explanation, StringComparison.Ordinal);
    }
}
