using System.Text.Json.Nodes;
using Agora.Platform.Dataspace;

namespace Agora.Web.Dataspace;

/// <summary>Reads the constraints of ODRL rules sent by another connector, for the pages: in words (left operator right)
/// and the purposes an offer allows, so the consumer can name one when asking for a contract.</summary>
public static class OdrlConstraints
{
    /// <summary>Each constraint of a rule as <c>left operator right</c> (logical constraints as their JSON).</summary>
    public static IEnumerable<string> Describe(JsonObject rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        foreach (var constraint in (rule["constraint"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var left = DspMessage.Text(constraint, "leftOperand");
            var op = DspMessage.Text(constraint, "operator");
            yield return left is null || op is null
                ? constraint.ToJsonString()
                : $"{left} {op} {Operand(constraint["rightOperand"])}";
        }
    }

    /// <summary>The purposes named by <c>purpose</c> constraints of the offer's permissions (empty: the offer names none).</summary>
    public static List<string> Purposes(JsonObject offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var purposes = new List<string>();
        foreach (var rule in (offer["permission"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var constraint in (rule["constraint"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var left = DspMessage.Text(constraint, "leftOperand") ?? "";
                if (left is "purpose" or "odrl:purpose" || left.EndsWith("/purpose", StringComparison.Ordinal))
                {
                    purposes.AddRange(Values(constraint["rightOperand"]));
                }
            }
        }
        return [.. purposes.Distinct(StringComparer.Ordinal)];
    }

    private static string Operand(JsonNode? node) => node switch
    {
        JsonArray array => string.Join(", ", array.Select(Operand)),
        JsonObject o when o["@value"] is { } value => value.ToString(),
        JsonObject o when o["@id"] is { } id => id.ToString(),
        JsonNode other => other.ToString(),
        null => "",
    };

    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        JsonArray array => array.SelectMany(Values),
        JsonObject o when (o["@id"] ?? o["@value"]) is { } value => [value.ToString()],
        JsonValue value => [value.ToString()],
        _ => [],
    };
}
