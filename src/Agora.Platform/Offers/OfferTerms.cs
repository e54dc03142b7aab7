using System.Globalization;
using System.Text.Json.Nodes;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Policies;

namespace Agora.Platform.Offers;

/// <summary>
/// The terms a steward chooses for an offer, in plain fields (what the offer form and the API send). They are turned into
/// an ODRL policy (<see cref="ToPolicy"/>) and read back from one (<see cref="FromPolicy"/>) to show it in words.
/// </summary>
public sealed record OfferTerms
{
    public string Title { get; init; } = "";

    /// <summary>The version offered; null for the latest.</summary>
    public int? VersionNumber { get; init; }

    /// <summary><see cref="PolicyVocabulary.AggregateQuery"/>, <see cref="PolicyVocabulary.ApprovedAlgorithm"/>,
    /// <see cref="PolicyVocabulary.DownloadDerivative"/>.</summary>
    public List<string> Actions { get; init; } = [PolicyVocabulary.AggregateQuery];

    /// <summary>Allowed purposes from the controlled list (<see cref="PurposeCatalogue"/>); narrower ones are covered.</summary>
    public List<string> Purposes { get; init; } = [];

    /// <summary>Allowed kinds of consumer organisation (<c>agora:PublicBody</c>, <c>agora:Company</c>); empty: any.</summary>
    public List<string> OrganisationKinds { get; init; } = [];

    /// <summary>Named consumer organisations (short names or ids); empty: any.</summary>
    public List<string> Organisations { get; init; } = [];

    public DateOnly? ValidFrom { get; init; }

    public DateOnly? ValidUntil { get; init; }

    /// <summary>Most uses (queries, algorithm runs, downloads) under one agreement; null: unlimited.</summary>
    public int? MaxUses { get; init; }

    public OutputControlKind OutputControl { get; init; } = OutputControlKind.DifferentialPrivacy;

    /// <summary>Pure ε (basic composition) or zCDP (ρ).</summary>
    public PrivacyMeasure BudgetMeasure { get; init; } = PrivacyMeasure.PureDp;

    /// <summary>Total ε (or ρ) per consumer organisation on this dataset.</summary>
    public double? BudgetTotal { get; init; }

    /// <summary>Most ε (or ρ) one query may spend.</summary>
    public double? BudgetPerQuery { get; init; }

    /// <summary>Total δ: spent only by queries whose group keys come from the data (partition selection).</summary>
    public double BudgetDelta { get; init; } = 1e-5;

    public PrivacyMetadata Privacy { get; init; } = new();

    /// <summary>Text the consumer must cite when publishing results.</summary>
    public string? AttributionText { get; init; }

    /// <summary>Date by which the consumer must delete what it received.</summary>
    public DateOnly? DeleteBy { get; init; }

    public bool AutoApprove { get; init; }

    public int ReviewersRequired { get; init; } = 1;

    /// <summary>The platform's organisation kinds as policy terms.</summary>
    public static IReadOnlyList<string> KnownOrganisationKinds { get; } = ["agora:PublicBody", "agora:Company"];

    public static IReadOnlyList<string> OfferableActions { get; } =
        [PolicyVocabulary.AggregateQuery, PolicyVocabulary.ApprovedAlgorithm, PolicyVocabulary.DownloadDerivative];

    public static string KindTerm(Agora.Platform.Organisations.OrganisationKind kind) =>
        kind == Agora.Platform.Organisations.OrganisationKind.Public ? "agora:PublicBody" : "agora:Company";

    public PolicyBudget? Budget => OutputControl == OutputControlKind.DifferentialPrivacy && BudgetTotal is { } total
        ? BudgetMeasure == PrivacyMeasure.PureDp
            ? new PolicyBudget(PrivacyCost.Pure(total, BudgetDelta), BudgetPerQuery is { } p ? PrivacyCost.Pure(p, BudgetDelta) : null)
            : new PolicyBudget(PrivacyCost.Zcdp(total, BudgetDelta), BudgetPerQuery is { } q ? PrivacyCost.Zcdp(q, BudgetDelta) : null)
        : null;

