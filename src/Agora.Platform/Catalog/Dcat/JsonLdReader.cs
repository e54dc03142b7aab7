using System.Globalization;
using System.Text.Json;

namespace Agora.Platform.Catalog.Dcat;

/// <summary>
/// Turns a JSON-LD 1.1 document into RDF triples: inline contexts (prefixes, terms with <c>@id</c>, <c>@type</c>
/// coercion to <c>@id</c>/<c>@vocab</c>/a datatype, <c>@container</c> <c>@list</c>/<c>@set</c>/<c>@language</c>,
/// <c>@language</c>, <c>@reverse</c>), <c>@vocab</c>, <c>@base</c>, compact IRIs, node objects (nested or referenced),
/// value objects, lists, <c>@graph</c> (named graphs are merged into one), <c>@reverse</c>, <c>@included</c> and
/// <c>@nest</c>. Like JSON-LD processors, keys that expand to no IRI are dropped. Remote contexts are refused: Agora
/// fetches nothing it was not asked to. Enough for DCAT-AP catalogues; checked against jsonld.js in the tests.
/// </summary>
internal sealed class JsonLdReader
{
    private const string Rdf = RdfNamespaces.Rdf;
    private const string Xsd = RdfNamespaces.Xsd;
    private readonly List<RdfTriple> _triples = [];
    private readonly Dictionary<string, RdfBlankNode> _labels = new(StringComparer.Ordinal);
    private int _blankNodes;

    private JsonLdReader()
    {
    }

