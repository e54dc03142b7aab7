using System.Globalization;
using System.Text.Json.Nodes;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Policies;

/// <summary>The output control a policy demands.</summary>
public enum OutputControlKind
{
    /// <summary>Outputs are differentially private and charged to a privacy budget.</summary>
    DifferentialPrivacy,

    /// <summary>Outputs pass statistical disclosure control rules (or go to review).</summary>
    StatisticalDisclosureControl,
}

/// <summary>What a consumer asks to do, with the facts the constraints are judged on.</summary>
/// <param name="Action">The action (<see cref="PolicyVocabulary"/>).</param>
/// <param name="Target">The dataset (version) asked for.</param>
/// <param name="Purpose">The stated purpose (from the controlled list).</param>
/// <param name="Organisation">The consumer organisation's identifier.</param>
/// <param name="OrganisationKind">Its kind (<see cref="PolicyVocabulary.OrganisationKinds"/>).</param>
/// <param name="At">When.</param>
/// <param name="UsesSoFar">Uses already made under this policy.</param>
public sealed record UsageRequest(string Action, string Target, string Purpose, string Organisation, string OrganisationKind, DateTimeOffset At,
    int UsesSoFar = 0)
{
    /// <summary>The output control the request will use, if known.</summary>
    public OutputControlKind? OutputControl { get; init; }

    /// <summary>The privacy cost of the request (DP queries), if known.</summary>
    public PrivacyCost? RequestedCost { get; init; }

    /// <summary>Budget already spent under this policy.</summary>
    public PrivacyCost? BudgetSpent { get; init; }
}

/// <summary>One judged constraint.</summary>
/// <param name="Rule">The rule it belongs to, in words ("permission 1 (aggregate queries)").</param>
/// <param name="Holds">Whether it holds.</param>
/// <param name="Explanation">Why, in words a steward understands.</param>
public sealed record ConstraintOutcome(string Rule, bool Holds, string Explanation);

/// <summary>The privacy budget a policy sets.</summary>
/// <param name="Total">The total over the agreement.</param>
/// <param name="PerQuery">The most one query may cost, if limited.</param>
public sealed record PolicyBudget(PrivacyCost Total, PrivacyCost? PerQuery);

/// <summary>A policy decision with every reason.</summary>
/// <param name="Permitted">Whether the request may go ahead.</param>
/// <param name="Summary">One sentence.</param>
/// <param name="Reasons">Every constraint judged, held or failed.</param>
/// <param name="Duties">Duties the consumer takes on by going ahead (from the permitting rule and the obligations).</param>
/// <param name="OutputControl">The output control the permitting rule demands (null: none demanded).</param>
/// <param name="Budget">The privacy budget the permitting rule sets (null: none).</param>
public sealed record PolicyDecision(bool Permitted, string Summary, IReadOnlyList<ConstraintOutcome> Reasons, IReadOnlyList<PolicyDuty> Duties,
    OutputControlKind? OutputControl, PolicyBudget? Budget);

/// <summary>
/// Judges a <see cref="UsageRequest"/> against a policy (usually an agreement). A request is permitted when one permission
/// for its action (or for <c>use</c>) has all its constraints hold and no prohibition for the action applies. Unknown
/// constraints do not hold (deny by default). Every constraint judged is explained.
/// </summary>
public sealed class PolicyEvaluator(PurposeCatalogue? purposes = null)
{
    private readonly PurposeCatalogue _purposes = purposes ?? PurposeCatalogue.Default;

