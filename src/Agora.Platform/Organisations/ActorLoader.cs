using System.Security.Claims;
using Agora.Platform.Accounts;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Organisations;

/// <summary>Builds the <see cref="Actor"/> of a request once (scoped), from the authenticated principal and the store.</summary>
public sealed class ActorLoader(AgoraDbContext db)
{
    /// <summary>Claim that carries a token's scopes; absent for browser sessions.</summary>
    public const string ScopesClaim = "agora:scopes";

    private Actor? _actor;

    /// <summary>The actor of a user outside a request (a job runs with its requester's current roles).</summary>
    public async Task<Actor> ForUserAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new PlatformException(PlatformError.Unauthenticated, "The account no longer exists.");
        var roles = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .ToDictionaryAsync(m => m.OrganisationId, m => m.Role, cancellationToken);
        return new Actor(user.Id, user.DisplayName, user.IsPlatformOperator, roles, TokenScopes.All);
    }

    public async Task<Actor> LoadAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (_actor is not null)
        {
            return _actor;
        }
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || userId is null)
        {
            return _actor = Actor.Anonymous;
        }
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return _actor = Actor.Anonymous;
        }
        var roles = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .ToDictionaryAsync(m => m.OrganisationId, m => m.Role, cancellationToken);
        var scopes = Enum.TryParse<TokenScopes>(principal.FindFirstValue(ScopesClaim), out var parsed) ? parsed : TokenScopes.All;
        return _actor = new Actor(user.Id, string.IsNullOrEmpty(user.DisplayName) ? user.Email : user.DisplayName, user.IsPlatformOperator, roles, scopes);
    }
}
