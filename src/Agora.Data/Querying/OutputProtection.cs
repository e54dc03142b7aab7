using Agora.Privacy.Disclosure;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Querying;

/// <summary>The output control an agreement demands for a query.</summary>
public abstract record OutputProtection;

/// <summary>Differential privacy: the query's whole loss is <paramref name="QueryBudget"/> (ε or ρ, and δ for
/// releasing group keys found in the data).</summary>
/// <param name="QueryBudget">The loss of one run.</param>
/// <param name="MinimumUnitsPerGroup">A deterministic pre-threshold on top of DP partition selection.</param>
public sealed record DifferentialPrivacyProtection(PrivacyCost QueryBudget, long MinimumUnitsPerGroup = 0) : OutputProtection;

/// <summary>Statistical disclosure control with the given rules.</summary>
/// <param name="Rules">The rules.</param>
public sealed record DisclosureControlProtection(DisclosureRules Rules) : OutputProtection;

/// <summary>Row-level output allowed (protected derivatives only).</summary>
public sealed record RowLevelAccess : OutputProtection;
