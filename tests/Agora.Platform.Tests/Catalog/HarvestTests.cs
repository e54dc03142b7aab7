using Agora.Platform.Accounts;
using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Catalog.Harvesting;
using Agora.Platform.Demo;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Tests.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Catalog;

/// <summary>Harvesting into a real store on both providers: the demo catalogue's own DCAT-AP export and the DCAT-AP-LU
/// sample catalogues, harvested again and again.</summary>
public sealed class HarvestTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Reharvest_UpdatesWithdrawsAndRepublishes_NeverDuplicates(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.WithAsync(async s =>
        {
            await s.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            return 0;
        });
        var catalog = await store.WithAsync(s => s.GetRequiredService<CatalogExport>().BuildAsync(new Uri("https://source.example.lu/"), CancellationToken.None));
        var (admin, organisation) = await MirrorAsync(store);

        var first = await HarvestAsync(store, admin, organisation, "catalog.ttl", DcatTurtleWriter.Write(catalog));
        Assert.Equal((catalog.Datasets.Count, 0, 0, 0), (first.Created, first.Updated, first.Unchanged, first.Withdrawn));
        var again = await HarvestAsync(store, admin, organisation, "catalog.ttl", DcatTurtleWriter.Write(catalog));
        Assert.Equal((0, 0, catalog.Datasets.Count, 0), (again.Created, again.Updated, again.Unchanged, again.Withdrawn));

        var changed = catalog with
        {
            Datasets = [.. catalog.Datasets.Skip(1).Select((d, i) => i == 0 ? d with { Keywords = [.. d.Keywords, new LanguageText("en", "harvested")] } : d)],
        };
        var third = await HarvestAsync(store, admin, organisation, "catalog.ttl", DcatTurtleWriter.Write(changed));
        Assert.Equal((0, 1, catalog.Datasets.Count - 2, 1), (third.Created, third.Updated, third.Unchanged, third.Withdrawn));
        var fourth = await HarvestAsync(store, admin, organisation, "catalog.ttl", DcatTurtleWriter.Write(catalog));
        Assert.Equal((0, 2, catalog.Datasets.Count - 2, 0), (fourth.Created, fourth.Updated, fourth.Unchanged, fourth.Withdrawn));

        await store.WithAsync(async s =>
        {
            var db = s.GetRequiredService<AgoraDbContext>();
            Assert.Equal(catalog.Datasets.Count, await db.Datasets.CountAsync(d => d.OrganisationId == organisation));
            Assert.Equal(catalog.Datasets.Count, await db.HarvestedRecords.CountAsync());
            Assert.Equal(1, await db.HarvestSources.CountAsync());
            return 0;
        });
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task HarvestedDatasets_AreFoundWithTheirSource_AndNotExportedAgain(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var (admin, organisation) = await MirrorAsync(store);
        var document = await File.ReadAllTextAsync(Fixture("dcat-ap-full-dummy.ttl"));
        var summary = await HarvestAsync(store, admin, organisation, "dcat-ap-full-dummy.ttl", document);
        Assert.True(summary.Created >= 1, summary.Describe());

        var page = await store.WithAsync(s => s.GetRequiredService<CatalogService>().SearchAsync(new SearchQuery { Text = "Full Dataset Example" }, CancellationToken.None));
        var found = Assert.Single(page.Datasets, d => d.Title.For("en") == "Full Dataset Example");
        Assert.Equal(AccessRights.Public, found.AccessRights);
        Assert.Contains("GOVE", found.Themes);
        Assert.Equal("WEEKLY", found.Frequency);
        var origins = await store.WithAsync(s => s.GetRequiredService<HarvestService>().OriginsAsync([found.Id], CancellationToken.None));
        Assert.Equal("file:dcat-ap-full-dummy.ttl", origins[found.Id].Source);
        Assert.Equal("https://example.org/dcat-ap-lu-examples/dataset-full", origins[found.Id].RemoteIri);

        var export = await store.WithAsync(s => s.GetRequiredService<CatalogExport>().BuildAsync(new Uri("https://agora.example.lu/"), CancellationToken.None));
        Assert.Empty(export.Datasets);
    }

    [Theory]
    [InlineData("dcat-ap-dummy-example-2.ttl")]
    [InlineData("dcat-ap-dummy-example-3.ttl")]
    [InlineData("dcat-ap-lu_dummy_valid.ttl")]
    public async Task DcatApLuSampleCatalogues_AreHarvested(string file)
    {
        await using var store = await TestStore.CreateAsync(MetadataProvider.Sqlite);
        var (admin, organisation) = await MirrorAsync(store);
        var text = await File.ReadAllTextAsync(Fixture(file));
        var summary = await HarvestAsync(store, admin, organisation, file, text);
        var datasets = TurtleReader.Read(text).Count(t => t.Predicate == RdfNamespaces.RdfType && t.Object == new RdfIri(RdfNamespaces.DcatNs + "Dataset"));
        Assert.Equal(datasets, summary.Created + summary.Skipped.Count);
        Assert.True(summary.Created >= 1, summary.Describe() + string.Join("; ", summary.Skipped));
    }

    [Fact]
    public async Task JsonLdExport_IsHarvestedLikeTurtle()
    {
        await using var store = await TestStore.CreateAsync(MetadataProvider.Sqlite);
        await store.WithAsync(async s =>
        {
            await s.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            return 0;
        });
        var catalog = await store.WithAsync(s => s.GetRequiredService<CatalogExport>().BuildAsync(new Uri("https://source.example.lu/"), CancellationToken.None));
        var (admin, organisation) = await MirrorAsync(store);
        var jsonLd = await HarvestAsync(store, admin, organisation, "catalog.jsonld", DcatJsonLdWriter.Write(catalog));
        Assert.Equal(catalog.Datasets.Count, jsonLd.Created);
        // The same catalogue in Turtle under the same source name: the same records, nothing changed.
        var turtle = await HarvestAsync(store, admin, organisation, "catalog.jsonld", DcatTurtleWriter.Write(catalog));
        Assert.Equal(catalog.Datasets.Count, turtle.Unchanged);
    }

    [Fact]
    public async Task NotAnAdmin_CannotHarvest()
    {
        await using var store = await TestStore.CreateAsync(MetadataProvider.Sqlite);
        var (admin, organisation) = await MirrorAsync(store);
        var stewardId = await store.CreateUserAsync("steward@mirror.example");
        await store.WithAsync(async s =>
        {
            await s.GetRequiredService<OrganisationService>().SetMemberAsync(admin, organisation, "steward@mirror.example", OrganisationRole.DataSteward, CancellationToken.None);
            return 0;
        });
        var steward = await store.ActorAsync(stewardId);
        var error = await Assert.ThrowsAsync<PlatformException>(() => store.WithAsync(s =>
            s.GetRequiredService<HarvestService>().StartAsync(steward, organisation, "https://example.org/catalog.ttl", null, null, CancellationToken.None)));
        Assert.Equal(PlatformError.Forbidden, error.Error);
    }

    [Fact]
    public async Task BrokenDocument_FailsTheJobWithTheLine_AndRecordsIt()
    {
        await using var store = await TestStore.CreateAsync(MetadataProvider.Sqlite);
        var (admin, organisation) = await MirrorAsync(store);
        var error = await Assert.ThrowsAsync<PlatformException>(() => HarvestAsync(store, admin, organisation, "broken.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> dcat:x"));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        var sources = await store.WithAsync(s => s.GetRequiredService<HarvestService>().ListSourcesAsync(admin, organisation, CancellationToken.None));
        Assert.StartsWith("Failed:", Assert.Single(sources).LastOutcome, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("158.64.1.1", true)]
    [InlineData("2a01:4f8::1", true)]
    public void OnlyPublicAddresses_AreFetchedByDefault(string address, bool isPublic) =>
        Assert.Equal(isPublic, HarvestFetcher.IsPublic(System.Net.IPAddress.Parse(address)));

    internal static string Fixture(string name) =>
        Directory.GetFiles(DcatApLuFixtures.Folder, name, SearchOption.AllDirectories).Single();

    private static async Task<(Actor Admin, Guid Organisation)> MirrorAsync(TestStore store)
    {
        var adminId = await store.CreateUserAsync("admin@mirror.example");
        var admin = await store.ActorAsync(adminId);
        var organisation = await store.WithAsync(s => s.GetRequiredService<OrganisationService>()
            .CreateAsync(admin, "mirror", "Mirror", OrganisationKind.Public, null, CancellationToken.None));
        return (await store.ActorAsync(adminId), organisation.Id);
    }

    /// <summary>Uploads a document and runs the queued job the way the worker does.</summary>
    private static async Task<HarvestSummary> HarvestAsync(TestStore store, Actor admin, Guid organisation, string fileName, string content)
    {
        var job = await store.WithAsync(async s =>
        {
            await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
            return await s.GetRequiredService<HarvestService>().StartAsync(admin, organisation, null, fileName, stream, CancellationToken.None);
        });
        var outcome = await store.WithAsync(s => s.GetServices<IJobHandler>().Single(h => h.Kind == HarvestService.JobKind)
            .RunAsync(job, new JobProgress((_, _) => Task.CompletedTask), CancellationToken.None));
        return System.Text.Json.JsonSerializer.Deserialize<HarvestSummary>(outcome.Result!, System.Text.Json.JsonSerializerOptions.Web)!;
    }
}
