using System.Globalization;
using System.Text;

namespace Agora.Platform.Catalog.Dcat;

/// <summary>Writes a catalogue as RDF 1.1 Turtle (DCAT-AP 3 with the DCAT-AP-LU additions). Output is deterministic: the
/// same catalogue gives the same bytes. Blank nodes used once (contact points, periods) are written inline.</summary>
public static class DcatTurtleWriter
{
    /// <summary>The media type of the output.</summary>
    public const string MediaType = "text/turtle";

    public static string Write(DcatCatalog catalog)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(catalog, writer);
        return writer.ToString();
    }

    public static void Write(DcatCatalog catalog, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var graph = DcatGraphBuilder.Build(catalog);
        new TurtleSerializer(graph, output).Write();
    }

    /// <summary>Writes UTF-8 Turtle to a stream (e.g. an HTTP response body).</summary>
    public static async Task WriteAsync(DcatCatalog catalog, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = Write(catalog);
        await output.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }

    private sealed class TurtleSerializer(RdfGraph graph, TextWriter output)
    {
        private const string Indent = "    ";
        private readonly Dictionary<RdfBlankNode, int> _references = graph.BlankNodeReferences();
        private readonly Dictionary<RdfTerm, RdfNode> _nodes = graph.Nodes.ToDictionary(node => node.Subject);

        public void Write()
        {
            foreach (var (prefix, ns) in RdfNamespaces.Prefixes)
            {
                output.Write($"@prefix {prefix}: <{EscapeIri(ns)}> .\n");
            }
            foreach (var node in graph.Nodes.Where(node => !IsInline(node.Subject)))
            {
                output.Write('\n');
                output.Write(Term(node.Subject));
                output.Write(' ');
                output.Write(Body(node, 1));
                output.Write(" .\n");
            }
        }

        private bool IsInline(RdfTerm term) => term is RdfBlankNode blank && _references.GetValueOrDefault(blank) == 1;

        /// <summary>"a T1, T2 ;" then one "p o1, o2 ;" line per predicate, indented <paramref name="depth"/> levels.</summary>
        private string Body(RdfNode node, int depth)
        {
            var lines = new List<string>();
            var types = node.Types.Select(IriTerm).ToList();
            if (types.Count > 0)
            {
                lines.Add("a " + string.Join(", ", types));
            }
            foreach (var property in node.Properties)
            {
                lines.Add(IriTerm(property.Key) + " " + string.Join(", ", property.Select(value => Value(value, depth + 1))));
            }
            return string.Join(" ;\n" + Indentation(depth), lines);
        }

        private string Value(RdfTerm term, int depth) =>
            IsInline(term)
                ? "[\n" + Indentation(depth) + Body(_nodes[term], depth) + "\n" + Indentation(depth - 1) + "]"
                : Term(term);

        private static string Indentation(int depth) => string.Concat(Enumerable.Repeat(Indent, depth));

        private static string Term(RdfTerm term) => term switch
        {
            RdfIri iri => IriTerm(iri.Value),
            RdfBlankNode blank => "_:" + blank.Label,
            RdfLiteral literal => Literal(literal),
            _ => throw new InvalidOperationException(),
        };

        private static string IriTerm(string iri) => RdfNamespaces.Compact(iri) ?? "<" + EscapeIri(iri) + ">";

        private static string Literal(RdfLiteral literal)
        {
            var quoted = "\"" + EscapeString(literal.Value) + "\"";
            if (literal.Language is not null)
            {
                return quoted + "@" + literal.Language;
            }
            return literal.Datatype is null or RdfNamespaces.Xsd + "string" ? quoted : quoted + "^^" + IriTerm(literal.Datatype);
        }

        /// <summary>IRIREF allows any character but controls, space and <c>&lt;&gt;"{}|^`\</c>; those become \u escapes.</summary>
        internal static string EscapeIri(string iri)
        {
            var builder = new StringBuilder(iri.Length);
            foreach (var c in iri)
            {
                if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
                {
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                }
                else
                {
                    builder.Append(c);
                }
            }
            return builder.ToString();
        }

        /// <summary>STRING_LITERAL_QUOTE: quote, backslash and line breaks must be escaped; other controls are escaped too
        /// so the file stays readable.</summary>
        internal static string EscapeString(string value)
        {
            var builder = new StringBuilder(value.Length + 8);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case '\b': builder.Append("\\b"); break;
                    case '\f': builder.Append("\\f"); break;
                    default:
                        if (c < ' ' || c == '\u007F')
                        {
                            builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                        }
                        else
                        {
                            builder.Append(c);
                        }
                        break;
                }
            }
            return builder.ToString();
        }
    }
}
