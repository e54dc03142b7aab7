using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Querying;

/// <summary>
/// Charges and refunds a privacy budget atomically. The platform implements it over its persistent ledger (one row per
/// consumer × dataset, charged in a transaction before the query runs); <see cref="InMemoryPrivacyBudgetGate"/> keeps a
/// <see cref="PrivacyBudgetLedger"/> under a lock.
/// </summary>
public interface IPrivacyBudgetGate
{
    /// <summary>Charges the cost if it fits; never lets the total exceed the limit, even under concurrent calls.</summary>
    BudgetDecision TryCharge(string chargeId, PrivacyCost cost);

    /// <summary>Gives back a charge whose query failed before releasing anything.</summary>
    void Refund(string chargeId);
}

/// <summary>An in-memory, thread-safe <see cref="IPrivacyBudgetGate"/>.</summary>
public sealed class InMemoryPrivacyBudgetGate(PrivacyBudgetLedger ledger) : IPrivacyBudgetGate
{
    private readonly Lock _lock = new();
    private PrivacyBudgetLedger _ledger = ledger;

    /// <summary>The ledger as it is now.</summary>
    public PrivacyBudgetLedger Ledger
    {
        get
        {
            lock (_lock)
            {
                return _ledger;
            }
        }
    }

    /// <inheritdoc/>
    public BudgetDecision TryCharge(string chargeId, PrivacyCost cost)
    {
        lock (_lock)
        {
            var decision = _ledger.TryCharge(chargeId, cost);
            _ledger = decision.Ledger;
            return decision;
        }
    }

    /// <inheritdoc/>
    public void Refund(string chargeId)
    {
        lock (_lock)
        {
            _ledger = _ledger.Refund(chargeId);
        }
    }
}
