using Agora.Data.Storage;
using Agora.Platform.Catalog;
using Agora.Platform.Discovery;
using Agora.Platform.Metadata;
using Agora.Platform.Notifications;
using Agora.Platform.Organisations;
using Agora.Platform.Profiling;
using Agora.Platform.Publishing;
using Agora.Platform.Tests.Metadata;
using Agora.Platform.Value;
using Agora.Platform.Wanted;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Value;

/// <summary>Profiles, partners, the "data wanted" board, demand counters and the value report, end to end on a real store
/// (both providers) with real ingested, profiled and published datasets.</summary>
public sealed class ValueStoreTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task PublishedVersions_AreProfiled_AndJoinablePartnersShowTheirKeyColumns(MetadataProvider provider)
    {
        await using var world = await PublishedWorld.CreateAsync(provider);
        var admissions = await world.AddAsync(world.HospitalSteward, world.Hospital, "Admissions by commune",
            PublishedWorld.Csv("commune", "C", 30, 300, measure: "admissions"));
        var shops = await world.AddAsync(world.CompanySteward, world.Company, "Shops by commune",
            PublishedWorld.Csv("commune", "C", 30, 90, idColumn: "shop_id", idPrefix: "S", measure: "shops"));
        var draft = await world.AddAsync(world.CompanySteward, world.Company, "Draft by commune",
            PublishedWorld.Csv("commune", "C", 30, 60, idColumn: "draft_id", idPrefix: "D"), publish: false);

        // Every stored version has its profile row and a ready quality view.
        var profiles = await world.WithAsync(s => s.GetRequiredService<AgoraDbContext>().Set<VersionProfile>().AsNoTracking().ToListAsync());
        Assert.Equal(3, profiles.Count);
        Assert.Equal(300, profiles.Single(p => p.DatasetId == admissions.Id).Rows);
        var quality = await world.WithAsync(s => s.GetRequiredService<ProfileService>().GetAsync(world.Outsider, admissions.Id, null, CancellationToken.None));
        Assert.Equal(ProfileState.Ready, quality.State);
        Assert.Equal(1.0, quality.Dimensions!.Completeness);
        Assert.Contains(quality.Columns, c => c.Name == "commune" && c.Distinct == 30);

        var partners = await world.WithAsync(s => s.GetRequiredService<PartnerFinder>().ForDatasetAsync(world.Outsider, admissions.Id, CancellationToken.None));
        Assert.True(partners.Ready);
        var join = Assert.Single(partners.Joinable, j => j.Dataset.DatasetId == shops.Id);
        var pair = Assert.Single(join.Pairs, p => p.Column == "commune");
        Assert.Equal("commune", pair.PartnerColumn);
        Assert.True(pair.Containment >= 0.9, $"containment {pair.Containment}");
        Assert.Contains(partners.Organisations, o => o.Id == world.Company.Id);
        // Whole-number counts (admissions, shops) share small numbers but are no key: never paired.
        Assert.DoesNotContain(partners.Joinable.SelectMany(j => j.Pairs), p => p.Column == "admissions");
        // A draft is never suggested, not even to its own organisation.
        Assert.DoesNotContain(partners.Joinable, j => j.Dataset.DatasetId == draft.Id);
        var forCompany = await world.WithAsync(s => s.GetRequiredService<PartnerFinder>().ForDatasetAsync(world.CompanySteward, admissions.Id, CancellationToken.None));
        Assert.DoesNotContain(forCompany.Joinable, j => j.Dataset.DatasetId == draft.Id);

        var organisationPartners = await world.WithAsync(s => s.GetRequiredService<PartnerFinder>()
            .ForOrganisationAsync(world.HospitalSteward, world.Hospital.Id, s.GetRequiredService<WantedBoard>(), CancellationToken.None));
        var company = Assert.Single(organisationPartners.Partners, p => p.Id == world.Company.Id);
        Assert.Contains(company.Evidence, e => e.OurDatasetId == admissions.Id && e.Theirs.DatasetId == shops.Id && e.Join is not null);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task WantedPost_MatchesAPublishedDataset_TellsBothSides_AndCountsAsDemand(MetadataProvider provider)
    {
        await using var world = await PublishedWorld.CreateAsync(provider);
        var admissions = await world.AddAsync(world.HospitalSteward, world.Hospital, "Hospital admissions",
            PublishedWorld.Csv("commune", "C", 30, 300, measure: "admissions"), keywords: ["admissions"]);
        await world.AddAsync(world.HospitalSteward, world.Hospital, "Weather stations",
            PublishedWorld.Csv("station", "W", 10, 50, idColumn: "reading_id", idPrefix: "R", measure: "rain"));

        var post = await world.WithAsync(s => s.GetRequiredService<WantedBoard>().PostAsync(world.CompanySteward, new WantedInput
        {
            Title = "Admissions per commune",
            Keywords = ["admissions"],
            Columns = ["commune"],
            SampleValues = ["C001", "C002", "C003", "C004", "C005"],
            OrganisationId = world.Company.Id,
        }, CancellationToken.None));

        var view = await world.WithAsync(s => s.GetRequiredService<WantedBoard>().GetAsync(Actor.Anonymous, post.Id, CancellationToken.None));
        var match = Assert.Single(view.Matches);
        Assert.Equal(admissions.Id, match.DatasetId);
        Assert.Equal(world.Hospital.Id, match.OrganisationId);
        Assert.Contains("admissions", match.Evidence.Keywords);
        Assert.Contains(match.Evidence.Columns, c => c.Wanted == "commune" && c.Column == "commune");
        Assert.Equal("commune", match.Evidence.Values?.Column);

        var owner = await world.WithAsync(s => s.GetRequiredService<NotificationService>().ListForOrganisationAsync(world.HospitalSteward, world.Hospital.Id, CancellationToken.None));
        Assert.Contains(owner, n => n.Kind == NotificationKinds.WantedMatch && n.PostId == post.Id && n.DatasetId == admissions.Id);
        var consumer = await world.WithAsync(s => s.GetRequiredService<NotificationService>().ListForActorAsync(world.CompanySteward, CancellationToken.None));
        Assert.Contains(consumer, n => n.Kind == NotificationKinds.WantedAnswered && n.DatasetId == admissions.Id);
        await Assert.ThrowsAsync<PlatformException>(() => world.WithAsync(s =>
            s.GetRequiredService<NotificationService>().ListForOrganisationAsync(world.Outsider, world.Hospital.Id, CancellationToken.None)));

        var report = await world.WithAsync(s => s.GetRequiredService<ValueReportService>().ForDatasetAsync(world.HospitalSteward, admissions.Id, CancellationToken.None));
        Assert.Equal(1, report.Parts.Single(p => p.Part == ValueParts.Demand).Figures["wantedPosts"]);

        // Closed posts no longer count, and only their author closes them.
        await Assert.ThrowsAsync<PlatformException>(() => world.WithAsync(s => s.GetRequiredService<WantedBoard>().CloseAsync(world.Outsider, post.Id, CancellationToken.None)));
        await world.WithAsync(s => s.GetRequiredService<WantedBoard>().CloseAsync(world.CompanySteward, post.Id, CancellationToken.None));
        report = await world.WithAsync(s => s.GetRequiredService<ValueReportService>().ForDatasetAsync(world.HospitalSteward, admissions.Id, CancellationToken.None));
        Assert.Equal(0, report.Parts.Single(p => p.Part == ValueParts.Demand).Figures["wantedPosts"]);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task DemandCounters_CountOthersViewsAndDownloads_AndTheValueReportExplainsEachPart(MetadataProvider provider)
    {
        await using var world = await PublishedWorld.CreateAsync(provider);
        var admissions = await world.AddAsync(world.HospitalSteward, world.Hospital, "Admissions by commune",
            PublishedWorld.Csv("commune", "C", 30, 300, measure: "admissions"), frequency: "ANNUAL");
        await world.AddAsync(world.CompanySteward, world.Company, "Shops by commune",
            PublishedWorld.Csv("commune", "C", 30, 90, idColumn: "shop_id", idPrefix: "S", measure: "shops"));

        await world.WithAsync(async s =>
        {
            var demand = s.GetRequiredService<DemandCounters>();
            await demand.RecordViewAsync(world.HospitalSteward, admissions, CancellationToken.None); // its own organisation: not demand
            await demand.RecordViewAsync(world.CompanySteward, admissions, CancellationToken.None);
            await demand.RecordViewAsync(world.CompanySteward, admissions, CancellationToken.None);
            await demand.RecordViewAsync(Actor.Anonymous, admissions, CancellationToken.None);
            await demand.RecordSearchHitsAsync("admissions", [admissions.Id], CancellationToken.None);
            await demand.RecordSearchHitsAsync(null, [admissions.Id], CancellationToken.None); // browsing is no search
            var versions = s.GetRequiredService<VersionAccess>();
            var latest = admissions.Versions.Single();
            await versions.ExportAsync(world.Outsider, admissions, latest, ExportFormat.Csv, Stream.Null, CancellationToken.None);
            await versions.ExportAsync(world.HospitalSteward, admissions, latest, ExportFormat.Csv, Stream.Null, CancellationToken.None);
            return 0;
        });

        var totals = await world.WithAsync(s => s.GetRequiredService<DemandCounters>().TotalsAsync(admissions.Id, CancellationToken.None));
        Assert.Equal(3, totals[DemandKinds.View]);
        Assert.Equal(1, totals[DemandKinds.SearchHit]);
        Assert.Equal(1, totals[DemandKinds.Download]);

        var report = await world.WithAsync(s => s.GetRequiredService<ValueReportService>().ForDatasetAsync(world.HospitalSteward, admissions.Id, CancellationToken.None));
        Assert.Equal([ValueParts.Quality, ValueParts.Coverage, ValueParts.Novelty, ValueParts.Linkability, ValueParts.Demand, ValueParts.Use],
            report.Parts.Select(p => p.Part));
        Assert.All(report.Parts, p => Assert.NotEmpty(p.Why));
        var demandPart = report.Parts.Single(p => p.Part == ValueParts.Demand);
        Assert.Equal(3, demandPart.Figures["views"]);
        Assert.Equal(1, demandPart.Figures["downloads"]);
        Assert.Contains("3 views and 1 downloads", demandPart.Why[0].English, StringComparison.Ordinal);
        Assert.Equal(1, report.Parts.Single(p => p.Part == ValueParts.Linkability).Figures["joinableDatasets"]);
        var qualityPart = report.Parts.Single(p => p.Part == ValueParts.Quality);
        Assert.Equal(1.0, qualityPart.Figures["completeness"]);
        // The total is the weighted mean of the assessed parts, nothing else.
        var assessed = report.Parts.Where(p => p.Score is not null).ToList();
        Assert.Equal(assessed.Sum(p => p.Weight * p.Score!.Value) / assessed.Sum(p => p.Weight), report.Score, 2);

        // A dataset that is not published is not in demand, whoever looks at it.
        var draft = await world.AddAsync(world.HospitalSteward, world.Hospital, "Draft", PublishedWorld.Csv("commune", "C", 5, 20), publish: false);
        await world.WithAsync(async s =>
        {
            await s.GetRequiredService<DemandCounters>().RecordViewAsync(world.CompanySteward, draft, CancellationToken.None);
            return 0;
        });
        Assert.Empty(await world.WithAsync(s => s.GetRequiredService<DemandCounters>().TotalsAsync(draft.Id, CancellationToken.None)));
    }
}
