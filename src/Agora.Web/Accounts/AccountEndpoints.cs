using Agora.Platform;
using Agora.Platform.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signout", SignOut).ExcludeFromDescription();

        var api = app.MapGroup("/api").WithTags("Accounts").RequireAuthorization();
        api.MapGet("/me", GetMe);
        api.MapGet("/tokens", ListTokens);
        api.MapPost("/tokens", CreateToken);
        api.MapDelete("/tokens/{id:guid}", RevokeToken);
        return app;
    }

    /// <summary>Signs the browser session out (a form post with an anti-forgery token). The handler binds no form, so
    /// ASP.NET Core would not check the token by itself: without this check any site could sign a visitor out.</summary>
    public static async Task<Results<RedirectHttpResult, BadRequest<ProblemDetails>>> SignOut(HttpContext context, IAntiforgery antiforgery,
        SignInManager<AgoraUser> signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest(new ProblemDetails { Title = "The sign-out form is missing its anti-forgery token.", Status = 400 });
        }
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/");
    }

    public static async Task<Ok<MeResponse>> GetMe(HttpContext context, CancellationToken cancellationToken)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(new MeResponse(actor.RequiredUserId, actor.DisplayName, actor.IsOperator, actor.Scopes.ToString(),
            actor.Roles.Select(r => new MembershipResponse(r.Key, r.Value.ToString())).ToList()));
    }

    public static async Task<Ok<List<TokenResponse>>> ListTokens(HttpContext context, AccessTokenService tokens)
    {
        var actor = await context.GetActorAsync();
        var list = await tokens.ListAsync(actor.RequiredUserId, context.RequestAborted);
        return TypedResults.Ok(list.Select(TokenResponse.From).ToList());
    }

    /// <summary>Creates a token for the caller. The secret is in this response only.</summary>
    public static async Task<Created<CreatedTokenResponse>> CreateToken(HttpContext context, AccessTokenService tokens, CreateTokenRequest request)
    {
        var actor = await context.GetActorAsync();
        // A token cannot mint a token with more power than itself.
        var scopes = ParseScopes(request.Scopes) & actor.Scopes;
        var (token, secret) = await tokens.CreateAsync(actor.RequiredUserId, request.Name, scopes, TimeSpan.FromDays(request.Days), context.RequestAborted);
        return TypedResults.Created($"/api/tokens/{token.Id}", new CreatedTokenResponse(TokenResponse.From(token), secret));
    }

    public static async Task<NoContent> RevokeToken(HttpContext context, AccessTokenService tokens, Guid id)
    {
        var actor = await context.GetActorAsync();
        await tokens.RevokeAsync(actor.RequiredUserId, id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static TokenScopes ParseScopes(IEnumerable<string>? names)
    {
        var scopes = TokenScopes.None;
        foreach (var name in names ?? [])
        {
            if (!Enum.TryParse<TokenScopes>(name, ignoreCase: true, out var scope) || scope == TokenScopes.None)
            {
                throw new PlatformException(PlatformError.Validation, $"'{name}' is not a scope (read, publish, query, manage).");
            }
            scopes |= scope;
        }
        return scopes;
    }

    public sealed record MeResponse(string Id, string? DisplayName, bool IsOperator, string Scopes, List<MembershipResponse> Memberships);

    public sealed record MembershipResponse(Guid OrganisationId, string Role);

    public sealed record CreateTokenRequest(string Name, List<string>? Scopes, int Days = 90);

    public sealed record TokenResponse(Guid Id, string Name, string Prefix, string Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
        DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
    {
        public static TokenResponse From(PersonalAccessToken token) =>
            new(token.Id, token.Name, token.Prefix, token.Scopes.ToString(), token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt);
    }

    public sealed record CreatedTokenResponse(TokenResponse Token, string Secret);
}
