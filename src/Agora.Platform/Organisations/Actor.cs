using Agora.Platform.Accounts;

namespace Agora.Platform.Organisations;

/// <summary>Who is acting in a request: a signed-in person or a token, with their organisation roles loaded once.
/// Every rule of the platform asks the actor, never the raw claims.</summary>
public sealed class Actor
{
    public static readonly Actor Anonymous = new(null, null, false, new Dictionary<Guid, OrganisationRole>(), TokenScopes.Read);

    public Actor(string? userId, string? displayName, bool isOperator, IReadOnlyDictionary<Guid, OrganisationRole> roles, TokenScopes scopes)
    {
        UserId = userId;
        DisplayName = displayName;
        IsOperator = isOperator;
        Roles = roles;
        Scopes = scopes;
    }

    public string? UserId { get; }

    public string? DisplayName { get; }

    public bool IsAuthenticated => UserId is not null;

    /// <summary>A platform operator (DPO, auditor): reads everything, publishes nothing.</summary>
    public bool IsOperator { get; }

    public IReadOnlyDictionary<Guid, OrganisationRole> Roles { get; }

    /// <summary>What the credential allows: all scopes for a browser session, the token's scopes for a token.</summary>
    public TokenScopes Scopes { get; }

    public string RequiredUserId => UserId ?? throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");

    public bool IsMember(Guid organisationId) => Roles.ContainsKey(organisationId);

    public bool HasRole(Guid organisationId, OrganisationRole atLeast) =>
        Roles.TryGetValue(organisationId, out var role) && role >= atLeast;

    public bool HasScope(TokenScopes scope) => (Scopes & scope) == scope;

    /// <summary>Throws 401/403 unless the actor holds the role (or a higher one) in the organisation and the scope.</summary>
    public void Demand(Guid organisationId, OrganisationRole atLeast, TokenScopes scope)
    {
        if (!IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        if (!HasScope(scope))
        {
            throw new PlatformException(PlatformError.Forbidden, $"This token lacks the '{scope.ToString().ToLowerInvariant()}' scope.");
        }
        if (!HasRole(organisationId, atLeast))
        {
            throw new PlatformException(PlatformError.Forbidden, $"This needs the {RoleName(atLeast)} role in the organisation.");
        }
    }

    public static string RoleName(OrganisationRole role) => role switch
    {
        OrganisationRole.OrganisationAdmin => "organisation admin",
        OrganisationRole.DataSteward => "data steward",
        _ => "analyst",
    };
}
