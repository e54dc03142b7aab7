using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Demo;
using Agora.Platform.Tests.Catalog.Shacl;

namespace Agora.Platform.Tests.Catalog;

/// <summary>Writes the demo catalogue and a catalogue full of awkward text as JSON-LD and Turtle, once, and validates the
/// four files with a real SHACL validator against DCAT-AP 3.0.1 and DCAT-AP-LU.</summary>
public sealed class ConformanceFixture : IDisposable
{
    public ConformanceFixture()
    {
        Folder = Directory.CreateTempSubdirectory("agora-dcat-").FullName;
        var demo = DemoCatalog.Describe(new CatalogUris(new Uri("https://agora.example.lu/")));
        var awkward = SampleCatalogs.Awkward();
        Files =
        [
            Write("demo.jsonld", DcatJsonLdWriter.Write(demo)),
            Write("demo.ttl", DcatTurtleWriter.Write(demo)),
            Write("awkward.jsonld", DcatJsonLdWriter.Write(awkward)),
            Write("awkward.ttl", DcatTurtleWriter.Write(awkward)),
        ];
        DcatAp = ShaclValidator.Validate(ShaclValidator.DcatAp301Shapes, Files).ToDictionary(report => Path.GetFileName(report.File));
        DcatApLu = ShaclValidator.Validate(ShaclValidator.DcatApLuShapes, Files).ToDictionary(report => Path.GetFileName(report.File));
    }

    public string Folder { get; }

    public IReadOnlyList<string> Files { get; }

    public IReadOnlyDictionary<string, ShaclReport> DcatAp { get; }

    public IReadOnlyDictionary<string, ShaclReport> DcatApLu { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}

public sealed class DcatConformanceTests(ConformanceFixture fixture) : IClassFixture<ConformanceFixture>
{
    public static TheoryData<string> Outputs => new() { "demo.jsonld", "demo.ttl", "awkward.jsonld", "awkward.ttl" };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Export_AgainstDcatAp301_HasNoViolation(string file)
    {
        var report = fixture.DcatAp[file];
        Assert.True(report.Violations == 0, report.Describe("Violation"));
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Export_AgainstDcatApLu_Conforms(string file)
    {
        var report = fixture.DcatApLu[file];
        Assert.True(report.Conforms, report.Describe());
    }

    /// <summary>The only DCAT-AP warnings (recommended properties, EU vocabularies) left in the demo catalogue are the ones
    /// the platform cannot avoid: its organisations are not in the EU corporate-body table, and a restricted distribution
    /// has no licence (its use is governed by an access agreement).</summary>
    [Theory]
    [InlineData("demo.jsonld")]
    [InlineData("demo.ttl")]
    public void DemoExport_AgainstDcatAp301_WarnsOnlyAboutPublishersOutsideEuTablesAndUnlicensedRestrictedData(string file)
    {
        var unexpected = fixture.DcatAp[file].OfSeverity("Warning").Where(result => !IsExpectedWarning(result)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("awkward")]
    public void JsonLdAndTurtle_OfOneCatalogue_AreTheSameGraph(string name)
    {
        var jsonLd = fixture.DcatAp[name + ".jsonld"];
        var turtle = fixture.DcatAp[name + ".ttl"];
        Assert.Equal(turtle.Triples, jsonLd.Triples);
        Assert.Equal(turtle.CanonicalSha256, jsonLd.CanonicalSha256);
    }

    [Fact]
    public void DemoExport_DescribesEveryDemoDataset()
    {
        // Datasets, distributions, the catalogue, agents, concepts...: a few hundred triples, not an empty graph.
        Assert.InRange(fixture.DcatAp["demo.ttl"].Triples, 500, 5_000);
        var turtle = File.ReadAllText(fixture.Files[1]);
        foreach (var dataset in DemoCatalog.Datasets)
        {
            Assert.Contains($"<https://agora.example.lu/catalog/datasets/{dataset.Slug}> a dcat:Dataset", turtle, StringComparison.Ordinal);
        }
    }

    private static bool IsExpectedWarning(ShaclResult result) =>
        (result.Path == "http://purl.org/dc/terms/publisher" && result.Constraint == "NodeConstraintComponent")
        || (result.Path == "http://purl.org/dc/terms/license" && result.Constraint == "MinCountConstraintComponent"
            && result.FocusNode is not null && RestrictedDistributions.Any(result.FocusNode.Contains));

    private static readonly string[] RestrictedDistributions =
        ["/patient-registry/", "/energy-consumption/", "/school-results/", "/restricted-"];
}
