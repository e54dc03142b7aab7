using Agora.Platform.Wanted;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Wanted;

public static class WantedEndpoints
{
    public static IEndpointRouteBuilder MapWantedEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wanted").WithTags("Data wanted");
        api.MapGet("/", List).AllowAnonymous();
        api.MapGet("/{id:guid}", Get).AllowAnonymous();
        api.MapPost("/", Post).RequireAuthorization();
        api.MapPost("/{id:guid}/close", Close).RequireAuthorization();
        return app;
    }

    /// <summary>The open posts of the public board, newest first, with the published datasets that match each.</summary>
    public static async Task<Ok<List<WantedPostResponse>>> List(HttpContext context, WantedBoard board)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await board.ListOpenAsync(actor, context.RequestAborted)).Select(WantedPostResponse.From).ToList());
    }

    public static async Task<Ok<WantedPostResponse>> Get(HttpContext context, WantedBoard board, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(WantedPostResponse.From(await board.GetAsync(actor, id, context.RequestAborted)));
    }

    /// <summary>Posts a need (signed in); the catalogue is matched at once and the providers of matching datasets are told.</summary>
    public static async Task<Created<WantedPostResponse>> Post(HttpContext context, WantedBoard board, WantedInput input)
    {
        var actor = await context.GetActorAsync();
        var post = await board.PostAsync(actor, input, context.RequestAborted);
        return TypedResults.Created($"/api/wanted/{post.Id}", WantedPostResponse.From(await board.GetAsync(actor, post.Id, context.RequestAborted)));
    }

    public static async Task<Ok<WantedPostResponse>> Close(HttpContext context, WantedBoard board, Guid id)
    {
        var actor = await context.GetActorAsync();
        await board.CloseAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok(WantedPostResponse.From(await board.GetAsync(actor, id, context.RequestAborted)));
    }

    public sealed record MatchResponse(Guid DatasetId, string DatasetTitle, string DatasetUrl, Guid OrganisationId, string Organisation, double Score,
        MatchEvidence Evidence, DateTimeOffset FoundAt);

    public sealed record WantedPostResponse(Guid Id, string Title, string? Description, IReadOnlyList<string> Keywords, IReadOnlyList<string> Columns,
        IReadOnlyList<string> SampleValues, string PostedBy, Guid? OrganisationId, string State, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt,
        IReadOnlyList<MatchResponse> Matches)
    {
        public static WantedPostResponse From(WantedPostView view)
        {
            var p = view.Post;
            return new(p.Id, p.Title, p.Description, p.Keywords, p.Columns, p.SampleValues, view.PostedBy, p.OrganisationId, p.State.ToString(), p.CreatedAt,
                p.ClosedAt, [.. view.Matches.Select(m => new MatchResponse(m.DatasetId, m.DatasetTitle.For("en") ?? "", m.DatasetPath, m.OrganisationId,
                    m.OrganisationName, m.Score, m.Evidence, m.FoundAt))]);
        }
    }
}
