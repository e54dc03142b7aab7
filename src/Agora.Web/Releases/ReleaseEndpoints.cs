using Agora.Platform.Releases;
using Agora.Platform.Querying;
using Agora.Web.Accounts;
using Agora.Web.Querying;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Releases;

public static class ReleaseEndpoints
{
    public static IEndpointRouteBuilder MapReleaseEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Release queue").RequireAuthorization();
        api.MapGet("/releases", Queue);
        api.MapGet("/releases/{id:guid}", Get);
        api.MapPost("/releases/{id:guid}/review", Review);
        api.MapGet("/agreements/{id:guid}/releases", ForAgreement);
        return app;
    }

    /// <summary>Outputs waiting for the caller's review (provider stewards).</summary>
    public static async Task<Ok<List<HeldOutputResponse>>> Queue(HttpContext context, ReleaseService releases)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await releases.QueueAsync(actor, context.RequestAborted)).Select(HeldOutputResponse.From).ToList());
    }

    /// <summary>One held output: rows for the provider's stewards, and for the consumer once released.</summary>
    public static async Task<Ok<HeldOutputResponse>> Get(HttpContext context, ReleaseService releases, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(HeldOutputResponse.From(await releases.GetAsync(actor, id, context.RequestAborted)));
    }

    public static async Task<Ok<HeldOutputResponse>> Review(HttpContext context, ReleaseService releases, Guid id, ReviewInput input)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(HeldOutputResponse.From(await releases.ReviewAsync(actor, id, input.Release, input.Comment, context.RequestAborted)));
    }

    public static async Task<Ok<List<HeldOutputResponse>>> ForAgreement(HttpContext context, ReleaseService releases, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await releases.ForAgreementAsync(actor, id, context.RequestAborted)).Select(HeldOutputResponse.From).ToList());
    }
}

public sealed record ReviewInput(bool Release, string? Comment);

public sealed record ReviewResponse(string Reviewer, bool Release, string? Comment, DateTimeOffset At);

public sealed record HeldOutputResponse(Guid Id, Guid AgreementId, Guid QueryRunId, string State, string Sql, int ReviewsRequired,
    IReadOnlyList<ColumnResponse> Columns, IReadOnlyList<IReadOnlyList<CellResponse>>? Rows, IReadOnlyList<HeldFinding> Findings,
    IReadOnlyList<ReviewResponse> Reviews, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt)
{
    public static HeldOutputResponse From(HeldOutputView view)
    {
        var o = view.Output;
        return new HeldOutputResponse(o.Id, o.AgreementId, o.QueryRunId, o.State.ToString(), o.Sql, o.ReviewsRequired,
            [.. view.Columns.Select(c => new ColumnResponse(c.Name, c.IsKey))],
            view.Rows is null ? null : [.. view.Rows.Select(r => (IReadOnlyList<CellResponse>)[.. r.Select(c => new CellResponse(ResultTable.PlainValue(c.Value), null))])],
            view.Findings, [.. o.Reviews.Select(r => new ReviewResponse(view.PeopleNames.GetValueOrDefault(r.ReviewerId, r.ReviewerId), r.Release, r.Comment, r.At))],
            o.CreatedAt, o.DecidedAt);
    }
}
