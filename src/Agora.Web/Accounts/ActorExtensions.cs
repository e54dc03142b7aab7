using Agora.Platform.Organisations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Accounts;

public static class ActorExtensions
{
    /// <summary>The request's <see cref="Actor"/>, loaded once per request.</summary>
    public static Task<Actor> GetActorAsync(this HttpContext context) =>
        context.RequestServices.GetRequiredService<ActorLoader>().LoadAsync(context.User, context.RequestAborted);
}
