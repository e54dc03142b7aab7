using Agora.Platform.Catalog;
using Agora.Platform.Demo;
using Agora.Platform.Discovery;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Notifications;
using Agora.Platform.Organisations;
using Agora.Platform.Profiling;
using Agora.Platform.Tests.Metadata;
using Agora.Platform.Value;
using Agora.Platform.Wanted;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Platform.Tests.Value;

/// <summary>The demo shows every part of issue 6: profiles, partners, the board with its matches and notifications, demand.</summary>
public sealed class DemoValueTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Demo_HasProfilesPartnersWantedPostsAndDemand_AndSeedsOnlyOnce(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.WithAsync(async s =>
        {
            await s.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            return 0;
        });
        await using (var scope = store.Scope())
        {
            var worker = new JobWorker(scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>(), scope.ServiceProvider.GetRequiredService<JobSignal>(),
                NullLogger<JobWorker>.Instance);
            while (await worker.RunOneAsync([ProfileScheduler.JobKind], CancellationToken.None))
            {
            }
        }

        await using var dbScope = store.Scope();
        var db = dbScope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation).ToListAsync();
        Assert.Equal(DemoCatalog.Datasets.Count, await db.Set<VersionProfile>().CountAsync());

        var population = datasets.Single(d => d.Slug == "communes-population");
        var partners = await store.WithAsync(s => s.GetRequiredService<PartnerFinder>().ForDatasetAsync(Actor.Anonymous, population.Id, CancellationToken.None));
        Assert.Contains(partners.Joinable, j => j.Pairs.Any(p => p.Column == "commune"));

        var board = await store.WithAsync(s => s.GetRequiredService<WantedBoard>().ListOpenAsync(Actor.Anonymous, CancellationToken.None));
        Assert.Equal(2, board.Count);
        var wantPopulation = board.Single(p => p.Post.Keywords.Contains("population"));
        // Matched at once by its words and column names; once the datasets are sketched, others by the sample communes too.
        Assert.Contains(wantPopulation.Matches, m => m.DatasetId == population.Id && m.Evidence.Keywords.Contains("population")
            && m.Evidence.Columns.Any(c => c.Column == "commune"));
        Assert.Contains(wantPopulation.Matches, m => m.Evidence.Values?.Column == "commune");
        // The poster's own organisation is no provider for its own need.
        Assert.DoesNotContain(wantPopulation.Matches, m => m.OrganisationId == wantPopulation.Post.OrganisationId);
        Assert.True(await db.Set<Notification>().AnyAsync(n => n.Kind == NotificationKinds.WantedMatch && n.OrganisationId == population.OrganisationId));

        var report = await store.WithAsync(s => s.GetRequiredService<ValueReportService>().ForDatasetAsync(Actor.Anonymous, population.Id, CancellationToken.None));
        var demand = report.Parts.Single(p => p.Part == ValueParts.Demand);
        Assert.True(demand.Figures["views"] > 0 && demand.Figures["searches"] > 0, string.Join(", ", demand.Figures));
        Assert.True(report.Parts.Single(p => p.Part == ValueParts.Quality).Score > 0.5);

        // The demo's finalised agreement (the ministry on the hospital's patient registry) is use of the registry.
        var registry = datasets.Single(d => d.Slug == PatientRegistry.Dataset.Slug);
        var registryUse = (await store.WithAsync(s => s.GetRequiredService<ValueReportService>().ForDatasetAsync(Actor.Anonymous, registry.Id, CancellationToken.None)))
            .Parts.Single(p => p.Part == ValueParts.Use);
        Assert.Equal(1, registryUse.Figures["agreements"]);
        Assert.Equal(1, registryUse.Figures["agreementsInForce"]);
        Assert.True(registryUse.Score > 0, string.Join(", ", registryUse.Figures));
        Assert.Equal(0, report.Parts.Single(p => p.Part == ValueParts.Use).Figures["agreements"]);

        // Seeding again adds no post and no demand.
        var counts = await db.Set<DemandCount>().SumAsync(c => c.Count);
        await store.WithAsync(async s =>
        {
            await s.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            return 0;
        });
        Assert.Equal(2, await db.Set<WantedPost>().CountAsync());
        Assert.Equal(counts, await db.Set<DemandCount>().SumAsync(c => c.Count));
    }
}
