using Agora.Privacy.DifferentialPrivacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Querying;

/// <summary>
/// The persistent privacy budget of one consumer organisation on one dataset, in the measure its agreement sets (pure ε
/// with basic composition, or zCDP ρ; δ adds up in both). <see cref="Spent"/> only ever grows through a conditional
/// UPDATE that checks the limit in its WHERE clause, so concurrent queries on any number of nodes cannot overspend.
/// </summary>
public sealed class PrivacyBudgetAccount
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ConsumerOrganisationId { get; set; }

    public Guid DatasetId { get; set; }

    public PrivacyMeasure Measure { get; set; }

    /// <summary>The total ε (or ρ), from the consumer's latest agreement on the dataset.</summary>
    public double Limit { get; set; }

    public double LimitDelta { get; set; }

    public double Spent { get; set; }

    public double SpentDelta { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public PrivacyCost LimitCost => new(Measure, Measure == PrivacyMeasure.PureDp ? Limit : 0, Measure == PrivacyMeasure.ZeroConcentrated ? Limit : 0, LimitDelta);

    public PrivacyCost SpentCost => new(Measure, Measure == PrivacyMeasure.PureDp ? Spent : 0, Measure == PrivacyMeasure.ZeroConcentrated ? Spent : 0, SpentDelta);

    public PrivacyCost RemainingCost => new(Measure, Measure == PrivacyMeasure.PureDp ? Math.Max(0, Limit - Spent) : 0,
        Measure == PrivacyMeasure.ZeroConcentrated ? Math.Max(0, Limit - Spent) : 0, Math.Max(0, LimitDelta - SpentDelta));
}

/// <summary>One charge against an account (a query run), kept so a refund gives back exactly what was taken, once.</summary>
public sealed class PrivacyBudgetCharge
{
    /// <summary>The engine's charge id.</summary>
    public required string Id { get; set; }

    public Guid AccountId { get; set; }

    public Guid AgreementId { get; set; }

    public Guid QueryRunId { get; set; }

    public double Amount { get; set; }

    public double Delta { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? RefundedAt { get; set; }
}

internal sealed class PrivacyBudgetAccountConfiguration : IEntityTypeConfiguration<PrivacyBudgetAccount>
{
    public void Configure(EntityTypeBuilder<PrivacyBudgetAccount> builder)
    {
        builder.ToTable("PrivacyBudgetAccounts");
        builder.HasIndex(a => new { a.ConsumerOrganisationId, a.DatasetId }).IsUnique();
        builder.Ignore(a => a.LimitCost);
        builder.Ignore(a => a.SpentCost);
        builder.Ignore(a => a.RemainingCost);
    }
}

internal sealed class PrivacyBudgetChargeConfiguration : IEntityTypeConfiguration<PrivacyBudgetCharge>
{
    public void Configure(EntityTypeBuilder<PrivacyBudgetCharge> builder)
    {
        builder.ToTable("PrivacyBudgetCharges");
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.HasIndex(c => c.AccountId);
        builder.HasIndex(c => c.QueryRunId);
    }
}
