using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Demo;
using Agora.Platform.Metadata;
using Agora.Platform.Tests.Catalog.Shacl;
using Agora.Platform.Tests.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Catalog;

/// <summary>The catalogue the platform serves at /catalog.jsonld and /catalog.ttl, built from a real metadata store
/// seeded with the demo content through the governance path, validated with the SHACL validator.</summary>
public sealed class StoreExportFixture : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("agora-export-").FullName;

    public DcatCatalog Catalog { get; private set; } = null!;

    public IReadOnlyDictionary<string, ShaclReport> DcatAp { get; private set; } = null!;

    public IReadOnlyDictionary<string, ShaclReport> DcatApLu { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using var store = await TestStore.CreateAsync(MetadataProvider.Sqlite);
        await store.WithAsync(async s =>
        {
            await s.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            return 0;
        });
        Catalog = await store.WithAsync(s => s.GetRequiredService<CatalogExport>().BuildAsync(new Uri("https://data.agora.example.lu/"), CancellationToken.None));
        var jsonLd = Path.Combine(Folder, "catalog.jsonld");
        var turtle = Path.Combine(Folder, "catalog.ttl");
        await File.WriteAllTextAsync(jsonLd, DcatJsonLdWriter.Write(Catalog));
        await File.WriteAllTextAsync(turtle, DcatTurtleWriter.Write(Catalog));
        DcatAp = ShaclValidator.Validate(ShaclValidator.DcatAp301Shapes, [jsonLd, turtle]).ToDictionary(r => Path.GetFileName(r.File));
        DcatApLu = ShaclValidator.Validate(ShaclValidator.DcatApLuShapes, [jsonLd, turtle]).ToDictionary(r => Path.GetFileName(r.File));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class StoreExportConformanceTests(StoreExportFixture fixture) : IClassFixture<StoreExportFixture>
{
    [Theory]
    [InlineData("catalog.jsonld")]
    [InlineData("catalog.ttl")]
    public void PlatformExport_AgainstDcatAp301_HasNoViolation(string file) =>
        Assert.True(fixture.DcatAp[file].Violations == 0, fixture.DcatAp[file].Describe("Violation"));

    [Theory]
    [InlineData("catalog.jsonld")]
    [InlineData("catalog.ttl")]
    public void PlatformExport_AgainstDcatApLu_Conforms(string file) =>
        Assert.True(fixture.DcatApLu[file].Conforms, fixture.DcatApLu[file].Describe());

    [Fact]
    public void PlatformExport_HoldsEveryPublishedDemoDataset()
    {
        Assert.Equal(DemoCatalog.Datasets.Count, fixture.Catalog.Datasets.Count);
        Assert.Equal(fixture.DcatAp["catalog.ttl"].CanonicalSha256, fixture.DcatAp["catalog.jsonld"].CanonicalSha256);
        var patients = fixture.Catalog.Datasets.Single(d => d.Id.AbsoluteUri.EndsWith("/alzette-hospital/patient-registry", StringComparison.Ordinal));
        Assert.Equal(AccessRight.Restricted, patients.AccessRights);
        Assert.All(patients.Distributions, d => Assert.Null(d.DownloadUrl));
    }
}
