using System.Text.Json;
using Agora.Platform.Accounts;
using Agora.Platform.Catalog;
using Agora.Platform.Discovery;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Wanted;

/// <summary>What a consumer writes to post a need.</summary>
public sealed record WantedInput
{
    public string Title { get; init; } = "";

    public string? Description { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public IReadOnlyList<string> Columns { get; init; } = [];

    public IReadOnlyList<string> SampleValues { get; init; } = [];

    /// <summary>Post for this organisation (the poster must be a member); null posts in one's own name.</summary>
    public Guid? OrganisationId { get; init; }
}

/// <summary>A post as the board shows it.</summary>
public sealed record WantedPostView(WantedPost Post, string PostedBy, string? OrganisationSlug, IReadOnlyList<WantedMatchView> Matches, bool CanClose);

/// <summary>A match as the board shows it (published datasets only).</summary>
public sealed record WantedMatchView(Guid PostId, string PostTitle, Guid DatasetId, TextByLanguage DatasetTitle, string DatasetPath, Guid OrganisationId,
    string OrganisationName, string OrganisationSlug, double Score, MatchEvidence Evidence, DateTimeOffset FoundAt);

/// <summary>The public "data wanted" board: consumers post what they need, the catalogue is matched against it, and the
/// providers of matching datasets are told (<see cref="WantedMatcher"/>).</summary>
public sealed class WantedBoard(AgoraDbContext db, WantedMatcher matcher, PartnerFinder partners, TimeProvider clock)
{
    public const int MaxKeywords = 20;
    public const int MaxColumns = 50;
    public const int MaxSampleValues = 1000;

    public async Task<WantedPost> PostAsync(Actor actor, WantedInput input, CancellationToken cancellationToken)
    {
        var userId = actor.RequiredUserId;
        if (!actor.HasScope(TokenScopes.Read))
        {
            throw new PlatformException(PlatformError.Forbidden, "This token lacks the 'read' scope.");
        }
        if (input.OrganisationId is { } organisation && !actor.IsMember(organisation))
        {
            throw new PlatformException(PlatformError.Forbidden, "You can post only for an organisation you belong to.");
        }
        var post = new WantedPost
        {
            Title = input.Title.Trim(),
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            Keywords = Clean(input.Keywords, 100),
            Columns = Clean(input.Columns, 100),
            SampleValues = Clean(input.SampleValues, 200),
            PostedById = userId,
            OrganisationId = input.OrganisationId,
            CreatedAt = clock.GetUtcNow(),
        };
        Validate(post);
        db.Set<WantedPost>().Add(post);
        await db.SaveChangesAsync(cancellationToken);
        await partners.EnsureCurrentAsync(cancellationToken);
        await matcher.RecordAsync(post, cancellationToken);
        return post;
    }

    /// <summary>Open posts, newest first, with their matches.</summary>
    public async Task<List<WantedPostView>> ListOpenAsync(Actor actor, CancellationToken cancellationToken)
    {
        await partners.EnsureCurrentAsync(cancellationToken);
        var posts = await db.Set<WantedPost>().AsNoTracking().Where(p => p.State == WantedState.Open).ToListAsync(cancellationToken);
        return await ViewsAsync(actor, [.. posts.OrderByDescending(p => p.CreatedAt).Take(200)], cancellationToken);
    }

    public async Task<WantedPostView> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await partners.EnsureCurrentAsync(cancellationToken);
        var post = await db.Set<WantedPost>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such post.");
        return (await ViewsAsync(actor, [post], cancellationToken))[0];
    }

