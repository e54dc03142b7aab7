using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Agora.Platform.Catalog.Dcat;

/// <summary>Writes a catalogue as JSON-LD 1.1 (DCAT-AP 3 with the DCAT-AP-LU additions): one <c>@graph</c> of node
/// objects, compact IRIs from an inline <c>@context</c> of prefixes only, so a reader needs no remote context. Every
/// value carries its own <c>@language</c>, <c>@type</c> or <c>@id</c>, so nothing depends on term coercion. Blank nodes
/// used once (contact points, periods) are embedded. Output is deterministic.</summary>
public static class DcatJsonLdWriter
{
    /// <summary>The media type of the output.</summary>
    public const string MediaType = "application/ld+json";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // The document is served as application/ld+json, never inlined in HTML, so non-ASCII text can stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(DcatCatalog catalog)
    {
        using var buffer = new MemoryStream();
        Write(catalog, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes UTF-8 JSON-LD to a stream (e.g. an HTTP response body).</summary>
    public static void Write(DcatCatalog catalog, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var graph = DcatGraphBuilder.Build(catalog);
        using var writer = new Utf8JsonWriter(output, Options);
        new JsonLdSerializer(graph, writer).Write();
        writer.Flush();
    }

    public static async Task WriteAsync(DcatCatalog catalog, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        Write(catalog, buffer);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }

    private sealed class JsonLdSerializer(RdfGraph graph, Utf8JsonWriter writer)
    {
        private readonly Dictionary<RdfBlankNode, int> _references = graph.BlankNodeReferences();
        private readonly Dictionary<RdfTerm, RdfNode> _nodes = graph.Nodes.ToDictionary(node => node.Subject);

        public void Write()
        {
            writer.WriteStartObject();
            writer.WriteStartObject("@context");
            foreach (var (prefix, ns) in RdfNamespaces.Prefixes)
            {
                writer.WriteString(prefix, ns);
            }
            writer.WriteEndObject();
            writer.WriteStartArray("@graph");
            foreach (var node in graph.Nodes.Where(node => !IsEmbedded(node.Subject)))
            {
                WriteNode(node, withId: true);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private bool IsEmbedded(RdfTerm term) => term is RdfBlankNode blank && _references.GetValueOrDefault(blank) == 1;

        private void WriteNode(RdfNode node, bool withId)
        {
            writer.WriteStartObject();
            if (withId)
            {
                writer.WriteString("@id", Id(node.Subject));
            }
            var types = node.Types.ToList();
            if (types.Count > 0)
            {
                writer.WriteStartArray("@type");
                foreach (var type in types)
                {
                    writer.WriteStringValue(Compact(type));
                }
                writer.WriteEndArray();
            }
            foreach (var property in node.Properties)
            {
                writer.WriteStartArray(Compact(property.Key));
                foreach (var value in property)
                {
                    WriteValue(value);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }

        private void WriteValue(RdfTerm value)
        {
            if (IsEmbedded(value))
            {
                WriteNode(_nodes[value], withId: false);
                return;
            }
            writer.WriteStartObject();
            switch (value)
            {
                case RdfIri or RdfBlankNode:
                    writer.WriteString("@id", Id(value));
                    break;
                case RdfLiteral literal:
                    writer.WriteString("@value", literal.Value);
                    if (literal.Language is not null)
                    {
                        writer.WriteString("@language", literal.Language);
                    }
                    else if (literal.Datatype is not null and not RdfNamespaces.Xsd + "string")
                    {
                        writer.WriteString("@type", Compact(literal.Datatype));
                    }
                    break;
            }
            writer.WriteEndObject();
        }

        private static string Id(RdfTerm term) => term switch
        {
            RdfIri iri => iri.Value,
            RdfBlankNode blank => "_:" + blank.Label,
            _ => throw new InvalidOperationException("Only IRIs and blank nodes have an @id."),
        };

        private static string Compact(string iri) => RdfNamespaces.Compact(iri) ?? iri;
    }
}
