using Agora.Data.Discovery;
using Agora.Data.Discovery.Union;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Profiling;
using Agora.Platform.Wanted;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Discovery;

/// <summary>A published dataset as a suggestion shows it.</summary>
public sealed record PartnerDataset(Guid DatasetId, TextByLanguage Title, string Path, Guid OrganisationId, string OrganisationName, string OrganisationSlug);

/// <summary>A key column of ours found in a key column of theirs: the estimated share of our distinct values they hold.</summary>
public sealed record JoinPair(string Column, string PartnerColumn, double Containment, long SharedValues);

public sealed record JoinablePartner(PartnerDataset Dataset, IReadOnlyList<JoinPair> Pairs)
{
    public double Best => Pairs.Max(p => p.Containment);
}

/// <summary>A dataset with the same kind of rows. <see cref="ValuesCompared"/> is false when one side's data is not
/// readable by the viewer: the similarity then rests on column names and title alone. <see cref="NearCopy"/> is true
/// when the other dataset already holds most of this one's values (only said when values were compared): appending it
/// would add few new rows, so it ranks below datasets that would.</summary>
public sealed record UnionablePartner(PartnerDataset Dataset, double Similarity, IReadOnlyList<string> SharedColumns, bool ValuesCompared,
    bool NearCopy = false);

/// <summary>Suggestions for one dataset; <see cref="Ready"/> is false while its sketch is being computed.</summary>
public sealed record DatasetPartners(bool Ready, IReadOnlyList<JoinablePartner> Joinable, IReadOnlyList<UnionablePartner> Unionable)
{
    public IReadOnlyList<(Guid Id, string Name, string Slug)> Organisations =>
        [.. Joinable.Select(j => j.Dataset).Concat(Unionable.Select(u => u.Dataset)).Select(d => (d.OrganisationId, d.OrganisationName, d.OrganisationSlug)).Distinct()];
}

/// <summary>One reason to partner: our dataset and theirs, and how they fit.</summary>
public sealed record PartnerEvidence(Guid OurDatasetId, TextByLanguage OurTitle, string OurPath, PartnerDataset Theirs, string Kind, double Strength,
    JoinPair? Join, IReadOnlyList<string> SharedColumns);

/// <summary>An organisation worth partnering with, and why.</summary>
public sealed record PartnerOrganisation(Guid Id, string Name, string Slug, double Score, IReadOnlyList<PartnerEvidence> Evidence);

/// <summary>A consumer whose "data wanted" post matches datasets of the organisation.</summary>
public sealed record InterestedConsumer(Guid PostId, string PostTitle, string PostedBy, string? OrganisationSlug, IReadOnlyList<WantedMatchView> Matches);

public sealed record OrganisationPartners(IReadOnlyList<PartnerOrganisation> Partners, IReadOnlyList<InterestedConsumer> Consumers, int DatasetsConsidered, int DatasetsPending);

