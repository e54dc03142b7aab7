using System.Collections.Immutable;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>One charge against a budget: an identifier (a query run) and its loss.</summary>
/// <param name="Id">Identifies the charge so it can be refunded (for example a query run id).</param>
/// <param name="Cost">The privacy loss charged.</param>
public sealed record PrivacyCharge(string Id, PrivacyCost Cost);

/// <summary>The outcome of <see cref="PrivacyBudgetLedger.TryCharge"/>.</summary>
/// <param name="Accepted">Whether the charge fits.</param>
/// <param name="Ledger">The ledger after the charge (unchanged when refused).</param>
/// <param name="Explanation">Why, in plain words.</param>
public sealed record BudgetDecision(bool Accepted, PrivacyBudgetLedger Ledger, string Explanation);

/// <summary>
/// A privacy budget and the charges made against it, as an immutable value: charging or refunding returns a new ledger.
/// The platform keeps the persistent copy (charged atomically before a query runs, refunded if it fails); this type holds
/// the rules so they are the same everywhere: composition in the budget's measure, an optional per-charge cap, and no
/// charge that would exceed the limit.
/// </summary>
public sealed class PrivacyBudgetLedger
{
    private readonly ImmutableList<PrivacyCharge> _charges;

    /// <summary>Creates a ledger with a total limit, an optional cap per charge, and the charges already made.</summary>
    public PrivacyBudgetLedger(PrivacyCost limit, PrivacyCost? perChargeLimit = null, IEnumerable<PrivacyCharge>? charges = null)
    {
        ArgumentNullException.ThrowIfNull(limit);
        if (perChargeLimit is not null && perChargeLimit.Measure != limit.Measure)
        {
            throw new ArgumentException("The per-charge limit must use the same measure as the total limit.", nameof(perChargeLimit));
        }
        Limit = limit;
        PerChargeLimit = perChargeLimit;
        _charges = charges is null ? [] : [.. charges];
    }

    /// <summary>The total budget.</summary>
    public PrivacyCost Limit { get; }

    /// <summary>The largest single charge allowed, if any.</summary>
    public PrivacyCost? PerChargeLimit { get; }

    /// <summary>The charges made, oldest first.</summary>
    public IReadOnlyList<PrivacyCharge> Charges => _charges;

    /// <summary>The composed loss of every charge.</summary>
    public PrivacyCost Spent => PrivacyCost.Compose(Limit.Measure, _charges.Select(c => c.Cost));

    /// <summary>What is left (never negative).</summary>
    public PrivacyCost Remaining
    {
        get
        {
            var spent = Spent;
            return new PrivacyCost(Limit.Measure, Math.Max(0, Limit.Epsilon - spent.Epsilon), Math.Max(0, Limit.Rho - spent.Rho),
                Math.Max(0, Limit.Delta - spent.Delta));
        }
    }

    /// <summary>Charges <paramref name="cost"/> if it fits both the per-charge cap and what remains.</summary>
    public BudgetDecision TryCharge(string chargeId, PrivacyCost cost)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        ArgumentNullException.ThrowIfNull(cost);
        if (_charges.Any(c => c.Id == chargeId))
        {
            return new BudgetDecision(false, this, $"Charge '{chargeId}' was already made; a charge is made once.");
        }
        if (Limit.Measure == PrivacyMeasure.PureDp && cost.Measure == PrivacyMeasure.ZeroConcentrated)
        {
            return new BudgetDecision(false, this, "This budget is kept in pure ε; a query measured in zCDP (ρ) cannot be charged to it.");
        }
        if (PerChargeLimit is not null && !cost.FitsWithin(PerChargeLimit))
        {
            return new BudgetDecision(false, this, $"The query costs {cost.ConvertTo(Limit.Measure)}, more than the {PerChargeLimit} allowed per query.");
        }
        var after = PrivacyCost.Compose(Limit.Measure, _charges.Select(c => c.Cost).Append(cost));
        if (!after.FitsWithin(Limit))
        {
            return new BudgetDecision(false, this,
                $"The query costs {cost.ConvertTo(Limit.Measure)} but only {Remaining} of the {Limit} budget remains.");
        }
        var next = new PrivacyBudgetLedger(Limit, PerChargeLimit, _charges.Add(new PrivacyCharge(chargeId, cost)));
        return new BudgetDecision(true, next, $"Charged {cost.ConvertTo(Limit.Measure)}; {next.Remaining} remains.");
    }

    /// <summary>Removes a charge (the query it paid for failed before releasing anything). Unknown ids are ignored.</summary>
    public PrivacyBudgetLedger Refund(string chargeId)
    {
        var index = _charges.FindIndex(c => c.Id == chargeId);
        return index < 0 ? this : new PrivacyBudgetLedger(Limit, PerChargeLimit, _charges.RemoveAt(index));
    }
}
