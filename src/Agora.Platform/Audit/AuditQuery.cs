using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Audit;

/// <summary>What auditors may read of the log: platform operators everything, organisation admins their organisation's
/// entries.</summary>
public sealed class AuditQuery(AgoraDbContext db)
{
    public static bool CanAudit(Actor actor) =>
        actor.IsOperator || actor.Roles.Values.Any(r => r == OrganisationRole.OrganisationAdmin);

    public async Task<AuditPage> SearchAsync(Actor actor, AuditFilter filter, CancellationToken cancellationToken)
    {
        if (!actor.IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        if (!CanAudit(actor))
        {
            throw new PlatformException(PlatformError.Forbidden, "The audit log is for platform operators and organisation admins.");
        }
        var query = db.AuditEntries.AsNoTracking();
        if (!actor.IsOperator)
        {
            var mine = actor.Roles.Where(r => r.Value == OrganisationRole.OrganisationAdmin).Select(r => (Guid?)r.Key).ToList();
            query = query.Where(e => mine.Contains(e.OrganisationId));
        }
        if (filter.Organisation is { } organisation)
        {
            query = query.Where(e => e.OrganisationId == organisation);
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(e => e.Action.StartsWith(action));
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            query = query.Where(e => e.ActorId == filter.Actor);
        }
        if (!string.IsNullOrWhiteSpace(filter.Subject))
        {
            query = query.Where(e => e.SubjectId == filter.Subject);
        }
        if (filter.From is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            query = query.Where(e => e.At >= fromUtc);
        }
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.Sequence).Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 500))
            .ToListAsync(cancellationToken);
        var actorIds = entries.Select(e => e.ActorId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new AuditPage(total, entries, names);
    }
}

public sealed record AuditFilter
{
    public string? Action { get; init; }

    public string? Actor { get; init; }

    public Guid? Organisation { get; init; }

    public string? Subject { get; init; }

    public DateTimeOffset? From { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 50;
}

public sealed record AuditPage(int Total, IReadOnlyList<AuditEntry> Entries, IReadOnlyDictionary<string, string> ActorNames);