    public async Task<WantedPost> CloseAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var post = await db.Set<WantedPost>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such post.");
        if (!CanClose(actor, post))
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                "Only the author of a post (or an admin of its organisation) closes it.");
        }
        if (post.State == WantedState.Open)
        {
            post.State = WantedState.Closed;
            post.ClosedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return post;
    }

    /// <summary>Open posts matched by the given datasets (a dataset page, an organisation's pages).</summary>
    public async Task<List<WantedMatchView>> MatchesForDatasetsAsync(IReadOnlyCollection<Guid> datasetIds, CancellationToken cancellationToken)
    {
        await partners.EnsureCurrentAsync(cancellationToken);
        var ids = datasetIds.ToList();
        var matches = await db.Set<WantedMatch>().AsNoTracking().Where(m => ids.Contains(m.DatasetId)).ToListAsync(cancellationToken);
        var postIds = matches.Select(m => m.PostId).Distinct().ToList();
        var posts = await db.Set<WantedPost>().AsNoTracking().Where(p => postIds.Contains(p.Id) && p.State == WantedState.Open).ToDictionaryAsync(p => p.Id, cancellationToken);
        return await MatchViewsAsync([.. matches.Where(m => posts.ContainsKey(m.PostId))], posts, cancellationToken);
    }

    /// <summary>Who is behind a post: its organisation's name, or the poster's display name.</summary>
    public async Task<Dictionary<Guid, (string Name, string? OrganisationSlug)>> AuthorsAsync(IReadOnlyCollection<WantedPost> posts, CancellationToken cancellationToken)
    {
        var organisationIds = posts.Where(p => p.OrganisationId is not null).Select(p => p.OrganisationId!.Value).Distinct().ToList();
        var userIds = posts.Where(p => p.OrganisationId is null).Select(p => p.PostedById).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var users = await db.Set<AgoraUser>().AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return posts.ToDictionary(p => p.Id, p => p.OrganisationId is { } o && organisations.TryGetValue(o, out var organisation)
            ? (organisation.Name, (string?)organisation.Slug)
            : (users.GetValueOrDefault(p.PostedById) ?? "—", null));
    }

    private async Task<List<WantedPostView>> ViewsAsync(Actor actor, List<WantedPost> posts, CancellationToken cancellationToken)
    {
        var postIds = posts.Select(p => p.Id).ToList();
        var matches = await db.Set<WantedMatch>().AsNoTracking().Where(m => postIds.Contains(m.PostId)).ToListAsync(cancellationToken);
        var views = await MatchViewsAsync(matches, posts.ToDictionary(p => p.Id), cancellationToken);
        var authors = await AuthorsAsync(posts, cancellationToken);
        return [.. posts.Select(p => new WantedPostView(p, authors[p.Id].Name, authors[p.Id].OrganisationSlug,
            [.. views.Where(v => v.PostId == p.Id).OrderByDescending(v => v.Score)], CanClose(actor, p)))];
    }

    private async Task<List<WantedMatchView>> MatchViewsAsync(List<WantedMatch> matches, Dictionary<Guid, WantedPost> posts, CancellationToken cancellationToken)
    {
        var datasetIds = matches.Select(m => m.DatasetId).Distinct().ToList();
        // Only datasets published now are shown: a match found before a withdrawal stays recorded but is not revealed.
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation)
            .Where(d => datasetIds.Contains(d.Id) && d.State == DatasetState.Published).ToDictionaryAsync(d => d.Id, cancellationToken);
        return [.. matches.Where(m => datasets.ContainsKey(m.DatasetId)).Select(m =>
        {
            var dataset = datasets[m.DatasetId];
            return new WantedMatchView(m.PostId, posts[m.PostId].Title, dataset.Id, dataset.Title, $"/datasets/{dataset.Organisation.Slug}/{dataset.Slug}",
                dataset.OrganisationId, dataset.Organisation.Name, dataset.Organisation.Slug, m.Score,
                JsonSerializer.Deserialize<MatchEvidence>(m.Evidence, WantedMatcher.Json)!, m.FoundAt);
        })];
    }

    private static bool CanClose(Actor actor, WantedPost post) =>
        post.State == WantedState.Open && actor.IsAuthenticated
        && (post.PostedById == actor.UserId || (post.OrganisationId is { } o && actor.HasRole(o, OrganisationRole.OrganisationAdmin)));

    private static List<string> Clean(IReadOnlyList<string>? values, int maxLength) =>
        [.. (values ?? []).Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Select(v => v.Length > maxLength ? v[..maxLength] : v)
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    private static void Validate(WantedPost post)
    {
        var fields = new Dictionary<string, string[]>();
        void Add(string field, string message) => fields[field] = [.. fields.GetValueOrDefault(field, []), message];
        if (post.Title.Length is < 3 or > 200)
        {
            Add("title", "A title of 3 to 200 characters is required.");
        }
        if (post.Description is { Length: > 4000 })
        {
            Add("description", "A description has at most 4,000 characters.");
        }
        if (post.Keywords.Count > MaxKeywords)
        {
            Add("keywords", $"At most {MaxKeywords} keywords.");
        }
        if (post.Columns.Count > MaxColumns)
        {
            Add("columns", $"At most {MaxColumns} column names.");
        }
        if (post.SampleValues.Count > MaxSampleValues)
        {
            Add("sampleValues", $"At most {MaxSampleValues} sample values.");
        }
        if (post.Keywords.Count + post.Columns.Count + post.SampleValues.Count == 0)
        {
            Add("keywords", "Give keywords, column names or sample values, so the catalogue can be matched.");
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The post is not valid: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
    }
}
