using Agora.Platform.HumanCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.HumanCheck;

public static class HumanCheckEndpoints
{
    public static IEndpointRouteBuilder MapHumanCheckEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/human-check/challenge", GetChallenge).AllowAnonymous().WithTags("Human check").WithMetadata(new ProtectedFormAttribute());
        return app;
    }

    /// <summary>A new ALTCHA v2 challenge (PBKDF2/SHA-256) for one form action, e.g. <c>?action=signup</c>. Harder when
    /// the caller's network or the action is busy. Not cached, no cookie.</summary>
    public static ContentHttpResult GetChallenge(HttpContext context, HumanCheckService checks, string? action)
    {
        var challenge = checks.Issue(action ?? "", NetworkPrefix.Of(context.Connection.RemoteIpAddress));
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(challenge.ToJson(), "application/json");
    }
}
