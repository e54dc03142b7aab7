using Agora.Data.Storage;
using Agora.Platform;
using Agora.Platform.Linkage;
using Agora.Web.Accounts;
using Agora.Web.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Linkage;

/// <summary>Linkage projects: organisations pseudonymise into a shared domain and join their records by pseudonym
/// inside the platform.</summary>
public static class LinkageEndpoints
{
    public static IEndpointRouteBuilder MapLinkageEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/linkage").WithTags("Linkage").RequireAuthorization();
        api.MapGet("/", List);
        api.MapPost("/", Create);
        api.MapGet("/{slug}", Get);
        api.MapPost("/{slug}/invitations", Invite);
        api.MapPost("/{slug}/join", Join);
        api.MapPost("/{slug}/contributions", Contribute);
        api.MapDelete("/{slug}/contributions/{contributionId:guid}", Withdraw);
        api.MapPost("/{slug}/joins", RunJoin);
        api.MapGet("/{slug}/results/{resultId:guid}/download", Download);
        app.MapGet("/linkage/{slug}/results/{resultId:guid}/download", Download).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    public static async Task<Ok<List<ProjectSummary>>> List(HttpContext context, LinkageService linkage)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await linkage.ListAsync(actor, context.RequestAborted)).Select(ProjectSummary.From).ToList());
    }

    public static async Task<Created<ProjectResponse>> Create(HttpContext context, LinkageService linkage, CreateProjectRequest request)
    {
        var actor = await context.GetActorAsync();
        var project = await linkage.CreateAsync(actor, request.OrganisationId, request.Slug, request.Name, request.Purpose, context.RequestAborted);
        return TypedResults.Created($"/api/linkage/{project.Slug}", await ResponseAsync(linkage, actor, project, context.RequestAborted));
    }

    public static async Task<Ok<ProjectResponse>> Get(HttpContext context, LinkageService linkage, string slug)
    {
        var actor = await context.GetActorAsync();
        var project = await linkage.GetAsync(actor, slug, context.RequestAborted);
        return TypedResults.Ok(await ResponseAsync(linkage, actor, project, context.RequestAborted));
    }

    public static async Task<NoContent> Invite(HttpContext context, LinkageService linkage, string slug, InviteRequest request)
    {
        var actor = await context.GetActorAsync();
        await linkage.InviteAsync(actor, await linkage.GetAsync(actor, slug, context.RequestAborted), request.Organisation, context.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> Join(HttpContext context, LinkageService linkage, string slug, JoinRequest request)
    {
        var actor = await context.GetActorAsync();
        await linkage.JoinAsync(actor, await linkage.GetAsync(actor, slug, context.RequestAborted), request.OrganisationId, context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>Contributes a version pseudonymised in the project's domain, naming its pseudonym column.</summary>
    public static async Task<Created<ContributionResponse>> Contribute(HttpContext context, LinkageService linkage, string slug, ContributeRequest request)
    {
        var actor = await context.GetActorAsync();
        var project = await linkage.GetAsync(actor, slug, context.RequestAborted);
        var contribution = await linkage.ContributeAsync(actor, project, request.DatasetId, request.Version, request.Column, context.RequestAborted);
        return TypedResults.Created($"/api/linkage/{slug}/contributions/{contribution.Id}", new ContributionResponse(contribution.Id));
    }

    public static async Task<NoContent> Withdraw(HttpContext context, LinkageService linkage, string slug, Guid contributionId)
    {
        var actor = await context.GetActorAsync();
        await linkage.WithdrawAsync(actor, await linkage.GetAsync(actor, slug, context.RequestAborted), contributionId, context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>Joins two contributions by pseudonym; the job's result names the linkage result and its version.</summary>
    public static async Task<Accepted<PublishingEndpoints.JobResponse>> RunJoin(HttpContext context, LinkageService linkage, string slug, RunJoinRequest request)
    {
        var actor = await context.GetActorAsync();
        var project = await linkage.GetAsync(actor, slug, context.RequestAborted);
        var job = await linkage.RequestJoinAsync(actor, project, request.Left, request.Right, request.OrganisationId, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", PublishingEndpoints.JobResponse.From(job));
    }

    public static async Task Download(HttpContext context, LinkageService linkage, string slug, Guid resultId, string? format)
    {
        var actor = await context.GetActorAsync();
        var project = await linkage.GetAsync(actor, slug, context.RequestAborted);
        var exportFormat = string.Equals(format, "parquet", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Parquet : ExportFormat.Csv;
        var temporary = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(temporary))
            {
                await linkage.DownloadResultAsync(actor, project, resultId, exportFormat, file, context.RequestAborted);
            }
            context.Response.ContentType = exportFormat == ExportFormat.Parquet ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition =
                $"attachment; filename=\"linkage-{project.Slug}.{(exportFormat == ExportFormat.Parquet ? "parquet" : "csv")}\"";
            await context.Response.SendFileAsync(temporary, context.RequestAborted);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<ProjectResponse> ResponseAsync(LinkageService linkage, Platform.Organisations.Actor actor, LinkageProject project,
        CancellationToken cancellationToken) =>
        new(project.Id, project.Slug, project.Name, project.Purpose, project.OwnerOrganisation.Slug, project.CreatedAt,
            [.. project.Members.OrderBy(m => m.InvitedAt).Select(m => new MemberResponse(m.OrganisationId, m.Organisation.Slug, m.Organisation.Name, m.State.ToString(), m.JoinedAt))],
            await linkage.ContributionsAsync(actor, project, cancellationToken), await linkage.ResultsAsync(actor, project, cancellationToken));

    public sealed record CreateProjectRequest(Guid OrganisationId, string Slug, string Name, string? Purpose);

    public sealed record InviteRequest(string Organisation);

    public sealed record JoinRequest(Guid OrganisationId);

    public sealed record ContributeRequest(Guid DatasetId, int Version, string Column);

    public sealed record ContributionResponse(Guid Id);

    public sealed record RunJoinRequest(Guid Left, Guid Right, Guid? OrganisationId);

    public sealed record ProjectSummary(Guid Id, string Slug, string Name, string Owner, int Members)
    {
        public static ProjectSummary From(LinkageProject p) => new(p.Id, p.Slug, p.Name, p.OwnerOrganisation.Slug, p.Members.Count);
    }

    public sealed record MemberResponse(Guid OrganisationId, string Slug, string Name, string State, DateTimeOffset? JoinedAt);

    public sealed record ProjectResponse(Guid Id, string Slug, string Name, string? Purpose, string Owner, DateTimeOffset CreatedAt,
        IReadOnlyList<MemberResponse> Members, IReadOnlyList<ContributionView> Contributions, IReadOnlyList<ResultView> Results);
}