    /// <summary>The problems of the budget fields, by field name, in the words the offer form and the API show, when a
    /// differential-privacy budget applies (a controlled action). Offers and counter-offers both check them before
    /// <see cref="ToPolicy"/> reads <see cref="Budget"/>, whose privacy costs refuse a δ outside [0, 1) or a negative ε.</summary>
    public IEnumerable<KeyValuePair<string, string>> BudgetProblems()
    {
        if (OutputControl != OutputControlKind.DifferentialPrivacy || !HasControlledAction())
        {
            yield break;
        }
        if (BudgetTotal is not (> 0 and <= 100))
        {
            yield return new("budgetTotal", "Differential privacy needs a total budget above 0 (and at most 100).");
        }
        if (BudgetPerQuery is { } perQuery && (!(perQuery > 0) || perQuery > BudgetTotal))
        {
            yield return new("budgetPerQuery", "The budget of one query is above 0 and at most the total.");
        }
        if (!(BudgetDelta >= 0 && BudgetDelta <= 1e-3))
        {
            yield return new("budgetDelta", "δ is between 0 and 0.001 (0 allows only group keys from public lists).");
        }
    }

    /// <summary>Whether an action runs under output control (every action but the download of a protected version).</summary>
    public bool HasControlledAction() => Actions.Any(a => a != PolicyVocabulary.DownloadDerivative);

    /// <summary>Builds the ODRL policy. <paramref name="organisationIds"/> are the named organisations, resolved.</summary>
    public UsagePolicy ToPolicy(string id, PolicyKind kind, string target, IReadOnlyList<Guid> organisationIds)
    {
        var common = new List<PolicyConstraint>
        {
            new AtomicConstraint(PolicyVocabulary.Purpose, "isAnyOf", new JsonArray([.. Purposes.Select(p => (JsonNode)p)])),
        };
        if (OrganisationKinds.Count > 0)
        {
            common.Add(new AtomicConstraint(PolicyVocabulary.OrganisationKind, "isAnyOf", new JsonArray([.. OrganisationKinds.Select(k => (JsonNode)k)])));
        }
        if (organisationIds.Count > 0)
        {
            common.Add(new AtomicConstraint(PolicyVocabulary.Organisation, "isAnyOf", new JsonArray([.. organisationIds.Select(o => (JsonNode)o.ToString())])));
        }
        if (ValidFrom is { } from)
        {
            common.Add(new AtomicConstraint(PolicyVocabulary.DateTime, "gteq", JsonValue.Create(Instant(from, TimeOnly.MinValue))));
        }
        if (ValidUntil is { } until)
        {
            common.Add(new AtomicConstraint(PolicyVocabulary.DateTime, "lteq", JsonValue.Create(Instant(until, new TimeOnly(23, 59, 59)))));
        }
        if (MaxUses is { } uses)
        {
            common.Add(new AtomicConstraint(PolicyVocabulary.Count, "lteq", JsonValue.Create(uses)));
        }
        var controlled = new List<PolicyConstraint>(common)
        {
            new AtomicConstraint(PolicyVocabulary.OutputControl, "eq", JsonValue.Create(OutputControl == OutputControlKind.DifferentialPrivacy
                ? PolicyVocabulary.DifferentialPrivacy : PolicyVocabulary.StatisticalDisclosureControl)),
        };
        // The budget belongs to the controlled actions only; an offer of downloads alone carries none (and never reads it).
        if (HasControlledAction() && Budget is { } budget)
        {
            var operand = new JsonObject
            {
                [BudgetMeasure == PrivacyMeasure.PureDp ? "epsilon" : "rho"] = budget.Total.Amount,
                ["delta"] = BudgetDelta,
            };
            if (BudgetPerQuery is { } perQuery)
            {
                operand["perQuery"] = perQuery;
            }
            controlled.Add(new AtomicConstraint(PolicyVocabulary.PrivacyBudget, "lteq", operand));
        }
        var duties = new List<PolicyDuty>();
        if (!string.IsNullOrWhiteSpace(AttributionText))
        {
            duties.Add(new PolicyDuty(PolicyVocabulary.Attribute, [], AttributionText.Trim()));
        }
        if (DeleteBy is { } deleteBy)
        {
            duties.Add(new PolicyDuty(PolicyVocabulary.Delete,
                [new AtomicConstraint(PolicyVocabulary.DateTime, "lteq", JsonValue.Create(Instant(deleteBy, new TimeOnly(23, 59, 59))))]));
        }
        var permissions = Actions.Distinct(StringComparer.Ordinal).Select(action => new PolicyRule(action,
            action == PolicyVocabulary.DownloadDerivative ? common : controlled, duties)).ToList();
        return new UsagePolicy(id, kind, permissions, [], []) { Target = target };
    }

