using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Agora.Platform.Dataspace;

/// <summary>
/// Validates Dataspace Protocol messages against the official 2025-1 JSON Schemas, embedded in the assembly at build
/// time (ADR 0040). Schemas refer to each other by <c>https://w3id.org/dspace/2025/1/…</c>; that prefix resolves to the
/// embedded copies, never to the network. The files keep their subschemas under draft-07 style <c>definitions</c>,
/// which a 2019-09 validator does not treat as schemas: they are renamed to <c>$defs</c> on loading (same meaning), and
/// references written <c>#definitions/…</c> get their missing slash.
/// </summary>
public sealed class DspSchemas
{
    public const string Prefix = "https://w3id.org/dspace/2025/1/";

    /// <summary>The response of <c>/.well-known/dspace-version</c>, which has no <c>@type</c>.</summary>
    public const string VersionResponse = "ProtocolVersions";

    private static readonly Lazy<DspSchemas> Embedded = new(() => new DspSchemas(LoadEmbedded()));

    private readonly IReadOnlyDictionary<string, string> _texts;
    private readonly SchemaRegistry _registry = new();
    private readonly BuildOptions _options;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonSchema> _built = new(StringComparer.Ordinal);

    /// <param name="texts">Schema texts by path under the prefix (<c>negotiation/contract-schema.json</c>).</param>
    public DspSchemas(IReadOnlyDictionary<string, string> texts)
    {
        _texts = texts;
        _options = new BuildOptions { SchemaRegistry = _registry };
        _registry.Fetch = (uri, _) => Build(uri.GetLeftPart(UriPartial.Path));
    }

    public static DspSchemas Default => Embedded.Value;

    public int Count => _texts.Count;

    /// <summary>The schema file of a message type: <c>ContractRequestMessage</c> → <c>negotiation/contract-request-message-schema.json</c>.</summary>
    public static string FileOf(string type)
    {
        if (type == VersionResponse)
        {
            return "common/protocol-version-schema.json";
        }
        var kebab = new StringBuilder();
        foreach (var c in type)
        {
            if (char.IsUpper(c) && kebab.Length > 0)
            {
                kebab.Append('-');
            }
            kebab.Append(char.ToLowerInvariant(c));
        }
        var folder = type.StartsWith("Contract", StringComparison.Ordinal) ? "negotiation"
            : type.StartsWith("Transfer", StringComparison.Ordinal) ? "transfer"
            : type.StartsWith("Catalog", StringComparison.Ordinal) || type.StartsWith("Dataset", StringComparison.Ordinal) ? "catalog"
            : "common";
        return $"{folder}/{kebab}-schema.json";
    }

    /// <summary>The problems of a message against the schema of <paramref name="type"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode message, string type)
    {
        ArgumentNullException.ThrowIfNull(message);
        var file = FileOf(type);
        if (!_texts.ContainsKey(file))
        {
            return [$"'{type}' is not a Dataspace Protocol 2025-1 message type."];
        }
        var schema = _schemas.GetOrAdd(file, f => Build(Prefix + f));
        using var document = JsonDocument.Parse(message.ToJsonString());
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct(StringComparer.Ordinal)
            .Take(10)
            .ToList();
        return errors.Count > 0 ? errors : [$"The message does not match the {type} schema."];
    }

    private JsonSchema Build(string uri)
    {
        lock (_gate)
        {
            if (_built.TryGetValue(uri, out var built))
            {
                return built;
            }
            if (!uri.StartsWith(Prefix, StringComparison.Ordinal) || !_texts.TryGetValue(uri[Prefix.Length..], out var text))
            {
                throw new InvalidOperationException($"The schema {uri} is not one of the Dataspace Protocol 2025-1 schemas.");
            }
            var rewritten = text.Replace("\"definitions\"", "\"$defs\"", StringComparison.Ordinal)
                .Replace("#/definitions/", "#/$defs/", StringComparison.Ordinal)
                // Some official references lack the slash after '#' (transfer-schema.json, 2025-1-err1); they mean the same.
                .Replace("#definitions/", "#/$defs/", StringComparison.Ordinal);
            var schema = JsonSchema.FromText(rewritten, _options, new Uri(uri));
            _built[uri] = schema;
            return schema;
        }
    }

    private static Dictionary<string, string> LoadEmbedded()
    {
        var assembly = typeof(DspSchemas).Assembly;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("dsp/", StringComparison.Ordinal) || n.StartsWith("dsp\\", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            texts[name[4..].Replace('\\', '/')] = reader.ReadToEnd();
        }
        if (texts.Count == 0)
        {
            throw new InvalidOperationException("The Dataspace Protocol schemas were not embedded at build time (see ADR 0040).");
        }
        return texts;
    }

    /// <summary>Loads the schemas from a folder laid out like the official artefacts (tests use the shared copy in place).</summary>
    public static DspSchemas FromFolder(string folder) =>
        new(Directory.EnumerateFiles(folder, "*-schema.json", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal));
}
