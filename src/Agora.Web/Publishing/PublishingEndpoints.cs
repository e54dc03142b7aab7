using System.Text.Json;
using Agora.Platform;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Publishing;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Publishing;

public static class PublishingEndpoints
{
    public static IEndpointRouteBuilder MapPublishingEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Publishing").RequireAuthorization();
        // Uploads are authenticated API calls (cookie or token), not HTML forms: no anti-forgery token.
        api.MapPost("/uploads", Upload).DisableAntiforgery();
        api.MapGet("/uploads/{id:guid}", GetUpload);
        api.MapPost("/uploads/{id:guid}/confirm", Confirm);
        api.MapPost("/datasets/{id:guid}/versions", UploadVersion).DisableAntiforgery();
        api.MapGet("/jobs/{id:guid}", GetJob);
        return app;
    }

    /// <summary>Uploads and inspects a file (multipart field <c>file</c>). Answers the detected plan and sample rows,
    /// or a ProblemDetails naming the rule, row and column that make the file unusable.</summary>
    public static async Task<Created<UploadResponse>> Upload(HttpContext context, PublishingService publishing,
        [FromForm] Guid organisationId, [FromForm] Guid? datasetId, IFormFile file)
    {
        var actor = await context.GetActorAsync();
        await using var stream = file.OpenReadStream();
        var upload = await publishing.StageAsync(actor, organisationId, datasetId, file.FileName, stream, context.RequestAborted);
        var (_, inspection) = await publishing.GetStagedAsync(actor, upload.Id, context.RequestAborted);
        return TypedResults.Created($"/api/uploads/{upload.Id}", new UploadResponse(upload.Id, upload.FileName, upload.DatasetId, inspection));
    }

    public static async Task<Ok<UploadResponse>> GetUpload(HttpContext context, PublishingService publishing, Guid id)
    {
        var actor = await context.GetActorAsync();
        var (upload, inspection) = await publishing.GetStagedAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok(new UploadResponse(upload.Id, upload.FileName, upload.DatasetId, inspection));
    }

    /// <summary>Confirms an upload with column corrections; creates the dataset (for a new one) and starts ingestion.</summary>
    public static async Task<Accepted<JobResponse>> Confirm(HttpContext context, PublishingService publishing, Guid id, ConfirmRequest request)
    {
        var actor = await context.GetActorAsync();
        var job = await publishing.ConfirmAsync(actor, id, request.Columns ?? [], request.Dataset, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobResponse.From(job));
    }

    /// <summary>Uploads a new version of an existing dataset with the detected schema (what <c>agora publish</c> uses).</summary>
    public static async Task<Accepted<JobResponse>> UploadVersion(HttpContext context, PublishingService publishing, CatalogService catalog,
        Guid id, IFormFile file)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        await using var stream = file.OpenReadStream();
        var upload = await publishing.StageAsync(actor, dataset.OrganisationId, dataset.Id, file.FileName, stream, context.RequestAborted);
        var job = await publishing.ConfirmAsync(actor, upload.Id, [], null, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobResponse.From(job));
    }

    public static async Task<Ok<JobResponse>> GetJob(HttpContext context, PublishingService publishing, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(JobResponse.From(await publishing.GetJobAsync(actor, id, context.RequestAborted)));
    }

    public sealed record UploadResponse(Guid Id, string FileName, Guid? DatasetId, StagedInspection Inspection);

    public sealed record ConfirmRequest(List<ColumnCorrection>? Columns, DatasetInput? Dataset);

    /// <summary>A job; <c>result</c> is the handler's JSON result (for ingestion: datasetId, versionId, version, rows, contentHash).</summary>
    public sealed record JobResponse(Guid Id, string Kind, string State, double Progress, string? Message, JsonElement? Result,
        DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
    {
        public static JobResponse From(Job job) => new(job.Id, job.Kind, job.State.ToString(), job.Progress, job.Message,
            job.Result is null ? null : JsonDocument.Parse(job.Result).RootElement.Clone(), job.CreatedAt, job.FinishedAt);
    }
}