/// <summary>
/// Joinable and unionable suggestions for a dataset, and partner organisations for an organisation, from the
/// <see cref="PartnerIndex"/> (published datasets only) under the <see cref="EvidencePolicy"/> for the viewer.
/// </summary>
public sealed class PartnerFinder(AgoraDbContext db, PartnerIndex index, DerivedFiles files, ProfileScheduler scheduler, WantedMatcher matcher,
    CatalogService catalog, TimeProvider clock)
{
    public const int DefaultTop = 10;

    /// <summary>Joins below this are not suggested for an organisation (the dataset page lists from
    /// <see cref="EvidencePolicy.MinimumContainment"/>).</summary>
    public const double PartnerJoinThreshold = 0.5;

    /// <summary>Union suggestions need this much column-name overlap (Jaccard of name words).</summary>
    public const double MinimumHeaderOverlap = 0.3;

    /// <summary>Brings the index up to date; profiles published versions that have no sketch yet (at most once an hour
    /// each); matches open "data wanted" posts again when the catalogue moved.</summary>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        var sync = await index.SyncAsync(db, cancellationToken);
        if (sync.VersionsWithoutSketch.Count > 0)
        {
            var ids = sync.VersionsWithoutSketch.ToList();
            var versions = await db.DatasetVersions.AsNoTracking().Where(v => ids.Contains(v.Id))
                .Select(v => new { v.Id, v.CreatedById, v.Dataset.OrganisationId }).ToListAsync(cancellationToken);
            foreach (var version in versions)
            {
                var last = await scheduler.LatestJobAsync(version.Id, cancellationToken);
                if (last is null || (last.State is JobState.Succeeded or JobState.Failed && last.FinishedAt < clock.GetUtcNow() - TimeSpan.FromHours(1)))
                {
                    await scheduler.EnqueueAsync(version.Id, version.CreatedById, version.OrganisationId, cancellationToken);
                }
            }
        }
        if (sync.Moved)
        {
            await matcher.RematchOpenPostsAsync(cancellationToken);
        }
    }

    /// <summary>Partners of a dataset the actor may see (404 otherwise).</summary>
    public async Task<DatasetPartners> ForDatasetAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        return await ForDatasetAsync(actor, dataset, DefaultTop, cancellationToken);
    }

    public async Task<DatasetPartners> ForDatasetAsync(Actor actor, Dataset dataset, int top, CancellationToken cancellationToken)
    {
        await EnsureCurrentAsync(cancellationToken);
        var latest = dataset.Versions.OrderByDescending(v => v.Number).FirstOrDefault();
        if (latest is null)
        {
            return new DatasetPartners(true, [], []);
        }
        var sketch = index.SketchOf(latest.Id.ToString("D")) ?? files.ReadSketch(latest.Id);
        if (sketch is null)
        {
            var profiled = await db.Set<VersionProfile>().AsNoTracking().AnyAsync(p => p.VersionId == latest.Id, cancellationToken);
            return new DatasetPartners(profiled, [], []);
        }
        var readsQuery = CatalogService.CanReadData(actor, dataset);
        var queryColumns = sketch.KeyColumns.Where(c => EvidencePolicy.MayUseValues(c, readsQuery)).ToList();
        var (joins, unions) = index.Query(ix =>
        {
            var found = queryColumns.SelectMany(c => ix.ThresholdSearch(sketch.Id, c, null, EvidencePolicy.MinimumContainment)).ToList();
            var similar = ix.TableCount == 0 ? [] : ix.Unionable(QueryTable.FromSketch(sketch), ix.TableCount);
            return (found, similar);
        });
        var candidates = await CandidatesAsync(joins.Select(j => j.Table).Concat(unions.Select(u => u.Table)), dataset.Id, cancellationToken);

        var joinable = new List<JoinablePartner>();
        foreach (var group in joins.Where(j => candidates.ContainsKey(j.Table)).GroupBy(j => j.Table))
        {
            var candidate = candidates[group.Key];
            var readsCandidate = CatalogService.CanReadData(actor, candidate);
            var candidateSketch = index.SketchOf(group.Key);
            var pairs = group
                .Where(j => j.EstimatedOverlap >= EvidencePolicy.MinimumSharedValues
                    && candidateSketch?.KeyColumns.FirstOrDefault(c => c.Column == j.Column) is { } column && EvidencePolicy.MayUseValues(column, readsCandidate)
                    && EvidencePolicy.MayPair(InfoOf(sketch, j.QueryColumn), InfoOf(candidateSketch, j.Column)))
                .Select(j => new JoinPair(j.QueryColumn, j.Column, Math.Round(j.Containment, 3), j.EstimatedOverlap))
                .OrderByDescending(p => p.Containment).ThenByDescending(p => p.SharedValues).Take(5).ToList();
            if (pairs.Count > 0)
            {
                joinable.Add(new JoinablePartner(Describe(candidate), pairs));
            }
        }

        var weights = UnionWeights.Default;
        var unionable = new List<UnionablePartner>();
        foreach (var match in unions.Where(u => candidates.ContainsKey(u.Table) && u.Parts.Header >= MinimumHeaderOverlap))
        {
            var candidate = candidates[match.Table];
            var valuesCompared = readsQuery && CatalogService.CanReadData(actor, candidate);
            var similarity = match.Parts.Similarity(weights, valuesCompared);
            unionable.Add(new UnionablePartner(Describe(candidate), Math.Round(similarity, 3), match.SharedColumns, valuesCompared,
                valuesCompared && match.Parts.NearCopy(weights) > 0));
        }
        return new DatasetPartners(true,
            [.. joinable.OrderByDescending(j => j.Best).ThenByDescending(j => j.Pairs.Max(p => p.SharedValues)).ThenBy(j => j.Dataset.DatasetId).Take(top)],
            [.. unionable.OrderByDescending(u => u.Similarity).ThenBy(u => u.Dataset.DatasetId).Take(top)]);
    }

    /// <summary>Organisations whose published datasets join with or complement the organisation's datasets the actor
    /// may see, and consumers whose "data wanted" posts match them.</summary>
    public async Task<OrganisationPartners> ForOrganisationAsync(Actor actor, Guid organisationId, WantedBoard board, CancellationToken cancellationToken)
    {
        await EnsureCurrentAsync(cancellationToken);
        var visible = await catalog.ListForOrganisationAsync(actor, organisationId, cancellationToken);
        var ids = visible.Select(d => d.Id).ToList();
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation).Include(d => d.Versions)
            .Where(d => ids.Contains(d.Id)).AsSplitQuery().ToListAsync(cancellationToken);
        var evidence = new List<PartnerEvidence>();
        var pending = 0;
        foreach (var dataset in datasets.OrderBy(d => d.Id))
        {
            var partners = await ForDatasetAsync(actor, dataset, 20, cancellationToken);
            if (!partners.Ready)
            {
                pending++;
                continue;
            }
            var ours = (dataset.Id, dataset.Title, $"/datasets/{dataset.Organisation.Slug}/{dataset.Slug}");
            foreach (var join in partners.Joinable.Where(j => j.Dataset.OrganisationId != organisationId && j.Best >= PartnerJoinThreshold))
            {
                evidence.Add(new PartnerEvidence(ours.Id, ours.Title, ours.Item3, join.Dataset, "join", join.Best, join.Pairs[0], []));
            }
            foreach (var union in partners.Unionable.Where(u => u.Dataset.OrganisationId != organisationId))
            {
                evidence.Add(new PartnerEvidence(ours.Id, ours.Title, ours.Item3, union.Dataset, "union", union.Similarity, null, union.SharedColumns));
            }
        }
        var partnersByOrganisation = evidence.GroupBy(e => e.Theirs.OrganisationId).Select(g =>
        {
            // One dataset pair counts once, by its strongest reason.
            var strongest = g.GroupBy(e => (e.OurDatasetId, e.Theirs.DatasetId)).Select(p => p.MaxBy(e => e.Strength)!).ToList();
            var first = g.First().Theirs;
            return new PartnerOrganisation(first.OrganisationId, first.OrganisationName, first.OrganisationSlug, Math.Round(strongest.Sum(e => e.Strength), 3),
                [.. g.OrderByDescending(e => e.Strength).Take(10)]);
        }).OrderByDescending(p => p.Score).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();

        var matches = await board.MatchesForDatasetsAsync(ids, cancellationToken);
        var posts = await db.Set<WantedPost>().AsNoTracking().Where(p => matches.Select(m => m.PostId).Contains(p.Id)).ToListAsync(cancellationToken);
        var authors = await board.AuthorsAsync(posts, cancellationToken);
        var consumers = posts.Where(p => p.OrganisationId != organisationId).OrderByDescending(p => p.CreatedAt)
            .Select(p => new InterestedConsumer(p.Id, p.Title, authors[p.Id].Name, authors[p.Id].OrganisationSlug, [.. matches.Where(m => m.PostId == p.Id)]))
            .ToList();
        return new OrganisationPartners(partnersByOrganisation, consumers, datasets.Count, pending);
    }

    /// <summary>The published datasets behind indexed tables (never the query dataset), checked against the store now.</summary>
    private async Task<Dictionary<string, Dataset>> CandidatesAsync(IEnumerable<string> tables, Guid exclude, CancellationToken cancellationToken)
    {
        var byTable = tables.Distinct(StringComparer.Ordinal).Select(t => (Table: t, Version: index.VersionOf(t))).Where(p => p.Version is not null).ToList();
        var datasetIds = byTable.Select(p => p.Version!.DatasetId).Where(id => id != exclude).Distinct().ToList();
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation)
            .Where(d => datasetIds.Contains(d.Id) && d.State == DatasetState.Published).ToDictionaryAsync(d => d.Id, cancellationToken);
        return byTable.Where(p => datasets.ContainsKey(p.Version!.DatasetId))
            .ToDictionary(p => p.Table, p => datasets[p.Version!.DatasetId], StringComparer.Ordinal);
    }

    public static ColumnInfo? InfoOf(TableSketch table, string column) => table.Columns.FirstOrDefault(c => c.Name == column);

    private static PartnerDataset Describe(Dataset dataset) =>
        new(dataset.Id, dataset.Title, $"/datasets/{dataset.Organisation.Slug}/{dataset.Slug}", dataset.OrganisationId, dataset.Organisation.Name, dataset.Organisation.Slug);
}
