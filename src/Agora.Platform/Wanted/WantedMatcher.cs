using System.Text.Json;
using Agora.Data.Discovery;
using Agora.Data.Discovery.Sketches;
using Agora.Data.Discovery.Union;
using Agora.Platform.Catalog;
using Agora.Platform.Discovery;
using Agora.Platform.Metadata;
using Agora.Platform.Notifications;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Wanted;

/// <summary>A published dataset that answers a post, with its score and evidence.</summary>
public sealed record WantedCandidate(Dataset Dataset, double Score, MatchEvidence Evidence);

/// <summary>
/// Matches "data wanted" posts against the published catalogue. Three parts, each in [0, 1]: the share of the post's
/// keywords the catalogue search finds the dataset with (weight 0.3), the share of the wanted column names the dataset has
/// (0.3), and the estimated share of the sample values held by one of its columns (0.4; LSH Ensemble threshold search on
/// the engine's <see cref="ValueSketches"/>). The score is the weighted mean over the parts the post gives; a dataset
/// matches from <see cref="MatchThreshold"/>. The board is public, so value evidence follows <see cref="EvidencePolicy"/>
/// for an anonymous reader.
/// </summary>
public sealed class WantedMatcher(AgoraDbContext db, CatalogSearch search, PartnerIndex index, NotificationService notifications, TimeProvider clock)
{
    public const double MatchThreshold = 0.3;
    public const double KeywordWeight = 0.3;
    public const double ColumnWeight = 0.3;
    public const double ValueWeight = 0.4;

