using Agora.Platform.Tests.Catalog.Shacl;

namespace Agora.Platform.Tests.Catalog;

/// <summary>The validator resolves remote JSON-LD contexts only from local copies, and refuses any other.</summary>
public sealed class OfflineJsonLdContextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-jsonld-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void DocumentUsingAMappedRemoteContext_IsExpandedFromTheLocalCopy()
    {
        var complete = Write("complete.jsonld", Dataset(withDescription: true));
        var incomplete = Write("incomplete.jsonld", Dataset(withDescription: false));
        var reports = ShaclValidator.Validate(ShaclValidator.DcatAp301Shapes, [complete, incomplete]);

        Assert.Equal(0, reports[0].Violations);
        // The prefixes of the context were understood: the dataset was found and its missing description reported.
        Assert.Contains(reports[1].OfSeverity("Violation"), result =>
            result.Path == "http://purl.org/dc/terms/description" && result.Constraint == "MinCountConstraintComponent");
    }

    [Fact]
    public void DocumentUsingAnUnmappedRemoteContext_IsRefusedWithoutFetching()
    {
        var file = Write("remote.jsonld", """{ "@context": "https://example.org/context.jsonld", "@id": "https://example.lu/x" }""");
        var error = Assert.Throws<InvalidOperationException>(() => ShaclValidator.Validate(ShaclValidator.DcatAp301Shapes, file));
        Assert.Contains("https://example.org/context.jsonld is not available offline", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The official DCAT-AP 3.0.1 context is served from its local copy, but a JSON-LD 1.1 processor rejects it
    /// (it defines terms such as "Xsd:dateTime" that look like compact IRIs): one reason Agora's export carries its own
    /// inline context of prefixes.</summary>
    [Fact]
    public void OfficialDcatApContext_IsLoadedLocallyButRejectedByJsonLd11()
    {
        var file = Write("official.jsonld", $$"""
            { "@context": "{{ShaclValidator.DcatApContextUrl}}", "@id": "https://example.lu/d", "@type": "Dataset" }
            """);
        var error = Assert.Throws<InvalidOperationException>(() => ShaclValidator.Validate(ShaclValidator.DcatAp301Shapes, file));
        Assert.Contains("invalid IRI mapping", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not available offline", error.Message, StringComparison.Ordinal);
    }

    private static string Dataset(bool withDescription) => $$"""
        {
          "@context": "{{ShaclValidator.DcatApLuTestContextUrl}}",
          "@id": "https://example.lu/datasets/1",
          "@type": "dcat:Dataset",
          "dcterms:title": { "@value": "Air quality", "@language": "en" }
          {{(withDescription ? """, "dcterms:description": { "@value": "Hourly measurements.", "@language": "en" }""" : "")}}
        }
        """;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
