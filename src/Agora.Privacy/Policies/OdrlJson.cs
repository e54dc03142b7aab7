using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Privacy.Policies;

/// <summary>A policy document that cannot be read; the message names the JSON path and what is wrong.</summary>
public sealed class PolicyFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PolicyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PolicyFormatException()
    {
    }
}

/// <summary>
/// Reads and writes <see cref="UsagePolicy"/> as compacted ODRL JSON-LD, in the shapes of the Dataspace Protocol 2025-1
/// contract schema: <c>permission</c>/<c>prohibition</c>/<c>obligation</c> arrays, <c>action</c> strings, atomic
/// constraints with <c>leftOperand</c>/<c>operator</c>/<c>rightOperand</c> and logical ones with
/// <c>and</c>/<c>or</c>/<c>xone</c>/<c>andSequence</c>. Reading also accepts <c>odrl:</c>-prefixed and full ODRL IRIs and
/// <c>{"@id": …}</c> objects where a term is expected, so policies from other connectors load. No RDF processing is done
/// (no JSON-LD library is available); terms are matched after compaction against the known prefixes.
/// </summary>
public static class OdrlJson
{
    private static readonly string[] LogicalOperators = ["and", "or", "xone", "andSequence"];

    /// <summary>Parses a policy document.</summary>
    /// <exception cref="PolicyFormatException">The JSON is invalid or a required part is missing; the message says where.</exception>
    public static UsagePolicy Parse(string json)
    {
        JsonNode? root;
        try
        {
            // A repeated property name is refused here, not left to fail later when the object is read.
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new PolicyFormatException($"The policy is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject policy)
        {
            throw new PolicyFormatException("The policy must be a JSON object.");
        }
        return Parse(policy);
    }

    /// <summary>Parses a policy object (for example the <c>agreement</c> of a DSP message).</summary>
    public static UsagePolicy Parse(JsonObject policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var id = Term(Get(policy, "@id"), "@id") ?? throw new PolicyFormatException("The policy has no '@id'.");
        var typeText = Term(Get(policy, "@type"), "@type") ?? "Set";
        var kind = Compact(typeText) switch
        {
            "Set" or "Policy" => PolicyKind.Set,
            "Offer" => PolicyKind.Offer,
            "Agreement" => PolicyKind.Agreement,
            var other => throw new PolicyFormatException($"'@type' is '{other}'; expected Set, Offer or Agreement."),
        };
        var permissions = Rules(policy, "permission");
        var prohibitions = Rules(policy, "prohibition");
        var obligations = Array(policy, "obligation").Select((node, i) => Duty(node, $"obligation[{i}]")).ToList();
        DateTimeOffset? timestamp = null;
        if (Get(policy, "timestamp") is { } stamp)
        {
            var text = Term(stamp, "timestamp");
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new PolicyFormatException($"timestamp: '{text}' is not a date and time.");
            }
            timestamp = parsed;
        }
        var profiles = Get(policy, "profile") switch
        {
            null => [],
            JsonArray array => array.Select((p, i) => Term(p, $"profile[{i}]")!).ToList(),
            var single => (IReadOnlyList<string>)[Term(single, "profile")!],
        };
        return new UsagePolicy(id, kind, permissions, prohibitions, obligations)
        {
            Target = Term(Get(policy, "target"), "target"),
            Assigner = Term(Get(policy, "assigner"), "assigner"),
            Assignee = Term(Get(policy, "assignee"), "assignee"),
            Timestamp = timestamp,
            Profiles = profiles,
        };
    }

    /// <summary>Writes the policy as a JSON object. With <paramref name="withContext"/> the object carries the DSP context
    /// plus the <c>agora</c> prefix, ready to stand alone; without it, it can be embedded in a DSP message.</summary>
    public static JsonObject ToJson(UsagePolicy policy, bool withContext = true)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var json = new JsonObject();
        if (withContext)
        {
            json["@context"] = new JsonArray(PolicyVocabulary.DspContext, new JsonObject { ["agora"] = PolicyVocabulary.AgoraNamespace });
        }
        json["@id"] = policy.Id;
        json["@type"] = policy.Kind.ToString();
        if (policy.Profiles.Count == 1)
        {
            json["profile"] = policy.Profiles[0];
        }
        else if (policy.Profiles.Count > 1)
        {
            json["profile"] = new JsonArray([.. policy.Profiles.Select(p => (JsonNode)p)]);
        }
        if (policy.Target is not null)
        {
            json["target"] = policy.Target;
        }
        if (policy.Assigner is not null)
        {
            json["assigner"] = policy.Assigner;
        }
        if (policy.Assignee is not null)
        {
            json["assignee"] = policy.Assignee;
        }
        if (policy.Timestamp is { } timestamp)
        {
            json["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        // The DSP schema requires non-empty arrays when present, so empty lists are left out.
        if (policy.Permissions.Count > 0)
        {
            json["permission"] = new JsonArray([.. policy.Permissions.Select(RuleJson)]);
        }
        if (policy.Prohibitions.Count > 0)
        {
            json["prohibition"] = new JsonArray([.. policy.Prohibitions.Select(RuleJson)]);
        }
        if (policy.Obligations.Count > 0)
        {
            json["obligation"] = new JsonArray([.. policy.Obligations.Select(DutyJson)]);
        }
        return json;
    }

    /// <summary>Writes the policy as indented JSON text.</summary>
    public static string Write(UsagePolicy policy, bool withContext = true) =>
        ToJson(policy, withContext).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonNode RuleJson(PolicyRule rule)
    {
        var json = new JsonObject { ["action"] = rule.Action };
        if (rule.Constraints.Count > 0)
        {
            json["constraint"] = new JsonArray([.. rule.Constraints.Select(ConstraintJson)]);
        }
        if (rule.Duties.Count > 0)
        {
            json["duty"] = new JsonArray([.. rule.Duties.Select(DutyJson)]);
        }
        return json;
    }

    private static JsonNode DutyJson(PolicyDuty duty)
    {
        var json = new JsonObject { ["action"] = duty.Action };
        if (duty.Constraints.Count > 0)
        {
            json["constraint"] = new JsonArray([.. duty.Constraints.Select(ConstraintJson)]);
        }
        if (duty.Attribution is not null)
        {
            json["agora:attributionText"] = duty.Attribution;
        }
        return json;
    }

    private static JsonNode ConstraintJson(PolicyConstraint constraint) => constraint switch
    {
        AtomicConstraint atomic => new JsonObject
        {
            ["leftOperand"] = atomic.LeftOperand,
            ["operator"] = atomic.Operator,
            ["rightOperand"] = RightOperandJson(atomic.RightOperand),
        },
        LogicalConstraint logical => new JsonObject
        {
            [logical.Operator] = new JsonArray([.. logical.Constraints.Select(ConstraintJson)]),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(constraint)),
    };

    // The DSP schema allows a string, object or array as right operand, not a bare number, so numbers are written as
    // strings (the evaluator reads both).
    private static JsonNode RightOperandJson(JsonNode operand) =>
        operand is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? JsonValue.Create(value.ToJsonString())! : operand.DeepClone();

    private static List<PolicyRule> Rules(JsonObject policy, string name) =>
        Array(policy, name).Select((node, i) => Rule(node, $"{name}[{i}]")).ToList();

    private static PolicyRule Rule(JsonNode? node, string path)
    {
        if (node is not JsonObject rule)
        {
            throw new PolicyFormatException($"{path}: a rule must be an object.");
        }
        var action = Action(rule, path);
        var constraints = Array(rule, "constraint").Select((c, i) => Constraint(c, $"{path}.constraint[{i}]")).ToList();
        var duties = Array(rule, "duty").Select((d, i) => Duty(d, $"{path}.duty[{i}]")).ToList();
        return new PolicyRule(action, constraints, duties);
    }

    private static PolicyDuty Duty(JsonNode? node, string path)
    {
        if (node is not JsonObject duty)
        {
            throw new PolicyFormatException($"{path}: a duty must be an object.");
        }
        var constraints = Array(duty, "constraint").Select((c, i) => Constraint(c, $"{path}.constraint[{i}]")).ToList();
        var attribution = Get(duty, "agora:attributionText") is { } text ? Term(text, $"{path}.agora:attributionText") : null;
        return new PolicyDuty(Action(duty, path), constraints, attribution);
    }

    private static string Action(JsonObject rule, string path)
    {
        var action = Get(rule, "action") ?? throw new PolicyFormatException($"{path}: 'action' is missing.");
        // ODRL allows an action object with a refinement; its value is in rdf:value.
        if (action is JsonObject actionObject && Get(actionObject, "rdf:value") is { } value)
        {
            action = value;
        }
        return Compact(Term(action, $"{path}.action")!);
    }

    private static PolicyConstraint Constraint(JsonNode? node, string path)
    {
        if (node is not JsonObject constraint)
        {
            throw new PolicyFormatException($"{path}: a constraint must be an object.");
        }
        foreach (var logical in LogicalOperators)
        {
            if (Get(constraint, logical) is { } operands)
            {
                if (operands is not JsonArray list)
                {
                    throw new PolicyFormatException($"{path}.{logical}: expected an array of constraints.");
                }
                return new LogicalConstraint(logical, list.Select((c, i) => Constraint(c, $"{path}.{logical}[{i}]")).ToList());
            }
        }
        var left = Get(constraint, "leftOperand") ?? throw new PolicyFormatException($"{path}: 'leftOperand' is missing.");
        var op = Get(constraint, "operator") ?? throw new PolicyFormatException($"{path}: 'operator' is missing.");
        var right = Get(constraint, "rightOperand") ?? throw new PolicyFormatException($"{path}: 'rightOperand' is missing.");
        return new AtomicConstraint(Compact(Term(left, $"{path}.leftOperand")!), Compact(Term(op, $"{path}.operator")!), Unwrap(right).DeepClone());
    }

    // {"@value": 3} and {"@id": "x"} become 3 and "x", so the evaluator sees plain values.
    private static JsonNode Unwrap(JsonNode node)
    {
        if (node is JsonObject value)
        {
            if (Get(value, "@value") is { } literal)
            {
                return literal;
            }
            if (value.Count == 1 && Get(value, "@id") is { } id)
            {
                return JsonValue.Create(Compact(Term(id, "@id")!));
            }
        }
        if (node is JsonArray array)
        {
            return new JsonArray([.. array.Select(item => item is null ? null : Unwrap(item).DeepClone())]);
        }
        return node;
    }

    private static JsonNode? Get(JsonObject json, string name)
    {
        if (json.TryGetPropertyValue(name, out var value))
        {
            return value;
        }
        if (!name.StartsWith('@') && !name.Contains(':', StringComparison.Ordinal))
        {
            if (json.TryGetPropertyValue("odrl:" + name, out value) || json.TryGetPropertyValue(PolicyVocabulary.OdrlNamespace + name, out value))
            {
                return value;
            }
        }
        return null;
    }

    private static List<JsonNode?> Array(JsonObject json, string name) => Get(json, name) switch
    {
        null => [],
        JsonArray array => [.. array],
        var single => [single],
    };

    private static string? Term(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject obj when obj.TryGetPropertyValue("@id", out var id) => Term(id, path),
        _ => throw new PolicyFormatException($"{path}: expected a string or an object with '@id'."),
    };

    private static string Compact(string term)
    {
        if (term.StartsWith(PolicyVocabulary.OdrlNamespace, StringComparison.Ordinal))
        {
            return term[PolicyVocabulary.OdrlNamespace.Length..];
        }
        if (term.StartsWith("odrl:", StringComparison.Ordinal))
        {
            return term[5..];
        }
        if (term.StartsWith(PolicyVocabulary.AgoraNamespace, StringComparison.Ordinal))
        {
            return "agora:" + term[PolicyVocabulary.AgoraNamespace.Length..];
        }
        return term;
    }
}
