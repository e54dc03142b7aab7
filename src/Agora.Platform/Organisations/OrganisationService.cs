using System.Text.RegularExpressions;
using Agora.Platform.Accounts;
using Agora.Platform.Audit;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Organisations;

/// <summary>Organisations, their members and roles.</summary>
public sealed partial class OrganisationService(AgoraDbContext db, TimeProvider clock, AuditLog audit)
{
    public Task<List<Organisation>> ListAsync(CancellationToken cancellationToken) =>
        db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);

    public Task<Organisation?> FindAsync(string slug, CancellationToken cancellationToken) =>
        db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == slug, cancellationToken);

    /// <summary>Creates an organisation; its creator becomes its first organisation admin.</summary>
    public async Task<Organisation> CreateAsync(Actor actor, string slug, string name, OrganisationKind kind, string? description,
        CancellationToken cancellationToken)
    {
        var userId = actor.RequiredUserId;
        if (!actor.HasScope(TokenScopes.Manage))
        {
            throw new PlatformException(PlatformError.Forbidden, "This token lacks the 'manage' scope.");
        }
        slug = slug.Trim().ToLowerInvariant();
        var fields = new Dictionary<string, string[]>();
        if (!SlugPattern().IsMatch(slug))
        {
            fields["slug"] = ["Use 2 to 64 lower-case letters, digits and hyphens, starting with a letter."];
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            fields["name"] = ["A name of 1 to 200 characters is required."];
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The organisation is not valid.", fields);
        }
        if (await db.Organisations.AnyAsync(o => o.Slug == slug, cancellationToken))
        {
            throw new PlatformException(PlatformError.Conflict, $"The name '{slug}' is taken.");
        }
        var now = clock.GetUtcNow();
        var organisation = new Organisation { Slug = slug, Name = name.Trim(), Kind = kind, Description = description?.Trim(), CreatedAt = now };
        organisation.Members.Add(new Membership { UserId = userId, Role = OrganisationRole.OrganisationAdmin, JoinedAt = now });
        db.Organisations.Add(organisation);
        await audit.AppendAsync(new AuditEvent("organisation.created", userId, organisation.Id, "organisation", organisation.Id.ToString(),
            new Dictionary<string, string?> { ["slug"] = slug, ["kind"] = kind.ToString() }), cancellationToken);
        return organisation;
    }

    public async Task<List<MemberView>> MembersAsync(Actor actor, Guid organisationId, CancellationToken cancellationToken)
    {
        if (!actor.IsMember(organisationId) && !actor.IsOperator)
        {
            throw new PlatformException(PlatformError.Forbidden, "Only members see the member list.");
        }
        return await (from m in db.Memberships.AsNoTracking()
                      join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                      where m.OrganisationId == organisationId
                      orderby u.DisplayName
                      select new MemberView(u.Id, u.DisplayName, u.Email ?? "", m.Role, m.JoinedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>Adds an existing account by e-mail, or changes its role when it is already a member.</summary>
    public async Task SetMemberAsync(Actor actor, Guid organisationId, string email, OrganisationRole role, CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.OrganisationAdmin, TokenScopes.Manage);
        var normalised = email.Trim().ToUpperInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalised, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No account uses that e-mail address; ask the person to sign up first.");
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.OrganisationId == organisationId && m.UserId == user.Id, cancellationToken);
        if (membership is null)
        {
            db.Memberships.Add(new Membership { OrganisationId = organisationId, UserId = user.Id, Role = role, JoinedAt = clock.GetUtcNow() });
        }
        else
        {
            if (membership.Role == OrganisationRole.OrganisationAdmin && role != OrganisationRole.OrganisationAdmin)
            {
                await EnsureAnotherAdminAsync(organisationId, user.Id, cancellationToken);
            }
            membership.Role = role;
        }
        await audit.AppendAsync(new AuditEvent("member.role-set", actor.UserId, organisationId, "account", user.Id,
            new Dictionary<string, string?> { ["role"] = role.ToString() }), cancellationToken);
    }

    public async Task RemoveMemberAsync(Actor actor, Guid organisationId, string userId, CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.OrganisationAdmin, TokenScopes.Manage);
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.OrganisationId == organisationId && m.UserId == userId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "That person is not a member.");
        if (membership.Role == OrganisationRole.OrganisationAdmin)
        {
            await EnsureAnotherAdminAsync(organisationId, userId, cancellationToken);
        }
        db.Memberships.Remove(membership);
        await audit.AppendAsync(new AuditEvent("member.removed", actor.UserId, organisationId, "account", userId), cancellationToken);
    }

    private async Task EnsureAnotherAdminAsync(Guid organisationId, string userId, CancellationToken cancellationToken)
    {
        var others = await db.Memberships.CountAsync(
            m => m.OrganisationId == organisationId && m.UserId != userId && m.Role == OrganisationRole.OrganisationAdmin, cancellationToken);
        if (others == 0)
        {
            throw new PlatformException(PlatformError.Conflict, "An organisation keeps at least one organisation admin.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    internal static partial Regex SlugPattern();
}

public sealed record MemberView(string UserId, string DisplayName, string Email, OrganisationRole Role, DateTimeOffset JoinedAt);