    /// <summary>Reads the terms back from a policy this class wrote (and, as far as it can, from any policy).</summary>
    public static OfferTerms FromPolicy(UsagePolicy policy, PrivacyMetadata privacy, string title = "")
    {
        ArgumentNullException.ThrowIfNull(policy);
        var purposes = new List<string>();
        var kinds = new List<string>();
        var organisations = new List<string>();
        DateOnly? from = null, until = null, deleteBy = null;
        int? maxUses = null;
        var control = OutputControlKind.DifferentialPrivacy;
        var hasControl = false;
        PolicyBudget? budget = null;
        string? attribution = null;
        foreach (var rule in policy.Permissions)
        {
            foreach (var constraint in rule.Constraints.OfType<AtomicConstraint>())
            {
                switch (constraint.LeftOperand)
                {
                    case PolicyVocabulary.Purpose:
                        AddAll(purposes, constraint.RightOperand);
                        break;
                    case PolicyVocabulary.OrganisationKind:
                        AddAll(kinds, constraint.RightOperand);
                        break;
                    case PolicyVocabulary.Organisation:
                        AddAll(organisations, constraint.RightOperand);
                        break;
                    case PolicyVocabulary.DateTime when constraint.Operator is "gteq" or "gt":
                        from = DateOf(constraint.RightOperand);
                        break;
                    case PolicyVocabulary.DateTime when constraint.Operator is "lteq" or "lt":
                        until = DateOf(constraint.RightOperand);
                        break;
                    case PolicyVocabulary.Count:
                        // ODRL JSON carries the count as a number or (as OdrlJson writes it) a string.
                        maxUses = (int)double.Parse(constraint.RightOperand is JsonValue count && count.TryGetValue<string>(out var text)
                            ? text : constraint.RightOperand.ToJsonString(), CultureInfo.InvariantCulture);
                        break;
                    case PolicyVocabulary.OutputControl:
                        hasControl = true;
                        control = constraint.RightOperand.GetValue<string>() == PolicyVocabulary.StatisticalDisclosureControl
                            ? OutputControlKind.StatisticalDisclosureControl : OutputControlKind.DifferentialPrivacy;
                        break;
                    case PolicyVocabulary.PrivacyBudget:
                        budget = PolicyEvaluator.ParseBudget(constraint.RightOperand);
                        break;
                }
            }
            foreach (var duty in rule.Duties)
            {
                if (duty.Action == PolicyVocabulary.Attribute)
                {
                    attribution = duty.Attribution;
                }
                else if (duty.Action == PolicyVocabulary.Delete)
                {
                    deleteBy = duty.Constraints.OfType<AtomicConstraint>().Select(c => (DateOnly?)DateOf(c.RightOperand)).FirstOrDefault();
                }
            }
        }
        return new OfferTerms
        {
            Title = title,
            Actions = [.. policy.Permissions.Select(p => p.Action).Distinct(StringComparer.Ordinal)],
            Purposes = [.. purposes.Distinct(StringComparer.Ordinal)],
            OrganisationKinds = [.. kinds.Distinct(StringComparer.Ordinal)],
            Organisations = [.. organisations.Distinct(StringComparer.Ordinal)],
            ValidFrom = from,
            ValidUntil = until,
            MaxUses = maxUses,
            OutputControl = hasControl ? control : OutputControlKind.DifferentialPrivacy,
            BudgetMeasure = budget?.Total.Measure ?? PrivacyMeasure.PureDp,
            BudgetTotal = budget?.Total.Amount,
            BudgetPerQuery = budget?.PerQuery?.Amount,
            BudgetDelta = budget?.Total.Delta ?? 0,
            Privacy = privacy,
            AttributionText = attribution,
            DeleteBy = deleteBy,
        };
    }

    /// <summary>The end of the validity period as an instant (end of that day, UTC), if any.</summary>
    public DateTimeOffset? ExpiresAt => ValidUntil is { } until ? new DateTimeOffset(until.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : null;

    private static string Instant(DateOnly date, TimeOnly time) =>
        date.ToDateTime(time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateOnly DateOf(JsonNode node) =>
        DateOnly.FromDateTime(DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime);

    private static void AddAll(List<string> list, JsonNode node)
    {
        if (node is JsonArray array)
        {
            list.AddRange(array.Select(item => item!.GetValue<string>()));
        }
        else
        {
            list.Add(node.GetValue<string>());
        }
    }
}
