using System.Text.Json.Nodes;

namespace Agora.Privacy.Policies;

/// <summary>The kind of ODRL policy.</summary>
public enum PolicyKind
{
    /// <summary>A policy not yet offered to anyone (odrl:Set).</summary>
    Set,

    /// <summary>What a provider offers (odrl:Offer).</summary>
    Offer,

    /// <summary>What provider and consumer agreed (odrl:Agreement): has an assigner and an assignee.</summary>
    Agreement,
}

/// <summary>
/// An ODRL 2.2 usage policy as Agora uses it: permissions, prohibitions and obligations over one target (a dataset), with
/// Agora's actions and constraints (<see cref="PolicyVocabulary"/>). Read and written as compacted JSON-LD in the shapes
/// of the Dataspace Protocol 2025-1 contract schema (<see cref="OdrlJson"/>).
/// </summary>
/// <param name="Id">The policy's IRI or URN (<c>@id</c>).</param>
/// <param name="Kind">Set, Offer or Agreement.</param>
/// <param name="Permissions">What is allowed, under which constraints and duties.</param>
/// <param name="Prohibitions">What is forbidden (a prohibition whose constraints all hold overrides permissions).</param>
/// <param name="Obligations">Duties that hold whatever is done.</param>
public sealed record UsagePolicy(string Id, PolicyKind Kind, IReadOnlyList<PolicyRule> Permissions, IReadOnlyList<PolicyRule> Prohibitions,
    IReadOnlyList<PolicyDuty> Obligations)
{
    /// <summary>The dataset (version) the policy is about; DSP forbids it on offers inside a catalogue.</summary>
    public string? Target { get; init; }

    /// <summary>The provider (agreements).</summary>
    public string? Assigner { get; init; }

    /// <summary>The consumer (agreements).</summary>
    public string? Assignee { get; init; }

    /// <summary>When the agreement was made.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>ODRL profiles the policy conforms to.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];
}

/// <summary>A permission or prohibition: an action and the constraints under which the rule applies.</summary>
/// <param name="Action">The action (see <see cref="PolicyVocabulary"/>).</param>
/// <param name="Constraints">All must hold.</param>
/// <param name="Duties">Duties attached to a permission.</param>
public sealed record PolicyRule(string Action, IReadOnlyList<PolicyConstraint> Constraints, IReadOnlyList<PolicyDuty> Duties);

/// <summary>A duty: something the consumer must do (attribute, delete by a date).</summary>
/// <param name="Action">The duty's action (<c>attribute</c>, <c>delete</c>).</param>
/// <param name="Constraints">Details of the duty (for example a <c>dateTime</c> deadline).</param>
/// <param name="Attribution">For attribution: the text to cite (<c>odrl:attributedParty</c> is not used; the text is kept as-is).</param>
public sealed record PolicyDuty(string Action, IReadOnlyList<PolicyConstraint> Constraints, string? Attribution = null);

/// <summary>An ODRL constraint: atomic or logical.</summary>
public abstract record PolicyConstraint;

/// <summary><c>leftOperand operator rightOperand</c>, e.g. <c>purpose isAnyOf [agora:ScientificResearch]</c>.</summary>
/// <param name="LeftOperand">What is constrained (compact form, e.g. <c>purpose</c>, <c>agora:organisationKind</c>).</param>
/// <param name="Operator">ODRL operator (<c>eq</c>, <c>lteq</c>, <c>isAnyOf</c>, …).</param>
/// <param name="RightOperand">The value: a string, number, array or object, as in the JSON.</param>
public sealed record AtomicConstraint(string LeftOperand, string Operator, JsonNode RightOperand) : PolicyConstraint;

/// <summary><c>and</c>, <c>or</c>, <c>xone</c> or <c>andSequence</c> over other constraints.</summary>
/// <param name="Operator">The logical operator.</param>
/// <param name="Constraints">The operands.</param>
public sealed record LogicalConstraint(string Operator, IReadOnlyList<PolicyConstraint> Constraints) : PolicyConstraint;
