using Agora.Platform;
using Agora.Platform.Notifications;
using Agora.Platform.Organisations;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Notifications;

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications", Mine).WithTags("Notifications").RequireAuthorization();
        app.MapPost("/api/notifications/{id:guid}/read", MarkRead).WithTags("Notifications").RequireAuthorization();
        app.MapGet("/api/organisations/{slug}/notifications", ForOrganisation).WithTags("Notifications").RequireAuthorization();
        return app;
    }

    /// <summary>The signed-in person's notifications and those of their organisations, newest first.</summary>
    public static async Task<Ok<List<NotificationResponse>>> Mine(HttpContext context, NotificationService notifications)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await notifications.ListForActorAsync(actor, context.RequestAborted)).Select(NotificationResponse.From).ToList());
    }

    public static async Task<NoContent> MarkRead(HttpContext context, NotificationService notifications, Guid id)
    {
        var actor = await context.GetActorAsync();
        await notifications.MarkReadAsync(actor, id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>An organisation's notifications (its members only).</summary>
    public static async Task<Ok<List<NotificationResponse>>> ForOrganisation(HttpContext context, NotificationService notifications,
        OrganisationService organisations, string slug)
    {
        var actor = await context.GetActorAsync();
        var organisation = await organisations.FindAsync(slug, context.RequestAborted)
            ?? throw new PlatformException(PlatformError.NotFound, "No such organisation.");
        return TypedResults.Ok((await notifications.ListForOrganisationAsync(actor, organisation.Id, context.RequestAborted)).Select(NotificationResponse.From).ToList());
    }

    public sealed record NotificationResponse(Guid Id, string Kind, DateTimeOffset CreatedAt, bool Read, Guid? OrganisationId, string? Organisation,
        Guid? PostId, string? PostTitle, Guid? DatasetId, string? DatasetTitle, string? DatasetUrl)
    {
        public static NotificationResponse From(NotificationView n) => new(n.Id, n.Kind, n.CreatedAt, n.Read, n.OrganisationId, n.OrganisationName,
            n.PostId, n.PostTitle, n.DatasetId, n.DatasetTitle?.For("en"), n.DatasetPath);
    }
}
