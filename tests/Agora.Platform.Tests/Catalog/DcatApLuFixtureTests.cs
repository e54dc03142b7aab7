using Agora.Platform.Tests.Catalog.Shacl;

namespace Agora.Platform.Tests.Catalog;

/// <summary>Runs every valid and invalid fixture of the DCAT-AP-LU repository through the validator: proof that it really
/// catches what the profile forbids. One fixture folder per constrained property, named Class-prefix-property.</summary>
public sealed class DcatApLuFixtures
{
    public DcatApLuFixtures()
    {
        var files = Directory.GetFiles(Folder, "*.ttl", SearchOption.AllDirectories)
            .Where(file => file.EndsWith("_valid.ttl", StringComparison.Ordinal) || file.EndsWith("_invalid.ttl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Reports = ShaclValidator.Validate(ShaclValidator.DcatApLuShapes, files).ToDictionary(report => Path.GetFileName(report.File));
    }

    public static string Folder => Path.Combine(ShaclValidator.DcatApFolder, "dcat-ap-lu", "tests", "test_data", "shacl");

    public IReadOnlyDictionary<string, ShaclReport> Reports { get; }

    /// <summary>Fixtures that disagree with the shapes published next to them, and why. Each is still checked: see
    /// <see cref="DcatApLuFixtureTests.KnownInconsistentFixture_StillDisagreesWithTheShapes"/>.</summary>
    public static IReadOnlyDictionary<string, string> KnownInconsistent { get; } = new Dictionary<string, string>
    {
        ["dcat-Catalog-dcat-record_valid.ttl"] = "the catalogue has no dct:publisher, which the same shapes require",
        ["dcat-Catalog-dcat-service_valid.ttl"] = "the catalogue has no dct:publisher, which the same shapes require",
        ["dcat-Catalog-dct-creator_valid.ttl"] = "the catalogue has no dct:publisher, which the same shapes require",
        ["dcat-Catalog-dct-license_valid.ttl"] = "the catalogue has no dct:publisher, which the same shapes require",
        ["dcat-ap-lu_dummy_valid.ttl"] = "its publisher is not typed foaf:Agent and its legislation is typed in the wrong namespace",
        ["dcat-Dataset-dcatap-applicablelegislation_invalid.ttl"] = "it writes dcatap:applicablelegislation (lower-case l), not the shape's path",
        ["dcat-DatasetSeries-dcatap-applicablelegislation_invalid.ttl"] = "it writes dcatap:applicablelegislation (lower-case l), not the shape's path",
        ["dcat-Distribution-dcatap-applicablelegislation_invalid.ttl"] = "it writes dcatap:applicablelegislation (lower-case l), not the shape's path",
        ["dcat-Dataset-dct-accessRights_invalid.ttl"] = "DCAT-AP-LU has no shape for dct:accessRights (DCAT-AP 3.0.1 catches it: see the test below)",
        ["dcat-Dataset-owl-versionInfo_invalid.ttl"] = "DCAT-AP-LU has no shape for owl:versionInfo",
        ["dcat-Distribution-dcat-downloadURL_invalid.ttl"] = "its violating lines are commented out",
    };
}

public sealed class DcatApLuFixtureTests(DcatApLuFixtures fixtures) : IClassFixture<DcatApLuFixtures>
{
    public static TheoryData<string> ValidFixtures => Fixtures("_valid.ttl");

    public static TheoryData<string> InvalidFixtures => Fixtures("_invalid.ttl");

    public static TheoryData<string> Inconsistent => new(DcatApLuFixtures.KnownInconsistent.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void FixtureFolder_HoldsTheFixtures()
    {
        Assert.True(fixtures.Reports.Count >= 150, $"only {fixtures.Reports.Count} fixtures under {DcatApLuFixtures.Folder}");
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void ValidFixture_Conforms(string file)
    {
        var report = fixtures.Reports[file];
        Assert.True(report.Conforms, report.Describe());
    }

    [Theory]
    [MemberData(nameof(InvalidFixtures))]
    public void InvalidFixture_ViolatesTheShapeItIsNamedAfter(string file)
    {
        var report = fixtures.Reports[file];
        Assert.False(report.Conforms, $"{file} conforms");
        var shape = file[..file.LastIndexOf("_invalid", StringComparison.Ordinal)];
        if (!shape.Contains("dummy", StringComparison.Ordinal))
        {
            Assert.Contains(report.Results, result => result.ShapeName.Equals(shape, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>When the DCAT-AP-LU repository fixes one of these, this fails, and the fixture leaves the list.</summary>
    [Theory]
    [MemberData(nameof(Inconsistent))]
    public void KnownInconsistentFixture_StillDisagreesWithTheShapes(string file)
    {
        var report = fixtures.Reports[file];
        if (file.EndsWith("_valid.ttl", StringComparison.Ordinal))
        {
            Assert.False(report.Conforms, $"{file} now conforms: remove it from KnownInconsistent");
            // What the fixture is about still holds: nothing is wrong with the property it is named after.
            var shape = file[..file.LastIndexOf("_valid", StringComparison.Ordinal)];
            Assert.DoesNotContain(report.Results, result => result.ShapeName.Equals(shape, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            Assert.True(report.Conforms, $"{file} now fails: remove it from KnownInconsistent. {report.Describe()}");
        }
    }

    [Fact]
    public void InvalidAccessRightsFixture_ViolatesDcatAp301MaxCount()
    {
        var report = ShaclValidator.Validate(ShaclValidator.DcatAp301Shapes,
            Path.Combine(DcatApLuFixtures.Folder, "dcat-Dataset-dct-accessRights", "dcat-Dataset-dct-accessRights_invalid.ttl"));
        Assert.Contains(report.OfSeverity("Violation"), result =>
            result.Path == "http://purl.org/dc/terms/accessRights" && result.Constraint == "MaxCountConstraintComponent");
    }

    [Fact]
    public void SelfReferencingProperty_IsCaughtBySparqlConstraint()
    {
        var report = fixtures.Reports["dcat-Dataset-dpv-hasData_invalid.ttl"];
        Assert.Contains(report.Results, result => result.Constraint == "SPARQLConstraintComponent"
            && result.Path == "https://w3id.org/dpv#hasData" && result.FocusNode == "http://example.org/dataset-invalid");
    }

    /// <summary>Read to the letter of SHACL, "sh:datatype rdfs:Literal" rejects every literal, even in the profile's own
    /// valid examples; this is why the validator reads it as "any literal" unless --strict.</summary>
    [Fact]
    public void StrictReading_RejectsTheProfilesOwnValidTitleFixture()
    {
        var file = Path.Combine(DcatApLuFixtures.Folder, "dcat-Dataset-dct-title", "dcat-Dataset-dct-title_valid.ttl");
        var report = ShaclValidator.Validate(ShaclValidator.DcatApLuShapes, file, strict: true);
        Assert.Contains(report.Results, result => result.Constraint == "DatatypeConstraintComponent"
            && result.Path == "http://purl.org/dc/terms/title");
        Assert.True(fixtures.Reports["dcat-Dataset-dct-title_valid.ttl"].Conforms);
    }

    private static TheoryData<string> Fixtures(string suffix) => new(
        Directory.GetFiles(DcatApLuFixtures.Folder, "*" + suffix, SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !DcatApLuFixtures.KnownInconsistent.ContainsKey(name))
            .Order(StringComparer.Ordinal));
}
