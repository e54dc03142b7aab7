using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Value;
using Agora.Platform.Wanted;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Demo;

/// <summary>
/// The demo's "data wanted" posts and demand, so the board, the notifications and the demand part of the value report
/// show something on a fresh demo. The posts go through the real board (matched and notified like any post; matched again
/// by value once the profiling jobs have sketched the datasets). The demand counts are synthetic and fixed (a few weeks of
/// views, searches and downloads by others per published dataset); they are written only for datasets without any.
/// Idempotent.
/// </summary>
public sealed class DemoValueSeeder(AgoraDbContext db, ActorLoader actors, WantedBoard board, TimeProvider clock)
{
    /// <summary>Days of synthetic demand before today.</summary>
    public const int DemandDays = 28;

    private sealed record DemoPost(string OrganisationSlug, WantedInput Input);

    private static readonly DemoPost[] Posts =
    [
        new(DemoOrganisation.Hospital.Slug, new WantedInput
        {
            Title = "Population per commune, to put admissions in proportion",
            Description = "Residents per commune and year (total and by nationality), to compute admission rates per 1,000 inhabitants.",
            Keywords = ["population", "communes"],
            Columns = ["commune", "population", "year"],
            SampleValues = ["Esch-sur-Alzette", "Differdange", "Dudelange", "Ettelbruck", "Mamer", "Wiltz"],
        }),
        new(DemoOrganisation.Company.Slug, new WantedInput
        {
            Title = "Companies per commune and activity",
            Description = "How many businesses, and of which NACE activity, are established in each commune: to forecast commercial demand.",
            Keywords = ["companies", "business"],
            Columns = ["commune", "nace_code", "employees"],
            SampleValues = ["Luxembourg", "Bertrange", "Esch-sur-Alzette", "Differdange", "Strassen"],
        }),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var post in Posts)
        {
            if (await db.Set<WantedPost>().AnyAsync(p => p.Title == post.Input.Title, cancellationToken))
            {
                continue;
            }
            // Posted by the organisation's analyst: consumers post needs.
            var email = DemoSeeder.Accounts.Single(a => a.Organisation == post.OrganisationSlug && a.Role == OrganisationRole.Analyst).Email;
            var author = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
            var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == post.OrganisationSlug, cancellationToken);
            if (author is null || organisation is null)
            {
                continue;
            }
            var actor = await actors.ForUserAsync(author.Id, cancellationToken);
            await board.PostAsync(actor, post.Input with { OrganisationId = organisation.Id }, cancellationToken);
        }
        await SeedDemandAsync(cancellationToken);
    }

    private async Task SeedDemandAsync(CancellationToken cancellationToken)
    {
        var published = await db.Datasets.AsNoTracking().Where(d => d.State == DatasetState.Published).Select(d => new { d.Id, d.Slug })
            .ToListAsync(cancellationToken);
        var counted = (await db.Set<DemandCount>().AsNoTracking().Select(c => c.DatasetId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var dataset in published.Where(d => !counted.Contains(d.Id)))
        {
            // Fixed per dataset (its slug), so the demo looks the same on every start.
            var random = new SeededRandom(Seed(dataset.Slug));
            var popularity = 1 + (int)(random.NextUInt64() % 4);
            for (var day = 1; day <= DemandDays; day++)
            {
                var date = today.AddDays(-day);
                Add(dataset.Id, date, DemandKinds.View, (long)(random.NextUInt64() % (ulong)(3 * popularity)));
                Add(dataset.Id, date, DemandKinds.SearchHit, (long)(random.NextUInt64() % (ulong)(5 * popularity)));
                Add(dataset.Id, date, DemandKinds.Download, day % 4 == 0 ? (long)(random.NextUInt64() % (ulong)(popularity + 1)) : 0);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Add(Guid datasetId, DateOnly day, string kind, long count)
    {
        if (count > 0)
        {
            db.Set<DemandCount>().Add(new DemandCount { DatasetId = datasetId, Day = day, Kind = kind, Count = count });
        }
    }

    private static ulong Seed(string text)
    {
        // FNV-1a: a fixed hash (string.GetHashCode changes from run to run).
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
