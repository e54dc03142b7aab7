using System.Text.Json;
using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Demo;

namespace Agora.Platform.Tests.Catalog;

public sealed class DcatWriterTests
{
    private static readonly CatalogUris Uris = new(new Uri("https://agora.example.lu"));

    [Fact]
    public void Writers_SameCatalogueTwice_GiveTheSameText()
    {
        Assert.Equal(DcatTurtleWriter.Write(SampleCatalogs.Awkward()), DcatTurtleWriter.Write(SampleCatalogs.Awkward()));
        Assert.Equal(DcatJsonLdWriter.Write(SampleCatalogs.Awkward()), DcatJsonLdWriter.Write(SampleCatalogs.Awkward()));
    }

    [Fact]
    public void Turtle_EscapesQuotesBackslashesAndLineBreaksInLiterals()
    {
        var turtle = DcatTurtleWriter.Write(SampleCatalogs.Awkward());
        Assert.Contains("\"Line one\\nline two\\tand a tab\"@en", turtle, StringComparison.Ordinal);
        Assert.Contains("\"Guillemets \\\"doubles\\\" et 'simples'\"@fr", turtle, StringComparison.Ordinal);
        Assert.Contains("\"Backslash \\\\ und Umlaute äöü\"@de", turtle, StringComparison.Ordinal);
        Assert.Contains("\"Contrôle \\u0001 et \\u007F supprimé ?\"@fr", turtle, StringComparison.Ordinal);
        Assert.Contains("\"Triple quotes \\\"\\\"\\\" and a carriage return\\r\\nhere.\"@en", turtle, StringComparison.Ordinal);
        Assert.Contains("\"Emoji 👩‍⚕️ a méi\"@lb", turtle, StringComparison.Ordinal);
    }

    [Fact]
    public void Turtle_EscapesCharactersThatIrisMayNotHold()
    {
        var turtle = DcatTurtleWriter.Write(SampleCatalogs.Awkward());
        // System.Uri percent-encodes spaces and braces; what it leaves (| ^ `) gets a \u escape.
        Assert.Contains("<https://example.lu/datasets/open%20data?lang=fr#top>", turtle, StringComparison.Ordinal);
        Assert.DoesNotContain("|^`", turtle, StringComparison.Ordinal);
        Assert.Matches(@"<https://example\.lu/download/open-data\.csv\?v=(%7B|\\u007B)1(%7D|\\u007D)(%7C|\\u007C)(%5E|\\u005E)(%60|\\u0060)>", turtle);
    }

    [Fact]
    public void Turtle_WritesBlankNodesUsedOnceInline()
    {
        var turtle = DcatTurtleWriter.Write(SampleCatalogs.Awkward());
        Assert.Contains("dct:temporal [\n", turtle, StringComparison.Ordinal);
        Assert.Contains("a dct:PeriodOfTime ;\n", turtle, StringComparison.Ordinal);
        Assert.DoesNotContain("_:b", turtle, StringComparison.Ordinal);
    }

