using Agora.Data.Querying;
using Agora.Platform.Metadata;
using Agora.Platform.Querying;
using Agora.Platform.Tests.Agreements;
using Agora.Platform.Tests.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Querying;

public sealed class BudgetRaceTests
{
    /// <summary>50 different queries at once against ε = 1 with 0.1 each: exactly 10 run, the rest are refused by the budget,
    /// and the persistent ledger never goes past its limit.</summary>
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task FiftyConcurrentQueries_NeverExceedTheBudget(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var agreementId = await s.AgreementAsync(AccessScenario.DpTerms());
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await s.WithAsync(p => p.GetRequiredService<QueryService>().RunAsync(s.MinistryAnalyst, agreementId,
                    new QueryInput($"SELECT COUNT(*) FROM {s.Relation} WHERE age > {i}"), CancellationToken.None));
                return "released";
            }
            catch (PlatformException e) when (e.Fields?["rule"] is [QueryRules.PrivacyBudget])
            {
                return "budget";
            }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(tasks);

        Assert.Equal(10, outcomes.Count(o => o == "released"));
        Assert.Equal(40, outcomes.Count(o => o == "budget"));
        await s.WithAsync(async p =>
        {
            var db = p.GetRequiredService<AgoraDbContext>();
            var account = await db.Set<PrivacyBudgetAccount>().SingleAsync();
            Assert.True(account.Spent <= account.Limit * (1 + 1e-9), $"spent {account.Spent} of {account.Limit}");
            Assert.Equal(1.0, account.Spent, 9);
            Assert.Equal(10, await db.Set<PrivacyBudgetCharge>().CountAsync(c => c.RefundedAt == null));
            Assert.Equal(40, await db.Set<QueryRun>().CountAsync(r => r.Outcome == QueryOutcome.Refused && r.Rule == QueryRules.PrivacyBudget));
            return 0;
        });
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Refund_GivesBackOnce(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var agreementId = await s.AgreementAsync(AccessScenario.DpTerms());
        await s.WithAsync(async p =>
        {
            var ledger = p.GetRequiredService<BudgetLedger>();
            var account = (await ledger.FindAsync(s.Ministry.Id, s.Dataset.Id, CancellationToken.None))!;
            var gate = ledger.Gate(account.Id, agreementId, Guid.CreateVersion7());
            Assert.True(gate.TryCharge("charge-1", Privacy.DifferentialPrivacy.PrivacyCost.Pure(0.7)).Accepted);
            var refused = gate.TryCharge("charge-2", Privacy.DifferentialPrivacy.PrivacyCost.Pure(0.7));
            Assert.False(refused.Accepted);
            Assert.Contains("remains", refused.Explanation, StringComparison.Ordinal);
            gate.Refund("charge-1");
            gate.Refund("charge-1");
            var after = (await ledger.FindAsync(s.Ministry.Id, s.Dataset.Id, CancellationToken.None))!;
            Assert.Equal(0, after.Spent, 12);
            Assert.True(gate.TryCharge("charge-3", Privacy.DifferentialPrivacy.PrivacyCost.Pure(1.0)).Accepted);
            return 0;
        });
    }
}
