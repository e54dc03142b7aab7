namespace Agora.Platform.Catalog.Dcat;

/// <summary>An RDF term as the writers need it: an IRI, a blank node or a literal.</summary>
internal abstract record RdfTerm;

internal sealed record RdfIri(string Value) : RdfTerm;

internal sealed record RdfBlankNode(string Label) : RdfTerm;

/// <summary>A literal with a language tag, a datatype IRI, or neither (then it is an <c>xsd:string</c>).</summary>
internal sealed record RdfLiteral(string Value, string? Language = null, string? Datatype = null) : RdfTerm;

internal sealed record RdfStatement(string Predicate, RdfTerm Object);

/// <summary>Everything said about one subject, in the order it was said. Types are statements with <c>rdf:type</c>.</summary>
internal sealed class RdfNode(RdfTerm subject)
{
    private readonly List<RdfStatement> _statements = [];
    private readonly HashSet<RdfStatement> _seen = [];

    public RdfTerm Subject { get; } = subject;

    public IReadOnlyList<RdfStatement> Statements => _statements;

    public IEnumerable<string> Types =>
        _statements.Where(s => s.Predicate == RdfNamespaces.RdfType).Select(s => ((RdfIri)s.Object).Value);

    /// <summary>The statements other than types, grouped by predicate in the order predicates first appear.</summary>
    public IEnumerable<IGrouping<string, RdfTerm>> Properties =>
        _statements.Where(s => s.Predicate != RdfNamespaces.RdfType).GroupBy(s => s.Predicate, s => s.Object);

    public RdfNode Add(string predicate, RdfTerm value)
    {
        var statement = new RdfStatement(predicate, value);
        if (_seen.Add(statement))
        {
            _statements.Add(statement);
        }
        return this;
    }

    public RdfNode Type(string typeIri) => Add(RdfNamespaces.RdfType, new RdfIri(typeIri));
}

/// <summary>A small ordered RDF graph: nodes in the order they were first mentioned, so output is deterministic.</summary>
internal sealed class RdfGraph
{
    private readonly Dictionary<RdfTerm, RdfNode> _nodes = [];
    private readonly List<RdfNode> _order = [];
    private int _blankNodes;

    public IReadOnlyList<RdfNode> Nodes => _order;

    public bool Contains(RdfTerm subject) => _nodes.ContainsKey(subject);

    public RdfNode Node(RdfTerm subject)
    {
        if (!_nodes.TryGetValue(subject, out var node))
        {
            node = new RdfNode(subject);
            _nodes.Add(subject, node);
            _order.Add(node);
        }
        return node;
    }

    public RdfNode NewBlankNode() => Node(new RdfBlankNode("b" + (++_blankNodes).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>How often each blank node is used as an object: a blank node used once can be written inline.</summary>
    public Dictionary<RdfBlankNode, int> BlankNodeReferences()
    {
        var counts = new Dictionary<RdfBlankNode, int>();
        foreach (var statement in _order.SelectMany(node => node.Statements))
        {
            if (statement.Object is RdfBlankNode blank)
            {
                counts[blank] = counts.GetValueOrDefault(blank) + 1;
            }
        }
        return counts;
    }
}

/// <summary>The namespaces of the export, with the prefixes both writers declare, and the IRIs of the terms used.</summary>
internal static class RdfNamespaces
{
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Rdfs = "http://www.w3.org/2000/01/rdf-schema#";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    public const string DcatNs = "http://www.w3.org/ns/dcat#";
    public const string DctNs = "http://purl.org/dc/terms/";
    public const string DcatApNs = "http://data.europa.eu/r5r/";
    public const string FoafNs = "http://xmlns.com/foaf/0.1/";
    public const string VcardNs = "http://www.w3.org/2006/vcard/ns#";
    public const string SkosNs = "http://www.w3.org/2004/02/skos/core#";
    public const string DpvNs = "https://w3id.org/dpv#";
    public const string EliNs = "http://data.europa.eu/eli/ontology#";
    public const string LocnNs = "http://www.w3.org/ns/locn#";
    public const string GspNs = "http://www.opengis.net/ont/geosparql#";

    public const string RdfType = Rdf + "type";

    /// <summary>Prefix and namespace, in the order the writers declare them.</summary>
    public static IReadOnlyList<(string Prefix, string Namespace)> Prefixes { get; } =
    [
        ("dcat", DcatNs), ("dct", DctNs), ("dcatap", DcatApNs), ("foaf", FoafNs), ("vcard", VcardNs), ("skos", SkosNs),
        ("dpv", DpvNs), ("eli", EliNs), ("locn", LocnNs), ("gsp", GspNs), ("rdf", Rdf), ("rdfs", Rdfs), ("xsd", Xsd),
    ];

    /// <summary>The compact form <c>prefix:local</c> of an IRI when it is in a declared namespace and its local part is a
    /// plain name (safe in both Turtle and JSON-LD), otherwise null.</summary>
    public static string? Compact(string iri)
    {
        foreach (var (prefix, ns) in Prefixes)
        {
            if (iri.Length > ns.Length && iri.StartsWith(ns, StringComparison.Ordinal) && IsPlainName(iri.AsSpan(ns.Length)))
            {
                return prefix + ":" + iri[ns.Length..];
            }
        }
        return null;
    }

    private static bool IsPlainName(ReadOnlySpan<char> local)
    {
        if (!char.IsAsciiLetter(local[0]))
        {
            return false;
        }
        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }
        return true;
    }
}
