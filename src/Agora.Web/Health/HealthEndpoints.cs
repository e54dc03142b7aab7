using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealth).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static Ok<HealthResponse> GetHealth() => TypedResults.Ok(new HealthResponse("ok"));

    public sealed record HealthResponse(string Status);
}