    /// <summary>Judges the request.</summary>
    public PolicyDecision Evaluate(UsagePolicy policy, UsageRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        var reasons = new List<ConstraintOutcome>();
        var action = PolicyVocabulary.Describe(request.Action);

        if (policy.Target is not null && !string.Equals(policy.Target, request.Target, StringComparison.Ordinal))
        {
            reasons.Add(new ConstraintOutcome("policy", false, $"The policy covers dataset '{policy.Target}', not '{request.Target}'."));
            return Deny($"Refused: the policy is for another dataset.", reasons);
        }
        if (policy.Kind == PolicyKind.Agreement && policy.Assignee is not null
            && !string.Equals(policy.Assignee, request.Organisation, StringComparison.Ordinal))
        {
            reasons.Add(new ConstraintOutcome("agreement", false,
                $"The agreement was made with '{policy.Assignee}', not with '{request.Organisation}'."));
            return Deny("Refused: the agreement belongs to another organisation.", reasons);
        }

        foreach (var (prohibition, index) in policy.Prohibitions.Select((p, i) => (p, i + 1)))
        {
            if (!Covers(prohibition.Action, request.Action))
            {
                continue;
            }
            var label = $"prohibition {index} ({PolicyVocabulary.Describe(prohibition.Action)})";
            var outcomes = prohibition.Constraints.Select(c => Judge(c, request, label)).ToList();
            reasons.AddRange(outcomes);
            if (outcomes.All(o => o.Holds))
            {
                reasons.Add(new ConstraintOutcome(label, false, $"This prohibition applies, so {action} are not allowed here."));
                return Deny($"Refused: {label} applies.", reasons);
            }
        }

        var candidates = policy.Permissions.Select((p, i) => (p, i + 1)).Where(x => Covers(x.p.Action, request.Action)).ToList();
        if (candidates.Count == 0)
        {
            var allowed = policy.Permissions.Count == 0 ? "nothing" : string.Join(", ", policy.Permissions.Select(p => PolicyVocabulary.Describe(p.Action)).Distinct());
            reasons.Add(new ConstraintOutcome("policy", false, $"The policy permits {allowed}; it does not permit {action}."));
            return Deny($"Refused: {action} are not permitted by this policy.", reasons);
        }
        foreach (var (permission, index) in candidates)
        {
            var label = $"permission {index} ({PolicyVocabulary.Describe(permission.Action)})";
            var outcomes = permission.Constraints.Select(c => Judge(c, request, label)).ToList();
            reasons.AddRange(outcomes);
            if (outcomes.All(o => o.Holds))
            {
                var duties = permission.Duties.Concat(policy.Obligations).ToList();
                var control = OutputControlOf(permission.Constraints);
                var budget = BudgetOf(permission.Constraints);
                var summary = outcomes.Count == 0
                    ? $"Permitted: {label} has no conditions."
                    : $"Permitted by {label}: all {outcomes.Count} condition(s) hold.";
                return new PolicyDecision(true, summary, reasons, duties, control, budget);
            }
        }
        var failed = reasons.Where(r => !r.Holds).Select(r => r.Explanation).FirstOrDefault() ?? "a condition does not hold";
        return Deny($"Refused: {failed}", reasons);
    }

    private static PolicyDecision Deny(string summary, List<ConstraintOutcome> reasons) => new(false, summary, reasons, [], null, null);

    private static bool Covers(string ruleAction, string requested) =>
        string.Equals(ruleAction, requested, StringComparison.Ordinal) || string.Equals(ruleAction, PolicyVocabulary.Use, StringComparison.Ordinal);

    private ConstraintOutcome Judge(PolicyConstraint constraint, UsageRequest request, string rule)
    {
        if (constraint is LogicalConstraint logical)
        {
            var parts = logical.Constraints.Select(c => Judge(c, request, rule)).ToList();
            var held = parts.Count(p => p.Holds);
            var holds = logical.Operator switch
            {
                "and" or "andSequence" => held == parts.Count,
                "or" => held > 0,
                "xone" => held == 1,
                _ => false,
            };
            var joined = string.Join("; ", parts.Select(p => (p.Holds ? "held: " : "failed: ") + p.Explanation));
            var rule2 = logical.Operator switch
            {
                "or" => "at least one of these must hold",
                "xone" => "exactly one of these must hold",
                _ => "all of these must hold",
            };
            return new ConstraintOutcome(rule, holds, $"{Capitalise(rule2)} ({held} of {parts.Count} did): {joined}.");
        }
        var atomic = (AtomicConstraint)constraint;
        try
        {
            var (holds, explanation) = atomic.LeftOperand switch
            {
                PolicyVocabulary.Purpose => JudgePurpose(atomic, request),
                PolicyVocabulary.DateTime => JudgeDateTime(atomic, request),
                PolicyVocabulary.Count => JudgeCount(atomic, request),
                PolicyVocabulary.OrganisationKind => JudgeMembership(atomic, request.OrganisationKind, "The consumer organisation is",
                    k => PolicyVocabulary.OrganisationKinds.GetValueOrDefault(k, k)),
                PolicyVocabulary.Organisation => JudgeMembership(atomic, request.Organisation, "The consumer organisation is", o => $"'{o}'"),
                PolicyVocabulary.OutputControl => JudgeOutputControl(atomic, request),
                PolicyVocabulary.PrivacyBudget => JudgeBudget(atomic, request),
                _ => (false, $"The condition on '{atomic.LeftOperand}' is not one Agora can check, so it is treated as not met."),
            };
            return new ConstraintOutcome(rule, holds, explanation);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return new ConstraintOutcome(rule, false,
                $"The condition on '{atomic.LeftOperand}' ({atomic.Operator} {atomic.RightOperand.ToJsonString()}) cannot be read: {e.Message}");
        }
    }

