using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Wanted;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Notifications;

/// <summary>A notification with what it is about, ready to show.</summary>
public sealed record NotificationView(Guid Id, string Kind, DateTimeOffset CreatedAt, bool Read, Guid? OrganisationId, string? OrganisationName,
    Guid? PostId, string? PostTitle, Guid? DatasetId, TextByLanguage? DatasetTitle, string? DatasetPath);

/// <summary>Notifications to organisations (seen by their members) and to people (seen by themselves).</summary>
public sealed class NotificationService(AgoraDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>The newest notifications of the actor and of their organisations.</summary>
    public async Task<List<NotificationView>> ListForActorAsync(Actor actor, CancellationToken cancellationToken)
    {
        var userId = actor.RequiredUserId;
        var organisations = actor.Roles.Keys.ToList();
        var list = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.UserId == userId || (n.OrganisationId != null && organisations.Contains(n.OrganisationId.Value)))
            .ToListAsync(cancellationToken);
        return await ViewsAsync([.. list.OrderByDescending(n => n.CreatedAt).Take(PageSize)], actor, cancellationToken);
    }

    /// <summary>An organisation's notifications, for its members.</summary>
    public async Task<List<NotificationView>> ListForOrganisationAsync(Actor actor, Guid organisationId, CancellationToken cancellationToken)
    {
        if (!actor.IsMember(organisationId))
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                "An organisation's notifications are for its members.");
        }
        var list = await db.Set<Notification>().AsNoTracking().Where(n => n.OrganisationId == organisationId).ToListAsync(cancellationToken);
        return await ViewsAsync([.. list.OrderByDescending(n => n.CreatedAt).Take(PageSize)], actor, cancellationToken);
    }

    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsAuthenticated)
        {
            return 0;
        }
        var userId = actor.UserId;
        var organisations = actor.Roles.Keys.ToList();
        return await db.Set<Notification>()
            .CountAsync(n => n.ReadAt == null && (n.UserId == userId || (n.OrganisationId != null && organisations.Contains(n.OrganisationId.Value))), cancellationToken);
    }

    /// <summary>Marks a notification read (its recipient, or a member of the organisation told).</summary>
    public async Task MarkReadAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var notification = await db.Set<Notification>().SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notification is null || !(notification.UserId == actor.RequiredUserId || (notification.OrganisationId is { } o && actor.IsMember(o))))
        {
            throw new PlatformException(PlatformError.NotFound, "No such notification.");
        }
        notification.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public void Add(Notification notification)
    {
        notification.CreatedAt = clock.GetUtcNow();
        db.Set<Notification>().Add(notification);
    }

    private async Task<List<NotificationView>> ViewsAsync(List<Notification> list, Actor actor, CancellationToken cancellationToken)
    {
        var postIds = list.Where(n => n.PostId is not null).Select(n => n.PostId!.Value).Distinct().ToList();
        var datasetIds = list.Where(n => n.DatasetId is not null).Select(n => n.DatasetId!.Value).Distinct().ToList();
        var organisationIds = list.Where(n => n.OrganisationId is not null).Select(n => n.OrganisationId!.Value).Distinct().ToList();
        var posts = await db.Set<WantedPost>().AsNoTracking().Where(p => postIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, cancellationToken);
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation).Where(d => datasetIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return [.. list.Select(n =>
        {
            // A dataset that has since become invisible to the reader (withdrawn and not theirs) is not named.
            var dataset = n.DatasetId is { } d && datasets.TryGetValue(d, out var found) && CatalogService.CanSee(actor, found) ? found : null;
            return new NotificationView(n.Id, n.Kind, n.CreatedAt, n.ReadAt is not null, n.OrganisationId,
                n.OrganisationId is { } o ? organisations.GetValueOrDefault(o) : null,
                n.PostId, n.PostId is { } p ? posts.GetValueOrDefault(p) : null,
                dataset?.Id, dataset?.Title, dataset is null ? null : $"/datasets/{dataset.Organisation.Slug}/{dataset.Slug}");
        })];
    }
}
