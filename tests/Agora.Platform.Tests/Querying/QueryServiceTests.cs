using Agora.Data.Querying;
using Agora.Platform.Agreements;
using Agora.Platform.Metadata;
using Agora.Platform.Querying;
using Agora.Platform.Releases;
using Agora.Platform.Tests.Agreements;
using Agora.Platform.Tests.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Querying;

public sealed class QueryServiceTests
{
    private static Task<QueryAnswerView> RunAsync(AccessScenario s, Guid agreementId, QueryInput input, Organisations.Actor? actor = null) =>
        s.WithAsync(p => p.GetRequiredService<QueryService>().RunAsync(actor ?? s.MinistryAnalyst, agreementId, input, CancellationToken.None));

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task DpQuery_ReleasesNoisyValuesWithIntervals_AndARepeatIsFree(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var agreementId = await s.AgreementAsync(AccessScenario.DpTerms());
        var sql = $"SELECT sex, COUNT(*) AS patients, AVG(stay_days) AS mean_stay FROM {s.Relation} GROUP BY sex";
        var first = await RunAsync(s, agreementId, new QueryInput(sql));
        Assert.Equal(QueryOutcome.Released, first.Run.Outcome);
        Assert.Equal(2, first.Result.Rows.Count);
        Assert.All(first.Result.Rows, row => Assert.NotNull(row[1].Accuracy));
        Assert.Equal(0.1, first.Run.Cost, 9);
        Assert.Equal(0.9, first.Budget!.RemainingCost.Epsilon, 9);

        // Averaging repeated answers gains nothing: the same query returns the same answer and costs nothing.
        var again = await RunAsync(s, agreementId, new QueryInput(sql));
        Assert.True(again.Run.FromCache);
        Assert.Equal(0, again.Run.Cost);
        Assert.Equal(first.Result.Rows.Select(r => r[1].Value), again.Result.Rows.Select(r => r[1].Value));
        Assert.Equal(0.9, again.Budget!.RemainingCost.Epsilon, 9);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Refusals_NameTheRule_AndAreRecordedWithTheSql(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var agreementId = await s.AgreementAsync(AccessScenario.DpTerms());
        var rows = await Assert.ThrowsAsync<PlatformException>(() => RunAsync(s, agreementId, new QueryInput($"SELECT * FROM {s.Relation}")));
        Assert.Equal([QueryRules.AggregatesOnly], rows.Fields!["rule"]);
        var file = await Assert.ThrowsAsync<PlatformException>(() => RunAsync(s, agreementId, new QueryInput("SELECT COUNT(*) FROM read_csv('/etc/passwd')")));
        Assert.Equal([QueryRules.NoTableFunctions], file.Fields!["rule"]);
        var overCap = await Assert.ThrowsAsync<PlatformException>(() => RunAsync(s, agreementId, new QueryInput($"SELECT COUNT(*) FROM {s.Relation}", Budget: 0.5)));
        Assert.Equal([QueryRules.PrivacyBudget], overCap.Fields!["rule"]);
        Assert.Contains("per query", overCap.Message, StringComparison.Ordinal);

        var history = await s.WithAsync(p => p.GetRequiredService<QueryService>().HistoryAsync(s.MinistryAnalyst, agreementId, CancellationToken.None));
        Assert.Equal(3, history.Count);
        Assert.All(history, run => Assert.Equal(QueryService.HashOf(run.Sql), run.SqlHash));
        Assert.Equal(3, (await s.AuditActionsAsync()).Count(a => a == AccessAudit.QueryRefused));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task HeldOutput_IsReleasedOnlyByTwoDistinctStewards_AndThenShownToTheConsumer(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var agreementId = await s.AgreementAsync(AccessScenario.SdcTerms(reviewers: 2));
        var passes = await RunAsync(s, agreementId, new QueryInput($"SELECT sex, COUNT(*) AS n FROM {s.Relation} GROUP BY sex"));
        Assert.Equal(QueryOutcome.Released, passes.Run.Outcome);

        // The islands have two patients: the output is held and the consumer sees no rows.
        var held = await RunAsync(s, agreementId, new QueryInput($"SELECT region, COUNT(*) AS n FROM {s.Relation} GROUP BY region"));
        Assert.Equal(QueryOutcome.HeldForReview, held.Run.Outcome);
        Assert.Empty(held.Result.Rows);
        var heldId = held.Run.HeldOutputId!.Value;
        var consumerView = await s.WithAsync(p => p.GetRequiredService<ReleaseService>().GetAsync(s.MinistryAnalyst, heldId, CancellationToken.None));
        Assert.Null(consumerView.Rows);
        Assert.Contains(consumerView.Findings, f => f.Row.Contains("islands", StringComparison.Ordinal));

        var first = await s.WithAsync(p => p.GetRequiredService<ReleaseService>().ReviewAsync(s.HospitalSteward, heldId, true, null, CancellationToken.None));
        Assert.Equal(ReleaseState.Pending, first.Output.State);
        var twice = await Assert.ThrowsAsync<PlatformException>(() =>
            s.WithAsync(p => p.GetRequiredService<ReleaseService>().ReviewAsync(s.HospitalSteward, heldId, true, null, CancellationToken.None)));
        Assert.Equal(PlatformError.Forbidden, twice.Error);
        var foreign = await Assert.ThrowsAsync<PlatformException>(() =>
            s.WithAsync(p => p.GetRequiredService<ReleaseService>().ReviewAsync(s.MinistrySteward, heldId, true, null, CancellationToken.None)));
        Assert.Equal(PlatformError.Forbidden, foreign.Error);

        var second = await s.WithAsync(p => p.GetRequiredService<ReleaseService>().ReviewAsync(s.HospitalSecondSteward, heldId, true, "ok", CancellationToken.None));
        Assert.Equal(ReleaseState.Released, second.Output.State);
        var released = await s.WithAsync(p => p.GetRequiredService<ReleaseService>().GetAsync(s.MinistryAnalyst, heldId, CancellationToken.None));
        Assert.Equal(5, released.Rows!.Count);
        Assert.Contains(AccessAudit.ReleaseReleased, await s.AuditActionsAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ApprovedAlgorithm_RunsWithTypedArguments_UnderTheSameControl(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var agreementId = await s.AgreementAsync(AccessScenario.DpTerms());
        await s.WithAsync(p => p.GetRequiredService<AlgorithmRegistry>().RegisterAsync(s.HospitalSteward, s.Dataset.Id, "stays-above-age",
            "Patients and mean stay above an age.", $"SELECT COUNT(*) AS patients, AVG(stay_days) AS mean_stay FROM {s.Relation} WHERE age >= $min_age",
            [new AlgorithmParameter("min_age", AlgorithmParameterType.Integer, 18, 90)], CancellationToken.None));

        var answer = await RunAsync(s, agreementId, new QueryInput(null, "stays-above-age", new Dictionary<string, string> { ["min_age"] = "60" }));
        Assert.Equal(QueryOutcome.Released, answer.Run.Outcome);
        Assert.Equal("stays-above-age", answer.Run.AlgorithmName);
        Assert.Contains("60", answer.Run.Sql, StringComparison.Ordinal);

        var injection = await Assert.ThrowsAsync<PlatformException>(() =>
            RunAsync(s, agreementId, new QueryInput(null, "stays-above-age", new Dictionary<string, string> { ["min_age"] = "1 OR 1=1" })));
        Assert.Equal([QueryRules.AlgorithmArguments], injection.Fields!["rule"]);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task DataDependentErrors_DoNotQuoteValues(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var agreementId = await s.AgreementAsync(AccessScenario.SdcTerms());
        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            RunAsync(s, agreementId, new QueryInput($"SELECT COUNT(*) AS n FROM {s.Relation} WHERE CAST(region AS INTEGER) > 0")));
        Assert.DoesNotContain("north", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("islands", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
