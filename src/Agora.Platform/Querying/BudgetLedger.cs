using Agora.Data.Querying;
using Agora.Platform.Metadata;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Querying;

/// <summary>
/// The persistent privacy budget ledger: one <see cref="PrivacyBudgetAccount"/> per consumer organisation and dataset.
/// Charges go through <see cref="StorePrivacyBudgetGate"/> (a conditional UPDATE, atomic on SQLite and PostgreSQL);
/// this class opens accounts and reads them.
/// </summary>
public sealed class BudgetLedger(AgoraDbContext db, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Opens the account of a new agreement, or sets its limit to the new agreement's budget. What was spent stays
    /// spent: a new agreement never gives a consumer a fresh budget on data it already queried.</summary>
    public async Task<PrivacyBudgetAccount> OpenAsync(Guid consumerOrganisationId, Guid datasetId, PolicyBudget budget, CancellationToken cancellationToken)
    {
        var account = await db.Set<PrivacyBudgetAccount>()
            .SingleOrDefaultAsync(a => a.ConsumerOrganisationId == consumerOrganisationId && a.DatasetId == datasetId, cancellationToken);
        if (account is null)
        {
            account = new PrivacyBudgetAccount { ConsumerOrganisationId = consumerOrganisationId, DatasetId = datasetId, Measure = budget.Total.Measure };
            db.Add(account);
        }
        else if (account.Measure != budget.Total.Measure)
        {
            throw new PlatformException(PlatformError.Conflict,
                $"This organisation's budget on the dataset is kept in {MeasureName(account.Measure)}; an agreement in {MeasureName(budget.Total.Measure)} cannot share it.");
        }
        account.Limit = budget.Total.Amount;
        account.LimitDelta = budget.Total.Delta;
        account.UpdatedAt = clock.GetUtcNow();
        return account;
    }

    public Task<PrivacyBudgetAccount?> FindAsync(Guid consumerOrganisationId, Guid datasetId, CancellationToken cancellationToken) =>
        db.Set<PrivacyBudgetAccount>().AsNoTracking()
            .SingleOrDefaultAsync(a => a.ConsumerOrganisationId == consumerOrganisationId && a.DatasetId == datasetId, cancellationToken);

    /// <summary>A gate that charges this account for one query run (its own database scope per call, so it is safe to use
    /// from the engine while the caller's context is busy).</summary>
    public IPrivacyBudgetGate Gate(Guid accountId, Guid agreementId, Guid queryRunId) =>
        new StorePrivacyBudgetGate(scopes, clock, accountId, agreementId, queryRunId);

    public static string MeasureName(PrivacyMeasure measure) => measure == PrivacyMeasure.PureDp ? "pure ε" : "zCDP (ρ)";
}

/// <summary>
/// <see cref="IPrivacyBudgetGate"/> over the metadata store. A charge is one transaction: <c>UPDATE account SET spent =
/// spent + c WHERE id = @id AND spent + c ≤ limit</c> (so the total can never pass the limit, whatever runs concurrently:
/// SQLite serialises writers, PostgreSQL re-checks the WHERE clause on the row a concurrent writer committed), then the
/// charge row. A refund marks the charge refunded with a conditional UPDATE first, so it gives back once.
/// </summary>
public sealed class StorePrivacyBudgetGate(IServiceScopeFactory scopes, TimeProvider clock, Guid accountId, Guid agreementId, Guid queryRunId)
    : IPrivacyBudgetGate
{
    public BudgetDecision TryCharge(string chargeId, PrivacyCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        var accounts = db.Set<PrivacyBudgetAccount>();
        var account = accounts.AsNoTracking().Single(a => a.Id == accountId);
        if (account.Measure == PrivacyMeasure.PureDp && cost.Measure == PrivacyMeasure.ZeroConcentrated)
        {
            return new BudgetDecision(false, LedgerOf(account),
                "This budget is kept in pure ε; a query measured in zCDP (ρ) cannot be charged to it.");
        }
        var converted = cost.ConvertTo(account.Measure);
        var amount = converted.Amount;
        var delta = converted.Delta;
        var now = clock.GetUtcNow();
        const double Slack = 1 + PrivacyCost.Tolerance;
        using var transaction = db.Database.BeginTransaction();
        var updated = accounts
            .Where(a => a.Id == accountId && a.Spent + amount <= (a.Limit * Slack) + 1e-15 && a.SpentDelta + delta <= (a.LimitDelta * Slack) + 1e-18)
            .ExecuteUpdate(s => s
                .SetProperty(a => a.Spent, a => a.Spent + amount)
                .SetProperty(a => a.SpentDelta, a => a.SpentDelta + delta)
                .SetProperty(a => a.UpdatedAt, now));
        if (updated == 0)
        {
            transaction.Rollback();
            var current = accounts.AsNoTracking().Single(a => a.Id == accountId);
            return new BudgetDecision(false, LedgerOf(current),
                $"The query costs {converted} but only {current.RemainingCost} of the {current.LimitCost} budget remains.");
        }
        db.Add(new PrivacyBudgetCharge
        {
            Id = chargeId, AccountId = accountId, AgreementId = agreementId, QueryRunId = queryRunId, Amount = amount, Delta = delta, At = now,
        });
        db.SaveChanges();
        transaction.Commit();
        var after = accounts.AsNoTracking().Single(a => a.Id == accountId);
        return new BudgetDecision(true, LedgerOf(after), $"Charged {converted}; {after.RemainingCost} remains.");
    }

    public void Refund(string chargeId)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        var charge = db.Set<PrivacyBudgetCharge>().AsNoTracking().SingleOrDefault(c => c.Id == chargeId);
        if (charge is null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        using var transaction = db.Database.BeginTransaction();
        var marked = db.Set<PrivacyBudgetCharge>().Where(c => c.Id == chargeId && c.RefundedAt == null)
            .ExecuteUpdate(s => s.SetProperty(c => c.RefundedAt, now));
        if (marked == 1)
        {
            db.Set<PrivacyBudgetAccount>().Where(a => a.Id == charge.AccountId)
                .ExecuteUpdate(s => s
                    .SetProperty(a => a.Spent, a => a.Spent - charge.Amount)
                    .SetProperty(a => a.SpentDelta, a => a.SpentDelta - charge.Delta)
                    .SetProperty(a => a.UpdatedAt, now));
        }
        transaction.Commit();
    }

    private static PrivacyBudgetLedger LedgerOf(PrivacyBudgetAccount account) =>
        new(account.LimitCost, null, account.Spent > 0 || account.SpentDelta > 0 ? [new PrivacyCharge("spent", account.SpentCost)] : null);
}