    /// <exception cref="RdfSyntaxException">Not JSON, or JSON-LD this reader cannot read (the message says which key).</exception>
    public static List<RdfTriple> Read(string json, Uri? baseIri = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new RdfSyntaxException("not valid JSON: " + e.Message, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1);
        }
        using (document)
        {
            var reader = new JsonLdReader();
            var context = new Context { Base = baseIri };
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    reader.TopLevel(item, context);
                }
            }
            else
            {
                reader.TopLevel(root, context);
            }
            return reader._triples;
        }
    }

    private void TopLevel(JsonElement element, Context context)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var local = element.TryGetProperty("@context", out var contextValue) ? context.With(contextValue) : context;
        // {"@context": …, "@graph": […]} is just a container of nodes, not a node itself.
        var keys = element.EnumerateObject().Select(p => p.Name).Where(n => n != "@context").ToList();
        if (keys.Count == 1 && keys[0] == "@graph")
        {
            foreach (var node in Items(element.GetProperty("@graph")))
            {
                if (node.ValueKind == JsonValueKind.Object && !node.TryGetProperty("@value", out _))
                {
                    Node(node, local);
                }
            }
            return;
        }
        if (!element.TryGetProperty("@value", out _))
        {
            Node(element, local);
        }
    }

    private RdfTerm Node(JsonElement node, Context context)
    {
        if (node.TryGetProperty("@context", out var contextValue))
        {
            context = context.With(contextValue);
        }
        RdfTerm subject = node.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String
            ? Identifier(id.GetString()!, context, vocab: false) ?? NewBlankNode()
            : NewBlankNode();
        Properties(subject, node, context);
        return subject;
    }

    private void Properties(RdfTerm subject, JsonElement node, Context context)
    {
        foreach (var property in node.EnumerateObject())
        {
            var key = property.Name;
            switch (key)
            {
                case "@context" or "@id" or "@index" or "@direction":
                    continue;
                case "@type":
                    foreach (var type in Items(property.Value))
                    {
                        if (type.ValueKind == JsonValueKind.String && Identifier(type.GetString()!, context, vocab: true) is { } typeTerm)
                        {
                            Add(subject, RdfNamespaces.RdfType, typeTerm);
                        }
                    }
                    continue;
                case "@graph" or "@included":
                    foreach (var item in Items(property.Value))
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            Node(item, context);
                        }
                    }
                    continue;
                case "@nest":
                    foreach (var item in Items(property.Value))
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            Properties(subject, item, context);
                        }
                    }
                    continue;
                case "@reverse":
                    if (property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var reverse in property.Value.EnumerateObject())
                        {
                            if (context.ExpandIri(reverse.Name, vocab: true) is { } reversePredicate && TurtleReader.HasScheme(reversePredicate))
                            {
                                foreach (var value in Values(reverse.Value, context, null))
                                {
                                    if (value is not RdfLiteral)
                                    {
                                        Add(value, reversePredicate, subject);
                                    }
                                }
                            }
                        }
                    }
                    continue;
            }
            if (key.StartsWith('@'))
            {
                continue;
            }
            var definition = context.Term(key);
            var predicate = context.ExpandIri(key, vocab: true);
            if (predicate is null || !TurtleReader.HasScheme(predicate) || predicate.StartsWith("_:", StringComparison.Ordinal))
            {
                continue;
            }
            List<RdfTerm> objects = definition?.Container switch
            {
                "@list" => [List(property.Value, context, definition)],
                "@language" when property.Value.ValueKind == JsonValueKind.Object => LanguageMap(property.Value),
                _ => Values(property.Value, context, definition),
            };
            foreach (var value in objects)
            {
                if (definition?.Reverse == true)
                {
                    if (value is not RdfLiteral)
                    {
                        Add(value, predicate, subject);
                    }
                }
                else
                {
                    Add(subject, predicate, value);
                }
            }
        }
    }

    private static List<RdfTerm> LanguageMap(JsonElement map)
    {
        var values = new List<RdfTerm>();
        foreach (var entry in map.EnumerateObject())
        {
            foreach (var text in Items(entry.Value))
            {
                if (text.ValueKind == JsonValueKind.String)
                {
                    values.Add(entry.Name == "@none" ? new RdfLiteral(text.GetString()!) : new RdfLiteral(text.GetString()!, entry.Name));
                }
            }
        }
        return values;
    }

    private List<RdfTerm> Values(JsonElement element, Context context, TermDefinition? definition)
    {
        var values = new List<RdfTerm>();
        foreach (var item in Items(element))
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                values.AddRange(Values(item, context, definition));
            }
            else if (Value(item, context, definition) is { } term)
            {
                values.Add(term);
            }
        }
        return values;
    }

    private RdfTerm? Value(JsonElement value, Context context, TermDefinition? definition)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                return definition?.Type switch
                {
                    "@id" => Identifier(text, context, vocab: false),
                    "@vocab" => Identifier(text, context, vocab: true),
                    null or "@none" => (definition?.HasLanguage == true ? definition.Language : context.Language) is { } language
                        ? new RdfLiteral(text, language)
                        : new RdfLiteral(text),
                    var type => new RdfLiteral(text, null, type == Xsd + "string" ? null : type),
                };
            case JsonValueKind.Number:
                return Number(value, definition?.Type is { } numberType && numberType[0] != '@' ? numberType : null);
            case JsonValueKind.True or JsonValueKind.False:
                return new RdfLiteral(value.ValueKind == JsonValueKind.True ? "true" : "false", null,
                    definition?.Type is { } booleanType && booleanType[0] != '@' ? booleanType : Xsd + "boolean");
            case JsonValueKind.Object:
                if (value.TryGetProperty("@value", out var literal))
                {
                    return ValueObject(value, literal, context);
                }
                if (value.TryGetProperty("@list", out var list))
                {
                    return List(list, context, definition);
                }
                if (value.TryGetProperty("@set", out var set))
                {
                    var items = Values(set, context, definition);
                    return items.Count == 0 ? null : items[0];
                }
                return Node(value, context);
            default:
                return null;
        }
    }

    private static RdfLiteral? ValueObject(JsonElement value, JsonElement literal, Context context)
    {
        string? datatype = null;
        if (value.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String)
        {
            datatype = context.ExpandIri(type.GetString()!, vocab: true);
            if (datatype is null || !TurtleReader.HasScheme(datatype))
            {
                throw new RdfSyntaxException($"JSON-LD: the @type '{type.GetString()}' of a value is not an IRI.");
            }
        }
        string? language = value.TryGetProperty("@language", out var tag) && tag.ValueKind == JsonValueKind.String ? tag.GetString() : null;
        return literal.ValueKind switch
        {
            JsonValueKind.String => language is not null ? new RdfLiteral(literal.GetString()!, language)
                : new RdfLiteral(literal.GetString()!, null, datatype == Xsd + "string" ? null : datatype),
            JsonValueKind.Number => Number(literal, datatype),
            JsonValueKind.True or JsonValueKind.False => new RdfLiteral(literal.ValueKind == JsonValueKind.True ? "true" : "false", null, datatype ?? Xsd + "boolean"),
            JsonValueKind.Null => null,
            _ => throw new RdfSyntaxException("JSON-LD: @value must be a string, a number or a boolean."),
        };
    }

    /// <summary>JSON-LD's number rule: a whole number without exponent is an xsd:integer, anything else an xsd:double in
    /// canonical form (<c>5.3E0</c>).</summary>
    private static RdfLiteral Number(JsonElement number, string? datatype)
    {
        var raw = number.GetRawText();
        var isInteger = raw.IndexOfAny(['.', 'e', 'E']) < 0 && number.TryGetInt64(out _);
        if (isInteger && (datatype is null || datatype == Xsd + "integer"))
        {
            return new RdfLiteral(number.GetInt64().ToString(CultureInfo.InvariantCulture), null, Xsd + "integer");
        }
        var canonical = number.GetDouble().ToString("0.0##############E0", CultureInfo.InvariantCulture);
        return new RdfLiteral(canonical, null, datatype ?? Xsd + "double");
    }

    private RdfTerm List(JsonElement element, Context context, TermDefinition? definition)
    {
        var items = new List<RdfTerm>();
        foreach (var item in Items(element))
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                items.Add(List(item, context, definition));
            }
            else if (Value(item, context, definition) is { } term)
            {
                items.Add(term);
            }
        }
        RdfTerm rest = new RdfIri(Rdf + "nil");
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var cell = NewBlankNode();
            Add(cell, Rdf + "first", items[i]);
            Add(cell, Rdf + "rest", rest);
            rest = cell;
        }
        return rest;
    }

    private RdfTerm? Identifier(string value, Context context, bool vocab)
    {
        var iri = context.ExpandIri(value, vocab);
        if (iri is null)
        {
            return null;
        }
        if (iri.StartsWith("_:", StringComparison.Ordinal))
        {
            if (!_labels.TryGetValue(iri, out var node))
            {
                _labels[iri] = node = NewBlankNode();
            }
            return node;
        }
        return TurtleReader.HasScheme(iri) ? new RdfIri(iri) : null;
    }

    private void Add(RdfTerm subject, string predicate, RdfTerm value) => _triples.Add(new RdfTriple(subject, predicate, value));

    private RdfBlankNode NewBlankNode() => new("j" + (++_blankNodes).ToString(CultureInfo.InvariantCulture));

    private static List<JsonElement> Items(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray()] : [element];

    /// <summary>A term's definition: what it expands to and how its values are read.</summary>
    private sealed record TermDefinition(string? Id, string? Type, string? Container, bool HasLanguage, string? Language, bool Reverse);

    /// <summary>An active context. Immutable: a nested <c>@context</c> makes a new one.</summary>
    private sealed class Context
    {
        public Dictionary<string, TermDefinition?> Terms { get; private init; } = new(StringComparer.Ordinal);

        public string? Vocab { get; private set; }

        public Uri? Base { get; set; }

        public string? Language { get; private set; }

        public TermDefinition? Term(string key) => Terms.GetValueOrDefault(key);

        public Context With(JsonElement local)
        {
            var result = new Context { Terms = new(Terms, StringComparer.Ordinal), Vocab = Vocab, Base = Base, Language = Language };
            foreach (var item in Items(local))
            {
                switch (item.ValueKind)
                {
                    case JsonValueKind.Null:
                        result = new Context { Base = Base };
                        break;
                    case JsonValueKind.String:
                        throw new RdfSyntaxException($"JSON-LD: the remote context '{item.GetString()}' is not fetched; put the context in the document.");
                    case JsonValueKind.Object:
                        result.Define(item);
                        break;
                    default:
                        throw new RdfSyntaxException("JSON-LD: @context must be an object, an array or null.");
                }
            }
            return result;
        }

        private void Define(JsonElement local)
        {
            if (local.TryGetProperty("@import", out _))
            {
                throw new RdfSyntaxException("JSON-LD: @import (a remote context) is not fetched; put the context in the document.");
            }
            if (local.TryGetProperty("@base", out var baseValue))
            {
                Base = baseValue.ValueKind == JsonValueKind.String && Uri.TryCreate(Base, baseValue.GetString(), out var resolved) ? resolved : null;
            }
            if (local.TryGetProperty("@vocab", out var vocab))
            {
                Vocab = vocab.ValueKind == JsonValueKind.String ? ExpandIri(vocab.GetString()!, vocab: true) ?? vocab.GetString() : null;
            }
            if (local.TryGetProperty("@language", out var language))
            {
                Language = language.ValueKind == JsonValueKind.String ? language.GetString() : null;
            }
            var pending = local.EnumerateObject().Where(p => !p.Name.StartsWith('@')).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            var defining = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in pending.Keys.ToList())
            {
                DefineTerm(name, pending, defining);
            }
        }

        /// <summary>Defines a term, first defining the terms its IRI depends on (in any order in the context).</summary>
        private void DefineTerm(string name, Dictionary<string, JsonElement> pending, HashSet<string> defining)
        {
            if (!pending.TryGetValue(name, out var value))
            {
                return;
            }
            if (!defining.Add(name))
            {
                throw new RdfSyntaxException($"JSON-LD: the term '{name}' is defined in terms of itself.");
            }
            var prefix = name.Contains(':', StringComparison.Ordinal) ? name[..name.IndexOf(':', StringComparison.Ordinal)] : null;
            void Depend(string? iri)
            {
                if (iri is null)
                {
                    return;
                }
                var colon = iri.IndexOf(':', StringComparison.Ordinal);
                DefineTerm(colon > 0 ? iri[..colon] : iri, pending, defining);
            }
            if (prefix is not null && prefix != name)
            {
                Depend(prefix);
            }
            TermDefinition? definition;
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    definition = null;
                    break;
                case JsonValueKind.String:
                    Depend(value.GetString());
                    definition = new TermDefinition(ExpandIri(value.GetString()!, vocab: true), null, null, false, null, false);
                    break;
                case JsonValueKind.Object:
                    string? id = null;
                    var reverse = false;
                    if (value.TryGetProperty("@reverse", out var reverseId) && reverseId.ValueKind == JsonValueKind.String)
                    {
                        Depend(reverseId.GetString());
                        id = ExpandIri(reverseId.GetString()!, vocab: true);
                        reverse = true;
                    }
                    else if (value.TryGetProperty("@id", out var idValue) && idValue.ValueKind == JsonValueKind.String)
                    {
                        Depend(idValue.GetString());
                        id = ExpandIri(idValue.GetString()!, vocab: true);
                    }
                    else
                    {
                        // A term without @id is a compact IRI, or expands against @vocab.
                        id = ExpandIri(name, vocab: true, skipTerm: name);
                    }
                    string? type = null;
                    if (value.TryGetProperty("@type", out var typeValue) && typeValue.ValueKind == JsonValueKind.String)
                    {
                        var typeText = typeValue.GetString()!;
                        if (typeText is "@id" or "@vocab" or "@none" or "@json")
                        {
                            type = typeText == "@json" ? Rdf + "JSON" : typeText;
                        }
                        else
                        {
                            Depend(typeText);
                            type = ExpandIri(typeText, vocab: true);
                        }
                    }
                    string? container = null;
                    if (value.TryGetProperty("@container", out var containerValue))
                    {
                        container = Items(containerValue).Select(c => c.ValueKind == JsonValueKind.String ? c.GetString() : null)
                            .FirstOrDefault(c => c is "@list" or "@language" or "@set");
                    }
                    var hasLanguage = value.TryGetProperty("@language", out var languageValue);
                    definition = new TermDefinition(id, type, container, hasLanguage,
                        hasLanguage && languageValue.ValueKind == JsonValueKind.String ? languageValue.GetString() : null, reverse);
                    break;
                default:
                    throw new RdfSyntaxException($"JSON-LD: the definition of the term '{name}' must be a string, an object or null.");
            }
            Terms[name] = definition;
            pending.Remove(name);
            defining.Remove(name);
        }

        /// <summary>IRI expansion (JSON-LD 1.1 §5.2): keywords stay, terms map, compact IRIs join their prefix,
        /// absolute IRIs and blank node ids stay, the rest is relative to @vocab (for keys and types) or the base.</summary>
        public string? ExpandIri(string value, bool vocab, string? skipTerm = null)
        {
            if (value.StartsWith('@'))
            {
                return value;
            }
            if (vocab && value != skipTerm && Terms.TryGetValue(value, out var term))
            {
                return term?.Id;
            }
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var prefix = value[..colon];
                var suffix = value[(colon + 1)..];
                if (prefix == "_" || suffix.StartsWith("//", StringComparison.Ordinal))
                {
                    return value;
                }
                if (prefix != skipTerm && Terms.TryGetValue(prefix, out var prefixTerm) && prefixTerm?.Id is { } ns)
                {
                    return ns + suffix;
                }
                if (TurtleReader.HasScheme(value))
                {
                    return value;
                }
            }
            if (vocab && Vocab is not null)
            {
                return Vocab + value;
            }
            if (!vocab && Base is not null && Uri.TryCreate(Base, value, out var resolved))
            {
                return resolved.AbsoluteUri;
            }
            return vocab ? null : value;
        }
    }
}
