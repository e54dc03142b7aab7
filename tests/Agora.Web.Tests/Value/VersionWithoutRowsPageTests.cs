using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Platform.Metadata;
using Agora.Platform.Profiling;
using Agora.Platform.Publishing;
using Agora.Web.Tests.Hosting;
using Agora.Web.Tests.Publishing;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Tests.Value;

/// <summary>A published dataset whose newest version has no rows (a protection or linkage that kept none): the API and
/// the dataset page say it offers no join key instead of "no dataset holds its key values yet".</summary>
[Collection(AgoraServerCollection.Name)]
public sealed class VersionWithoutRowsPageTests(AgoraServerFixture fixture)
{
    [Fact]
    public async Task DatasetPage_OfAVersionWithoutRows_SaysItOffersNoJoinKey()
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        var id = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, "Empty beds per canton", "canton,beds\nK01,3\nK02,5\n");
        // The ingested version's own profiling must be over first: a profiling job still running would finish with the
        // two rows it read, and a new request for the same version is merged into the running one.
        await ApiPublishing.WaitForProfileAsync(steward, id, rows: 2);
        // Ingestion refuses files without rows, so the version's content is replaced by an empty derived version.
        await using (var scope = fixture.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            var data = scope.ServiceProvider.GetRequiredService<DataPlane>();
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            var stored = data.Store.StoreQueryResult(connection, "SELECT * FROM (VALUES ('K01', 3)) AS t(canton, beds) WHERE false");
            var version = await db.DatasetVersions.Include(v => v.Dataset).SingleAsync(v => v.DatasetId == id);
            version.ContentHash = stored.ContentHash;
            version.WrappedKey = stored.WrappedKey.ToString();
            version.StoragePath = Path.GetRelativePath(data.DataDirectory, Path.Combine(data.Store.Root, stored.RelativePath));
            version.RowCount = 0;
            await db.Set<VersionProfile>().Where(p => p.VersionId == version.Id).ExecuteDeleteAsync();
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<ProfileScheduler>().EnqueueAsync(version.Id, version.CreatedById, version.Dataset.OrganisationId,
                CancellationToken.None);
        }
        await ApiPublishing.DescribeAndPublishAsync(steward, id, "Empty beds per canton", "beds", "HEAL");
        await ApiPublishing.WaitForProfileAsync(steward, id, rows: 0);

        using var anonymous = fixture.Client();
        var partners = await anonymous.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/partners");
        Assert.True(partners.GetProperty("ready").GetBoolean());
        Assert.True(partners.GetProperty("noRows").GetBoolean());
        Assert.Empty(partners.GetProperty("joinable").EnumerateArray());
        var slug = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}")).GetProperty("slug").GetString();
        var page = await anonymous.GetStringAsync($"/datasets/hospital/{slug}");
        Assert.Contains("The newest version has no rows, so it offers no key values to join on.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("No published dataset holds the values of its key columns yet.", page, StringComparison.Ordinal);
    }
}
