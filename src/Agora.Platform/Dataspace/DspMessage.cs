using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Platform.Dataspace;

/// <summary>A Dataspace Protocol message refused or a process not found; the web layer answers it with the protocol's
/// error object (<c>ContractNegotiationError</c>, <c>TransferError</c>, <c>CatalogError</c>).</summary>
public sealed class DspException : Exception
{
    public DspException(int status, string code, params string[] reasons)
        : base(string.Join(" ", reasons))
    {
        Status = status;
        Code = code;
        Reasons = reasons;
    }

    public DspException()
    {
    }

    public DspException(string message)
        : base(message)
    {
    }

    public DspException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>400 (bad message or illegal transition), 401 (no valid participant token), 404 (unknown or not yours).</summary>
    public int Status { get; } = 400;

    public string Code { get; } = "400";

    public IReadOnlyList<string> Reasons { get; } = [];

    /// <summary>The consumer's and provider's process ids, when known, for the error object.</summary>
    public string? ConsumerPid { get; init; }

    public string? ProviderPid { get; init; }

    public static DspException NotFound(string what) => new(404, "404", $"No such {what}.");

    public static DspException Invalid(params string[] reasons) => new(400, "400", reasons);
}

/// <summary>Building and reading compacted DSP JSON-LD messages (plain JSON with the DSP context, no RDF processing).</summary>
public static class DspMessage
{
    public const string Context = DspSchemas.Prefix + "context.jsonld";

    public const string Version = "2025-1";

    /// <summary>The pull format Agora offers: the consumer fetches the file over HTTPS with a bearer token.</summary>
    public const string HttpPull = "HttpData-PULL";

    public const string HttpEndpointType = "https://w3id.org/idsa/v4.1/HTTP";

    public static JsonObject New(string type) => new() { ["@context"] = new JsonArray(Context), ["@type"] = type };

    /// <summary>Parses a message body and checks it against the schema of <paramref name="expectedType"/>.</summary>
    public static JsonObject Parse(string body, string expectedType, DspSchemas schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        JsonNode? node;
        try
        {
            // A repeated property name is refused here, not left to fail later when the object is read.
            node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw DspException.Invalid($"The body is not valid JSON: {e.Message}");
        }
        if (node is not JsonObject message)
        {
            throw DspException.Invalid("The body must be a JSON object.");
        }
        var type = Text(message, "@type");
        if (!string.Equals(type, expectedType, StringComparison.Ordinal) && !string.Equals(type, "dspace:" + expectedType, StringComparison.Ordinal))
        {
            throw DspException.Invalid($"Expected a {expectedType}, got '{type ?? "no @type"}'.");
        }
        Check(message, expectedType, schemas);
        return message;
    }

    /// <summary>Throws a 400 naming the schema problems of a message.</summary>
    public static void Check(JsonNode message, string type, DspSchemas schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        var problems = schemas.Validate(message, type);
        if (problems.Count > 0)
        {
            throw DspException.Invalid([$"The {type} does not match the Dataspace Protocol 2025-1 schema.", .. problems]);
        }
    }

    public static string? Text(JsonObject message, string name) =>
        message.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    public static string Required(JsonObject message, string name) =>
        Text(message, name) is { Length: > 0 } text ? text : throw DspException.Invalid($"'{name}' is missing.");

    public static string Urn(Guid id) => $"urn:uuid:{id}";

    /// <summary>The Guid of a <c>urn:uuid:</c> id, or null for any other form.</summary>
    public static Guid? FromUrn(string? id) =>
        id is not null && id.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(id.AsSpan(9), out var guid) ? guid : null;
}
