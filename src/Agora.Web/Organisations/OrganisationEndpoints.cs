using Agora.Platform;
using Agora.Platform.Organisations;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Organisations;

public static class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisations").WithTags("Organisations");
        api.MapGet("/", List).AllowAnonymous();
        api.MapGet("/{slug}", Get).AllowAnonymous();
        api.MapPost("/", Create).RequireAuthorization();
        api.MapGet("/{slug}/members", Members).RequireAuthorization();
        api.MapPut("/{slug}/members", SetMember).RequireAuthorization();
        api.MapDelete("/{slug}/members/{userId}", RemoveMember).RequireAuthorization();
        return app;
    }

    public static async Task<Ok<List<OrganisationResponse>>> List(OrganisationService organisations, CancellationToken cancellationToken) =>
        TypedResults.Ok((await organisations.ListAsync(cancellationToken)).Select(OrganisationResponse.From).ToList());

    public static async Task<Ok<OrganisationResponse>> Get(OrganisationService organisations, string slug, CancellationToken cancellationToken) =>
        TypedResults.Ok(OrganisationResponse.From(await FindAsync(organisations, slug, cancellationToken)));

    public static async Task<Created<OrganisationResponse>> Create(HttpContext context, OrganisationService organisations, CreateOrganisationRequest request)
    {
        var actor = await context.GetActorAsync();
        var organisation = await organisations.CreateAsync(actor, request.Slug, request.Name, request.Kind, request.Description, context.RequestAborted);
        return TypedResults.Created($"/api/organisations/{organisation.Slug}", OrganisationResponse.From(organisation));
    }

    public static async Task<Ok<List<MemberView>>> Members(HttpContext context, OrganisationService organisations, string slug)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindAsync(organisations, slug, context.RequestAborted);
        return TypedResults.Ok(await organisations.MembersAsync(actor, organisation.Id, context.RequestAborted));
    }

    public static async Task<NoContent> SetMember(HttpContext context, OrganisationService organisations, string slug, SetMemberRequest request)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindAsync(organisations, slug, context.RequestAborted);
        await organisations.SetMemberAsync(actor, organisation.Id, request.Email, request.Role, context.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> RemoveMember(HttpContext context, OrganisationService organisations, string slug, string userId)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindAsync(organisations, slug, context.RequestAborted);
        await organisations.RemoveMemberAsync(actor, organisation.Id, userId, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Organisation> FindAsync(OrganisationService organisations, string slug, CancellationToken cancellationToken) =>
        await organisations.FindAsync(slug, cancellationToken) ?? throw new PlatformException(PlatformError.NotFound, "No such organisation.");

    public sealed record OrganisationResponse(Guid Id, string Slug, string Name, string Kind, string? Description)
    {
        public static OrganisationResponse From(Organisation o) => new(o.Id, o.Slug, o.Name, o.Kind.ToString(), o.Description);
    }

    public sealed record CreateOrganisationRequest(string Slug, string Name, OrganisationKind Kind, string? Description);

    public sealed record SetMemberRequest(string Email, OrganisationRole Role);
}
