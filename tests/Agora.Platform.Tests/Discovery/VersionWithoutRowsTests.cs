using Agora.Platform.Catalog;
using Agora.Platform.Discovery;
using Agora.Platform.Metadata;
using Agora.Platform.Profiling;
using Agora.Platform.Tests.Metadata;
using Agora.Platform.Tests.Value;
using Agora.Platform.Value;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Discovery;

/// <summary>A stored version with a header and no rows is sketched like any other (as <c>agora discover index</c> does
/// with header-only files): a union candidate by its column names and title, never a join partner.</summary>
public sealed class VersionWithoutRowsTests
{
    /// <summary>Stores a version with the columns of <see cref="PublishedWorld.Csv"/> and no rows, as a protection or a
    /// linkage that keeps no row does (ingestion refuses a file without data rows).</summary>
    private static Task<Dataset> AddWithoutRowsAsync(PublishedWorld world, string title) =>
        world.AddStoredAsync(world.CompanySteward, world.Company, title, data =>
        {
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            return Task.FromResult(data.Store.StoreQueryResult(connection,
                "SELECT * FROM (VALUES ('C001', 'P00001', 1)) AS t(commune, person_id, admissions) WHERE false"));
        });

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task VersionWithoutRows_IsSketched_FindsAndIsFoundAsUnionable_AndOffersNoJoinKey(MetadataProvider provider)
    {
        await using var world = await PublishedWorld.CreateAsync(provider);
        var full = await world.AddAsync(world.HospitalSteward, world.Hospital, "Hospital admissions by commune",
            PublishedWorld.Csv("commune", "C", 30, 300, measure: "admissions"));
        var empty = await AddWithoutRowsAsync(world, "Clinic admissions by commune");

        var profile = await world.WithAsync(s => s.GetRequiredService<AgoraDbContext>().Set<VersionProfile>().AsNoTracking()
            .SingleAsync(p => p.DatasetId == empty.Id));
        Assert.Equal(0, profile.Rows);
        Assert.True(profile.HasSketch);

        // The empty dataset asks for partners: the full one has the same kind of rows; nothing joins with no values.
        var ofEmpty = await world.WithAsync(s => s.GetRequiredService<PartnerFinder>().ForDatasetAsync(world.Outsider, empty.Id, CancellationToken.None));
        Assert.True(ofEmpty.Ready);
        Assert.True(ofEmpty.NoRows);
        Assert.Empty(ofEmpty.Joinable);
        var union = Assert.Single(ofEmpty.Unionable, u => u.Dataset.DatasetId == full.Id);
        Assert.Contains("commune", union.SharedColumns);
        Assert.InRange(union.Similarity, 0.01, 1);

        // And the full one finds the empty one as unionable, never as joinable.
        var ofFull = await world.WithAsync(s => s.GetRequiredService<PartnerFinder>().ForDatasetAsync(world.Outsider, full.Id, CancellationToken.None));
        Assert.False(ofFull.NoRows);
        Assert.Contains(ofFull.Unionable, u => u.Dataset.DatasetId == empty.Id);
        Assert.DoesNotContain(ofFull.Joinable, j => j.Dataset.DatasetId == empty.Id);

        // The value report says why novelty and linkability are not assessed instead of scoring them; nothing is NaN.
        var report = await world.WithAsync(s => s.GetRequiredService<ValueReportService>().ForDatasetAsync(world.CompanySteward, empty.Id, CancellationToken.None));
        foreach (var name in new[] { ValueParts.Novelty, ValueParts.Linkability })
        {
            var part = Assert.Single(report.Parts, p => p.Part == name);
            Assert.Null(part.Score);
            Assert.Equal(ValueTexts.NoRowsToCompare, Assert.Single(part.Why).Template);
            Assert.Equal(ValueTexts.RaiseAddRows, Assert.Single(part.Raise).Template);
        }
        Assert.True(double.IsFinite(report.Score));
        Assert.All(report.Parts, p => Assert.True(p.Score is null || double.IsFinite(p.Score.Value), p.Part));
        Assert.All(report.Parts.SelectMany(p => p.Figures.Values), v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task VersionProfiledWithoutSketch_IsProfiledAgain(MetadataProvider provider)
    {
        await using var world = await PublishedWorld.CreateAsync(provider);
        var empty = await AddWithoutRowsAsync(world, "Clinic admissions by commune");
        // As a version without rows was left before they were sketched.
        var versionId = await world.WithAsync(async s =>
        {
            var db = s.GetRequiredService<AgoraDbContext>();
            var row = await db.Set<VersionProfile>().SingleAsync(p => p.DatasetId == empty.Id);
            row.HasSketch = false;
            await db.SaveChangesAsync();
            await DiscoveryRevision.BumpAsync(db, CancellationToken.None);
            return row.VersionId;
        });

        var sync = await world.WithAsync(s => s.GetRequiredService<PartnerIndex>().SyncAsync(s.GetRequiredService<AgoraDbContext>(), CancellationToken.None));
        Assert.Contains(versionId, sync.VersionsWithoutSketch);
    }
}