    /// <summary>Fewer distinct sample values than this are not matched by value (too easy a membership probe).</summary>
    public const int MinimumSampleValues = 3;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Every published dataset that matches the post now, best first.</summary>
    public async Task<List<WantedCandidate>> FindAsync(WantedPost post, CancellationToken cancellationToken)
    {
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation).Include(d => d.Versions)
            .Where(d => d.State == DatasetState.Published).AsSplitQuery().ToListAsync(cancellationToken);
        // A need is for data from others: the poster's own organisation is not told about its own post.
        datasets.RemoveAll(d => post.OrganisationId is { } own && d.OrganisationId == own);
        if (datasets.Count == 0)
        {
            return [];
        }
        var keywordHits = new Dictionary<Guid, List<string>>();
        foreach (var keyword in post.Keywords)
        {
            var result = await search.SearchAsync(db, new SearchQuery { Text = keyword, Take = 200 }, cancellationToken);
            foreach (var hit in result.Hits)
            {
                if (!keywordHits.TryGetValue(hit.DatasetId, out var found))
                {
                    keywordHits[hit.DatasetId] = found = [];
                }
                found.Add(keyword);
            }
        }
        var valueHits = ValueHits(post, datasets.ToDictionary(d => d.Id));
        var samples = post.SampleValues.Select(ValueHash.Normalise).Where(v => v is not null).Distinct(StringComparer.Ordinal).Count();
        var useValues = samples >= MinimumSampleValues;
        var candidates = new List<WantedCandidate>();
        foreach (var dataset in datasets)
        {
            var latest = dataset.Versions.OrderByDescending(v => v.Number).FirstOrDefault();
            var columns = latest?.Columns.Select(c => c.Name).ToList() ?? [];
            var pairs = new List<ColumnPair>();
            foreach (var wanted in post.Columns)
            {
                var wantedTokens = Tokens.Of(wanted).ToHashSet(StringComparer.Ordinal);
                var column = columns.FirstOrDefault(c => string.Equals(c, wanted, StringComparison.OrdinalIgnoreCase))
                    ?? columns.FirstOrDefault(c => wantedTokens.Count > 0 && (wantedTokens.IsSubsetOf(Tokens.Of(c)) || Tokens.Of(c).ToHashSet(StringComparer.Ordinal) is { Count: > 0 } set && set.IsSubsetOf(wantedTokens)));
                if (column is not null)
                {
                    pairs.Add(new ColumnPair(wanted, column));
                }
            }
            var keywords = keywordHits.GetValueOrDefault(dataset.Id) ?? [];
            var keywordShare = post.Keywords.Count == 0 ? 0 : keywords.Count / (double)post.Keywords.Count;
            var columnShare = post.Columns.Count == 0 ? 0 : pairs.Count / (double)post.Columns.Count;
            var values = useValues ? valueHits.GetValueOrDefault(dataset.Id) : null;
            double weighted = 0, weights = 0;
            if (post.Keywords.Count > 0)
            {
                weighted += KeywordWeight * keywordShare;
                weights += KeywordWeight;
            }
            if (post.Columns.Count > 0)
            {
                weighted += ColumnWeight * columnShare;
                weights += ColumnWeight;
            }
            if (useValues)
            {
                weighted += ValueWeight * (values?.Containment ?? 0);
                weights += ValueWeight;
            }
            var score = weights == 0 ? 0 : weighted / weights;
            if (score >= MatchThreshold)
            {
                candidates.Add(new WantedCandidate(dataset, Math.Round(score, 3), new MatchEvidence(keywords, keywordShare, pairs, columnShare, values)));
            }
        }
        return [.. candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Dataset.Id)];
    }

    /// <summary>Records the post's new matches and tells both sides; returns how many were new.</summary>
    public async Task<int> RecordAsync(WantedPost post, CancellationToken cancellationToken)
    {
        if (post.State != WantedState.Open)
        {
            return 0;
        }
        var known = (await db.Set<WantedMatch>().Where(m => m.PostId == post.Id).Select(m => m.DatasetId).ToListAsync(cancellationToken)).ToHashSet();
        var added = 0;
        foreach (var candidate in await FindAsync(post, cancellationToken))
        {
            if (known.Contains(candidate.Dataset.Id))
            {
                continue;
            }
            var match = new WantedMatch
            {
                PostId = post.Id, DatasetId = candidate.Dataset.Id, OrganisationId = candidate.Dataset.OrganisationId, Score = candidate.Score,
                Evidence = JsonSerializer.Serialize(candidate.Evidence, Json), FoundAt = clock.GetUtcNow(),
            };
            db.Set<WantedMatch>().Add(match);
            notifications.Add(new Notification
            {
                Kind = NotificationKinds.WantedMatch, OrganisationId = candidate.Dataset.OrganisationId, PostId = post.Id, DatasetId = candidate.Dataset.Id,
            });
            notifications.Add(new Notification { Kind = NotificationKinds.WantedAnswered, UserId = post.PostedById, PostId = post.Id, DatasetId = candidate.Dataset.Id });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                added++;
            }
            catch (DbUpdateException)
            {
                // Another node recorded the same pair first (the pair is unique); its notifications stand for ours.
                db.ChangeTracker.Clear();
            }
        }
        return added;
    }

    /// <summary>Matches every open post again (after the published catalogue changed).</summary>
    public async Task RematchOpenPostsAsync(CancellationToken cancellationToken)
    {
        var posts = await db.Set<WantedPost>().AsNoTracking().Where(p => p.State == WantedState.Open).ToListAsync(cancellationToken);
        foreach (var post in posts)
        {
            await RecordAsync(post, cancellationToken);
        }
    }

    private Dictionary<Guid, ValueEvidence> ValueHits(WantedPost post, Dictionary<Guid, Dataset> published)
    {
        var best = new Dictionary<Guid, ValueEvidence>();
        var (sketch, hashes) = ValueSketches.OfColumn("wanted", post.SampleValues);
        if (sketch is null || hashes.Count < MinimumSampleValues)
        {
            return best;
        }
        var matches = index.Query(ix => ix.ThresholdSearch("wanted:" + post.Id.ToString("D"), sketch, hashes, EvidencePolicy.MinimumContainment));
        foreach (var match in matches)
        {
            if (index.VersionOf(match.Table) is not { } version || !published.TryGetValue(version.DatasetId, out var dataset)
                || index.SketchOf(match.Table)?.KeyColumns.FirstOrDefault(c => c.Column == match.Column) is not { } column)
            {
                continue;
            }
            // The board is public: evidence is what an anonymous reader may learn.
            if (!EvidencePolicy.MayUseValues(column, CatalogService.CanReadData(Actor.Anonymous, dataset)) || match.EstimatedOverlap < EvidencePolicy.MinimumSharedValues
                || !EvidencePolicy.MayMatchSamples(post.Columns, index.SketchOf(match.Table)!.Columns.FirstOrDefault(c => c.Name == match.Column)))
            {
                continue;
            }
            if (!best.TryGetValue(dataset.Id, out var current) || current.Containment < match.Containment)
            {
                best[dataset.Id] = new ValueEvidence(match.Column, Math.Round(match.Containment, 3), match.EstimatedOverlap);
            }
        }
        return best;
    }
}