    private (bool, string) JudgePurpose(AtomicConstraint c, UsageRequest request)
    {
        var listed = Strings(c.RightOperand);
        var requested = _purposes.Label(request.Purpose);
        if (!_purposes.Contains(request.Purpose))
        {
            return (false, $"The stated purpose '{request.Purpose}' is not on the controlled list of purposes.");
        }
        var match = listed.FirstOrDefault(p => _purposes.IsCoveredBy(request.Purpose, p));
        var names = string.Join(", ", listed.Select(_purposes.Label));
        return c.Operator switch
        {
            "eq" or "isA" or "isAnyOf" or "isPartOf" => match is not null
                ? (true, match == request.Purpose
                    ? $"The purpose, {requested}, is allowed."
                    : $"The purpose, {requested}, is a kind of {_purposes.Label(match)}, which is allowed.")
                : (false, $"The purpose, {requested}, is not among the allowed purposes ({names})."),
            "neq" or "isNoneOf" => match is null
                ? (true, $"The purpose, {requested}, is not among the excluded purposes ({names}).")
                : (false, $"The purpose, {requested}, is excluded ({_purposes.Label(match)})."),
            _ => (false, $"The operator '{c.Operator}' cannot be used with a purpose."),
        };
    }

    private static (bool, string) JudgeDateTime(AtomicConstraint c, UsageRequest request)
    {
        var text = c.RightOperand.GetValue<string>();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var limit))
        {
            throw new FormatException($"'{text}' is not a date");
        }
        var at = request.At;
        var day = limit.UtcDateTime.ToString("d MMMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return c.Operator switch
        {
            "lteq" => at <= limit ? (true, $"Use is allowed until {day}, and it is still before then.") : (false, $"Use was allowed only until {day}; that date has passed."),
            "lt" => at < limit ? (true, $"Use is allowed before {day}, and it is still before then.") : (false, $"Use was allowed only before {day}; that date has passed."),
            "gteq" => at >= limit ? (true, $"Use is allowed from {day}, and that date has come.") : (false, $"Use is allowed only from {day}; that date has not come yet."),
            "gt" => at > limit ? (true, $"Use is allowed after {day}, and that date has passed.") : (false, $"Use is allowed only after {day}; that date has not come yet."),
            _ => (false, $"The operator '{c.Operator}' cannot be used with a date."),
        };
    }

    private static (bool, string) JudgeCount(AtomicConstraint c, UsageRequest request)
    {
        var limit = Number(c.RightOperand);
        var next = request.UsesSoFar + 1;
        var holds = c.Operator switch
        {
            "lteq" => next <= limit,
            "lt" => next < limit,
            "eq" => next == limit,
            _ => throw new ArgumentException($"operator '{c.Operator}' is not meaningful for a number of uses"),
        };
        var max = c.Operator == "lt" ? limit - 1 : limit;
        return holds
            ? (true, string.Create(CultureInfo.InvariantCulture, $"This is use {next} of at most {max}."))
            : (false, string.Create(CultureInfo.InvariantCulture, $"The policy allows at most {max} use(s), and {request.UsesSoFar} have been made."));
    }

    private static (bool, string) JudgeMembership(AtomicConstraint c, string actual, string subject, Func<string, string> name)
    {
        var listed = Strings(c.RightOperand);
        var inList = listed.Contains(actual, StringComparer.Ordinal);
        var names = string.Join(", ", listed.Select(name));
        return c.Operator switch
        {
            "eq" or "isAnyOf" or "isA" or "isPartOf" => inList
                ? (true, $"{subject} {name(actual)}, which is allowed.")
                : (false, $"{subject} {name(actual)}; only {names} may use the data."),
            "neq" or "isNoneOf" => inList
                ? (false, $"{subject} {name(actual)}, which is excluded.")
                : (true, $"{subject} {name(actual)}, which is not excluded ({names} are)."),
            _ => (false, $"The operator '{c.Operator}' cannot be used here."),
        };
    }

    private static (bool, string) JudgeOutputControl(AtomicConstraint c, UsageRequest request)
    {
        var required = ParseControl(Strings(c.RightOperand).First());
        var words = required == OutputControlKind.DifferentialPrivacy ? "differential privacy" : "statistical disclosure control";
        if (request.OutputControl is null)
        {
            return (true, $"Outputs will be protected by {words}, as the policy requires.");
        }
        return request.OutputControl == required
            ? (true, $"Outputs are protected by {words}, as the policy requires.")
            : (false, $"The policy requires outputs protected by {words}.");
    }

    private static (bool, string) JudgeBudget(AtomicConstraint c, UsageRequest request)
    {
        var budget = ParseBudget(c.RightOperand);
        if (request.RequestedCost is null)
        {
            return (true, $"A privacy budget of {budget.Total} applies.");
        }
        if (budget.PerQuery is not null && !request.RequestedCost.FitsWithin(budget.PerQuery))
        {
            return (false, $"The query costs {request.RequestedCost}, more than the {budget.PerQuery} allowed per query.");
        }
        var spent = request.BudgetSpent ?? PrivacyCost.None(budget.Total.Measure);
        var after = PrivacyCost.Compose(budget.Total.Measure, [spent, request.RequestedCost]);
        return after.FitsWithin(budget.Total)
            ? (true, $"The query costs {request.RequestedCost}; with {spent} already spent it stays within the budget of {budget.Total}.")
            : (false, $"The query costs {request.RequestedCost}, but {spent} of the budget of {budget.Total} is already spent.");
    }

    private static OutputControlKind? OutputControlOf(IEnumerable<PolicyConstraint> constraints) =>
        Atomics(constraints).Where(a => a.LeftOperand == PolicyVocabulary.OutputControl)
            .Select(a => (OutputControlKind?)ParseControl(Strings(a.RightOperand).First())).FirstOrDefault();

    private static PolicyBudget? BudgetOf(IEnumerable<PolicyConstraint> constraints) =>
        Atomics(constraints).Where(a => a.LeftOperand == PolicyVocabulary.PrivacyBudget).Select(a => ParseBudget(a.RightOperand)).FirstOrDefault();

    private static IEnumerable<AtomicConstraint> Atomics(IEnumerable<PolicyConstraint> constraints) =>
        constraints.SelectMany(c => c switch
        {
            AtomicConstraint a => [a],
            LogicalConstraint { Operator: "and" or "andSequence" } l => Atomics(l.Constraints),
            _ => [],
        });

    /// <summary>Reads a privacy budget operand: a number (ε) or <c>{"epsilon"|"rho": x, "delta": y, "perQuery": z}</c>.</summary>
    public static PolicyBudget ParseBudget(JsonNode operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        if (operand is JsonValue)
        {
            return new PolicyBudget(PrivacyCost.Pure(Number(operand)), null);
        }
        if (operand is not JsonObject budget)
        {
            throw new FormatException("a privacy budget is a number or an object");
        }
        var delta = budget["delta"] is { } d ? Number(d) : 0;
        if (budget["rho"] is { } rho)
        {
            var perQuery = budget["perQuery"] is { } p ? PrivacyCost.Zcdp(Number(p), delta) : null;
            return new PolicyBudget(PrivacyCost.Zcdp(Number(rho), delta), perQuery);
        }
        var epsilon = budget["epsilon"] ?? throw new FormatException("a privacy budget needs 'epsilon' or 'rho'");
        var perQueryPure = budget["perQuery"] is { } q ? PrivacyCost.Pure(Number(q), delta) : null;
        return new PolicyBudget(PrivacyCost.Pure(Number(epsilon), delta), perQueryPure);
    }

    private static OutputControlKind ParseControl(string value) => value switch
    {
        PolicyVocabulary.DifferentialPrivacy => OutputControlKind.DifferentialPrivacy,
        PolicyVocabulary.StatisticalDisclosureControl => OutputControlKind.StatisticalDisclosureControl,
        _ => throw new FormatException($"'{value}' is not an output control Agora knows"),
    };

    private static List<string> Strings(JsonNode node) => node switch
    {
        JsonArray array => array.Select(item => item!.GetValue<string>()).ToList(),
        _ => [node.GetValue<string>()],
    };

    private static double Number(JsonNode node)
    {
        var value = node.AsValue();
        if (value.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        if (value.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        throw new FormatException("expected a number");
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
