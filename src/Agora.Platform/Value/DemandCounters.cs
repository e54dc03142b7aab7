using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Value;

/// <summary>Counts demand per dataset and day: search hits, views and downloads (those by the owning organisation itself
/// are not demand). Each count is one conditional increment, or an insert the first time that day.</summary>
public sealed class DemandCounters(AgoraDbContext db, TimeProvider clock)
{
    /// <summary>Demand is read over this many days.</summary>
    public const int WindowDays = 90;

    public async Task RecordViewAsync(Actor actor, Dataset dataset, CancellationToken cancellationToken)
    {
        if (actor.IsMember(dataset.OrganisationId) || dataset.State != DatasetState.Published)
        {
            return;
        }
        await IncrementAsync(dataset.Id, DemandKinds.View, cancellationToken);
    }

    public async Task RecordDownloadAsync(Actor actor, Dataset dataset, CancellationToken cancellationToken)
    {
        if (actor.IsMember(dataset.OrganisationId) || dataset.State != DatasetState.Published)
        {
            return;
        }
        await IncrementAsync(dataset.Id, DemandKinds.Download, cancellationToken);
    }

    /// <summary>Records that these datasets were shown for a search with words (browsing the catalogue is not a search).</summary>
    public async Task RecordSearchHitsAsync(string? text, IEnumerable<Guid> datasetIds, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        foreach (var id in datasetIds.Distinct())
        {
            await IncrementAsync(id, DemandKinds.SearchHit, cancellationToken);
        }
    }

    /// <summary>Totals per kind over the last <see cref="WindowDays"/> days.</summary>
    public async Task<Dictionary<string, long>> TotalsAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        var from = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-WindowDays + 1);
        var rows = await db.Set<DemandCount>().AsNoTracking().Where(c => c.DatasetId == datasetId && c.Day >= from)
            .Select(c => new { c.Kind, c.Count }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Count), StringComparer.Ordinal);
    }

    private async Task IncrementAsync(Guid datasetId, string kind, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var updated = await db.Set<DemandCount>().Where(c => c.DatasetId == datasetId && c.Day == day && c.Kind == kind)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 1), cancellationToken);
            if (updated > 0)
            {
                return;
            }
            var count = new DemandCount { DatasetId = datasetId, Day = day, Kind = kind, Count = 1 };
            db.Set<DemandCount>().Add(count);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException)
            {
                // Someone else inserted the day's row first (or the dataset is gone): try the increment again.
                db.Entry(count).State = EntityState.Detached;
            }
        }
    }
}
