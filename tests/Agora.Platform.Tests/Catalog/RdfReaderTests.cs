using System.Globalization;
using System.Text;
using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Demo;
using Agora.Platform.Metadata;
using Agora.Platform.Tests.Catalog.Shacl;
using Agora.Platform.Tests.Metadata;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Catalog;

/// <summary>
/// Every Turtle fixture of the DCAT-AP-LU repository, Agora's own export in Turtle and JSON-LD, and JSON-LD documents
/// using the features the reader supports, read by Agora's readers and by N3.js / jsonld.js (in the SHACL validator's
/// node process): both must give the same graph, compared by the SHA-256 of the canonical N-Quads (RDFC-1.0).
/// </summary>
public sealed class RdfReaderFixture : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("agora-rdf-").FullName;

    /// <summary>Document name → (hash of the original read by node, hash of Agora's reading written as N-Triples).</summary>
    public Dictionary<string, (string Node, string Agora)> Hashes { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var documents = Directory.GetFiles(DcatApLuFixtures.Folder, "*.ttl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        await using (var store = await TestStore.CreateAsync(MetadataProvider.Sqlite))
        {
            await store.WithAsync(async s =>
            {
                await s.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
                return 0;
            });
            var catalog = await store.WithAsync(s => s.GetRequiredService<CatalogExport>().BuildAsync(new Uri("https://data.agora.example.lu/"), CancellationToken.None));
            documents.Add(Write("agora-export.ttl", DcatTurtleWriter.Write(catalog)));
            documents.Add(Write("agora-export.jsonld", DcatJsonLdWriter.Write(catalog)));
        }
        documents.Add(Write("features.jsonld", JsonLdFeatures));
        var shapes = Write("no-shapes.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n");
        var mine = new List<string>();
        foreach (var document in documents)
        {
            var text = await File.ReadAllTextAsync(document);
            var baseIri = new Uri("file://" + Path.GetFullPath(document));
            var triples = document.EndsWith(".jsonld", StringComparison.Ordinal) ? JsonLdReader.Read(text, baseIri) : TurtleReader.Read(text, baseIri);
            mine.Add(Write(Path.GetFileName(document) + ".agora.nt.ttl", NTriples(triples)));
        }
        var reports = ShaclValidator.Validate([shapes], [.. documents, .. mine]);
        for (var i = 0; i < documents.Count; i++)
        {
            Hashes[Path.GetFileName(documents[i])] = (reports[i].CanonicalSha256, reports[documents.Count + i].CanonicalSha256);
        }
    }

    /// <summary>JSON-LD features beyond what Agora writes: @vocab, coercion to @id, language maps, default language,
    /// lists, nested and reverse nodes, numbers and booleans, a typed value, compact IRIs and a blank node id.</summary>
    public const string JsonLdFeatures = """
        {
          "@context": {
            "@vocab": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "title": { "@id": "dct:title", "@container": "@language" },
            "publisher": { "@id": "dct:publisher", "@type": "@id" },
            "issued": { "@id": "dct:issued", "@type": "xsd:date" },
            "keyword": { "@language": "fr" },
            "order": { "@id": "http://example.org/order", "@container": "@list" },
            "partOf": { "@reverse": "dct:hasPart" }
          },
          "@graph": [
            {
              "@id": "http://example.org/dataset/1",
              "@type": "Dataset",
              "title": { "en": "Air quality", "fr": "Qualité de l'air" },
              "publisher": "http://example.org/agency",
              "issued": "2024-05-01",
              "keyword": ["air", "pollution"],
              "order": ["first", "second", { "@id": "_:third" }],
              "byteSize": 1234,
              "spatialResolutionInMeters": 2.5,
              "dct:conformsTo": { "@id": "http://example.org/standard", "dct:title": { "@value": "Standard", "@language": "en" } },
              "partOf": { "@id": "http://example.org/collection" },
              "dct:isVersionOf": true,
              "distribution": [{ "accessURL": { "@id": "http://example.org/download" }, "dct:format": "CSV" }]
            }
          ]
        }
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>N-Triples (a subset of Turtle, so the validator reads it as Turtle).</summary>
    internal static string NTriples(IEnumerable<RdfTriple> triples)
    {
        var text = new StringBuilder();
        foreach (var triple in triples)
        {
            text.Append(Term(triple.Subject)).Append(' ').Append('<').Append(triple.Predicate).Append("> ").Append(Term(triple.Object)).Append(" .\n");
        }
        return text.ToString();
    }

    private static string Term(RdfTerm term) => term switch
    {
        RdfIri iri => "<" + iri.Value + ">",
        RdfBlankNode blank => "_:" + blank.Label,
        RdfLiteral literal => "\"" + Escape(literal.Value) + "\"" + (literal.Language is not null ? "@" + literal.Language
            : literal.Datatype is not null ? "^^<" + literal.Datatype + ">" : ""),
        _ => throw new InvalidOperationException(),
    };

    private static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return text.ToString();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class RdfReaderTests(RdfReaderFixture fixture) : IClassFixture<RdfReaderFixture>
{
    public static TheoryData<string> Documents => new(Directory.GetFiles(DcatApLuFixtures.Folder, "*.ttl", SearchOption.AllDirectories)
        .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).Concat(["agora-export.ttl", "agora-export.jsonld", "features.jsonld"]));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Reader_GivesTheSameGraphAsTheReferenceParser(string document)
    {
        var (node, agora) = fixture.Hashes[document];
        Assert.Equal(node, agora);
    }

    [Fact]
    public void Turtle_Features_AreRead()
    {
        var triples = TurtleReader.Read(""""
            PREFIX ex: <http://example.org/>
            @prefix dct: <http://purl.org/dc/terms/> .
            @base <http://example.org/base/> .
            <a> a ex:Thing ; dct:title "Titel"@de-LU, 'single' , """long
            "quoted" text""" ; ex:n 42, -1.5, 1e3, true ;
              ex:list ( ex:x "y" ) ; ex:blank [ ex:p ex:q ] ; ex:esc "tab\tand\u00e9" ; ex:local\.name ex:a.b .
            """");
        Assert.Contains(triples, t => t.Subject == new RdfIri("http://example.org/base/a") && t.Object == new RdfIri("http://example.org/Thing"));
        Assert.Contains(triples, t => t.Object == new RdfLiteral("Titel", "de-LU"));
        Assert.Contains(triples, t => t.Object == new RdfLiteral("long\n\"quoted\" text"));
        Assert.Contains(triples, t => t.Object == new RdfLiteral("-1.5", null, RdfNamespaces.Xsd + "decimal"));
        Assert.Contains(triples, t => t.Object == new RdfLiteral("1e3", null, RdfNamespaces.Xsd + "double"));
        Assert.Contains(triples, t => t.Object == new RdfLiteral("true", null, RdfNamespaces.Xsd + "boolean"));
        Assert.Contains(triples, t => t.Object == new RdfLiteral("tab\tandé"));
        Assert.Contains(triples, t => t.Predicate == "http://example.org/local.name" && t.Object == new RdfIri("http://example.org/a.b"));
        Assert.Equal(2, triples.Count(t => t.Predicate == RdfNamespaces.Rdf + "first"));
    }

    [Theory]
    [InlineData("ex:a ex:b ex:c .", 1, "prefix 'ex:' is not declared")]
    [InlineData("@prefix ex: <http://e/> .\nex:a ex:b \"open .", 2, "not closed")]
    [InlineData("@prefix ex: <http://e/> .\nex:a ex:b ex:c", 2, "expected '.'")]
    [InlineData("<http://e/a> <http://e/b> <rel> .", 1, "needs a base")]
    [InlineData("@prefix ex: <http://e/> .\n\nex:a ex:b \"x\"^^\"y\" .", 3, "expected a datatype")]
    public void BrokenTurtle_SaysWhereAndWhy(string text, int line, string reason)
    {
        var error = Assert.Throws<RdfSyntaxException>(() => TurtleReader.Read(text));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"@context": "https://example.org/context.jsonld", "@id": "http://e/a"}""", "remote context")]
    [InlineData("""{"@context": {"a": {"@id": "b:c"}, "b": {"@id": "a:d"}}, "@id": "http://e/a"}""", "defined in terms of itself")]
    public void BrokenJsonLd_SaysWhy(string text, string reason)
    {
        var error = Assert.Throws<RdfSyntaxException>(() => JsonLdReader.Read(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Whatever the bytes, the readers either read them or throw <see cref="RdfSyntaxException"/>.</summary>
    [Fact]
    public void AnyText_IsReadOrRefusedClearly()
    {
        var sample = File.ReadAllText(Directory.GetFiles(DcatApLuFixtures.Folder, "dcat-ap-full-dummy.ttl", SearchOption.AllDirectories)[0]);
        var json = RdfReaderFixture.JsonLdFeatures;
        Gen.OneOf(
                Gen.String,
                Gen.Int[0, sample.Length - 1].SelectMany(i => Gen.Int[1, 20].SelectMany(n => Gen.String[0, 3].Select(s => sample[..i] + s + sample[Math.Min(sample.Length, i + n)..]))),
                Gen.Int[0, json.Length - 1].SelectMany(i => Gen.Int[1, 20].SelectMany(n => Gen.String[0, 3].Select(s => json[..i] + s + json[Math.Min(json.Length, i + n)..]))))
            .Sample(text =>
            {
                foreach (var read in new Func<string, List<RdfTriple>>[] { t => TurtleReader.Read(t), t => JsonLdReader.Read(t) })
                {
                    try
                    {
                        read(text);
                    }
                    catch (RdfSyntaxException)
                    {
                    }
                }
            }, iter: 1500);
    }
}