    [Fact]
    public void Turtle_TypesLiterals()
    {
        var turtle = DcatTurtleWriter.Write(SampleCatalogs.Awkward());
        Assert.Contains("dcat:startDate \"2020-01-01\"^^xsd:date", turtle, StringComparison.Ordinal);
        // 2024-02-29T23:30:15.25+01:00 is written in UTC.
        Assert.Contains("dct:issued \"2024-02-29T22:30:15.25Z\"^^xsd:dateTime", turtle, StringComparison.Ordinal);
        Assert.Contains("dct:modified \"2024-03-01T00:00:00Z\"^^xsd:dateTime", turtle, StringComparison.Ordinal);
        Assert.Contains("dcat:byteSize \"123456789012\"^^xsd:nonNegativeInteger", turtle, StringComparison.Ordinal);
        Assert.Contains("dcat:centroid \"POINT(6.13 49.78)\"^^gsp:wktLiteral", turtle, StringComparison.Ordinal);
        Assert.Contains("vcard:hasTelephone <tel:+352024780000>", turtle, StringComparison.Ordinal);
        Assert.Contains("vcard:hasEmail <mailto:data@example.lu>", turtle, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLd_IsOneGraphWithAnInlineContextAndExplicitValues()
    {
        using var document = JsonDocument.Parse(DcatJsonLdWriter.Write(DemoCatalog.Describe(Uris)));
        var root = document.RootElement;
        Assert.Equal("http://www.w3.org/ns/dcat#", root.GetProperty("@context").GetProperty("dcat").GetString());
        var nodes = root.GetProperty("@graph").EnumerateArray().ToList();
        var catalogue = nodes.Single(node => node.GetProperty("@type").EnumerateArray().Any(type => type.GetString() == "dcat:Catalog"));
        Assert.Equal("https://agora.example.lu/catalog", catalogue.GetProperty("@id").GetString());
        Assert.Equal(6, catalogue.GetProperty("dcat:dataset").GetArrayLength());

        var patients = nodes.Single(node => node.GetProperty("@id").GetString() == "https://agora.example.lu/catalog/datasets/patient-registry");
        var titles = patients.GetProperty("dct:title").EnumerateArray()
            .ToDictionary(title => title.GetProperty("@language").GetString()!, title => title.GetProperty("@value").GetString());
        Assert.Equal("Registre des patients", titles["fr"]);
        Assert.Equal("Patienteregister", titles["lb"]);
        Assert.Equal("http://publications.europa.eu/resource/authority/access-right/RESTRICTED",
            patients.GetProperty("dct:accessRights")[0].GetProperty("@id").GetString());
        Assert.Equal("https://w3id.org/dpv#PersonalData", patients.GetProperty("dpv:hasData")[0].GetProperty("@id").GetString());
        // The contact point is a blank node used once: embedded, with no @id.
        var contact = patients.GetProperty("dcat:contactPoint")[0];
        Assert.False(contact.TryGetProperty("@id", out _));
        Assert.Equal("vcard:Kind", contact.GetProperty("@type")[0].GetString());
    }

    [Fact]
    public void JsonLd_KeepsNonAsciiReadableAndEscapesWhatJsonMust()
    {
        var json = DcatJsonLdWriter.Write(SampleCatalogs.Awkward());
        // Accented letters stay as they are; characters outside the BMP (emoji) are written as \u surrogate pairs.
        Assert.Contains("\"Lëtzebuergesch ë é \\uD83D\\uDE80\"", json, StringComparison.Ordinal);
        Assert.Contains("Line one\\nline two\\tand a tab", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Contains(document.RootElement.GetProperty("@graph").EnumerateArray(), node =>
            node.TryGetProperty("dct:title", out var titles) && titles.EnumerateArray().Any(title =>
                title.GetProperty("@value").GetString() == "Guillemets \"doubles\" et 'simples'"));
        Assert.Contains(document.RootElement.GetProperty("@graph").EnumerateArray(), node =>
            node.TryGetProperty("dct:title", out var titles) && titles.EnumerateArray().Any(title =>
                title.GetProperty("@value").GetString() == "Lëtzebuergesch ë é 🚀"));
    }

    [Fact]
    public async Task WriteAsync_ToStream_WritesTheSameUtf8AsWrite()
    {
        var catalogue = SampleCatalogs.Awkward();
        using var turtle = new MemoryStream();
        using var jsonLd = new MemoryStream();
        await DcatTurtleWriter.WriteAsync(catalogue, turtle);
        await DcatJsonLdWriter.WriteAsync(catalogue, jsonLd);
        Assert.Equal(DcatTurtleWriter.Write(catalogue), System.Text.Encoding.UTF8.GetString(turtle.ToArray()));
        Assert.Equal(DcatJsonLdWriter.Write(catalogue), System.Text.Encoding.UTF8.GetString(jsonLd.ToArray()));
    }

    [Fact]
    public void Write_DatasetListedTwice_IsRefusedNamingIt()
    {
        var catalogue = SampleCatalogs.Awkward();
        var twice = catalogue with { Datasets = [catalogue.Datasets[0], catalogue.Datasets[0]] };
        var error = Assert.Throws<ArgumentException>(() => DcatTurtleWriter.Write(twice));
        Assert.Contains("https://example.lu/datasets/open%20data appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OneUriForTwoDifferentThings_IsRefused()
    {
        var catalogue = SampleCatalogs.Awkward();
        var clash = catalogue with
        {
            Spatial = [new SpatialCoverage(SpatialCoverage.Luxembourg.Uri, LocalizedText.Single("en", "Not quite Luxembourg"))],
        };
        var error = Assert.Throws<ArgumentException>(() => DcatJsonLdWriter.Write(clash));
        Assert.Contains("http://publications.europa.eu/resource/authority/country/LUX describes two different things", error.Message,
            StringComparison.Ordinal);
    }
}
