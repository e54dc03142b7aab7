using System.Globalization;
using Agora.Data.Storage;
using Agora.Platform;
using Agora.Platform.Catalog;
using Agora.Platform.Publishing;
using Agora.Web.Accounts;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Catalog;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Catalogue");
        api.MapGet("/", Search).AllowAnonymous();
        api.MapGet("/{id:guid}", GetDataset).AllowAnonymous();
        api.MapGet("/{id:guid}/history", GetHistory).AllowAnonymous();
        api.MapGet("/{id:guid}/versions/{number:int}/preview", Preview).AllowAnonymous();
        api.MapGet("/{id:guid}/versions/{number:int}/download", Download).AllowAnonymous();
        api.MapPost("/", CreateDataset).RequireAuthorization();
        api.MapPut("/{id:guid}", UpdateDataset).RequireAuthorization();
        api.MapPost("/{id:guid}/submit", Submit).RequireAuthorization();
        api.MapPost("/{id:guid}/approve", Approve).RequireAuthorization();
        api.MapPost("/{id:guid}/reject", Reject).RequireAuthorization();
        api.MapPost("/{id:guid}/withdraw", Withdraw).RequireAuthorization();

        // Browser download links of the dataset page (same rules; a plain link works without JavaScript).
        app.MapGet("/datasets/{id:guid}/versions/{number:int}/download", Download).ExcludeFromDescription();
        return app;
    }

    /// <summary>Full-text search over the published catalogue with facets.</summary>
    public static async Task<Ok<SearchResponse>> Search(CatalogService catalog, Agora.Platform.Value.DemandCounters demand,
        Agora.Platform.Catalog.Harvesting.HarvestService harvests, string? q, string? organisation, string? theme, string? licence,
        string? format, string? access, int? skip, int? take, CancellationToken cancellationToken)
    {
        var page = await catalog.SearchAsync(new SearchQuery
        {
            Text = q, Organisation = organisation, Theme = theme, Licence = licence, Format = format, Access = access,
            Skip = skip ?? 0, Take = take ?? 20,
        }, cancellationToken);
        await demand.RecordSearchHitsAsync(q, page.Datasets.Select(d => d.Id), cancellationToken);
        var language = JsonStringLocalizer.LanguageOf(CultureInfo.CurrentUICulture);
        var origins = await harvests.OriginsAsync([.. page.Datasets.Select(d => d.Id)], cancellationToken);
        return TypedResults.Ok(new SearchResponse(page.Total,
            [.. page.Datasets.Select(d => DatasetSummary.From(d, language) with { HarvestedFrom = origins.GetValueOrDefault(d.Id)?.Source })], page.Facets));
    }

    public static async Task<Ok<DatasetResponse>> GetDataset(HttpContext context, CatalogService catalog, Agora.Platform.Value.DemandCounters demand, Guid id)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        await demand.RecordViewAsync(actor, dataset, context.RequestAborted);
        return TypedResults.Ok(DatasetResponse.From(dataset));
    }

    public static async Task<Ok<List<ChangeResponse>>> GetHistory(HttpContext context, CatalogService catalog, Guid id)
    {
        var actor = await context.GetActorAsync();
        var changes = await catalog.HistoryAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok(changes.Select(c => new ChangeResponse(c.Kind.ToString(), c.UserId, c.At, c.Detail)).ToList());
    }

    public static async Task<Ok<TablePreview>> Preview(HttpContext context, CatalogService catalog, VersionAccess versions, Guid id, int number, int? rows)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        var version = VersionOf(dataset, number);
        return TypedResults.Ok(versions.Preview(actor, dataset, version, rows ?? 20));
    }

    /// <summary>Downloads a version as CSV (default) or Parquet (<c>?format=parquet</c>), decrypted for those allowed.</summary>
    public static async Task Download(HttpContext context, CatalogService catalog, VersionAccess versions, Guid id, int number, string? format)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        var version = VersionOf(dataset, number);
        var exportFormat = string.Equals(format, "parquet", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Parquet : ExportFormat.Csv;
        var extension = exportFormat == ExportFormat.Parquet ? "parquet" : "csv";
        // The file is produced before the response starts, so a refusal is still a clean ProblemDetails.
        var temporary = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(temporary))
            {
                await versions.ExportAsync(actor, dataset, version, exportFormat, file, context.RequestAborted);
            }
            context.Response.ContentType = exportFormat == ExportFormat.Parquet ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{dataset.Slug}-v{version.Number}.{extension}\"";
            await context.Response.SendFileAsync(temporary, context.RequestAborted);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static async Task<Created<DatasetResponse>> CreateDataset(HttpContext context, CatalogService catalog, CreateDatasetRequest request)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.CreateAsync(actor, request.OrganisationId, request.Metadata, context.RequestAborted);
        var created = await catalog.GetAsync(actor, dataset.Id, context.RequestAborted);
        return TypedResults.Created($"/api/datasets/{dataset.Id}", DatasetResponse.From(created));
    }

    public static async Task<Ok<DatasetResponse>> UpdateDataset(HttpContext context, CatalogService catalog, Guid id, DatasetInput metadata)
    {
        var actor = await context.GetActorAsync();
        await catalog.UpdateAsync(actor, id, metadata, context.RequestAborted);
        return TypedResults.Ok(DatasetResponse.From(await catalog.GetAsync(actor, id, context.RequestAborted)));
    }

    public static async Task<Ok<DatasetResponse>> Submit(HttpContext context, CatalogService catalog, Guid id)
    {
        var actor = await context.GetActorAsync();
        await catalog.SubmitAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok(DatasetResponse.From(await catalog.GetAsync(actor, id, context.RequestAborted)));
    }

    public static async Task<Ok<DatasetResponse>> Approve(HttpContext context, CatalogService catalog, Guid id, ReviewRequest? review)
    {
        var actor = await context.GetActorAsync();
        await catalog.ApproveAsync(actor, id, review?.Comment, context.RequestAborted);
        return TypedResults.Ok(DatasetResponse.From(await catalog.GetAsync(actor, id, context.RequestAborted)));
    }

    public static async Task<Ok<DatasetResponse>> Reject(HttpContext context, CatalogService catalog, Guid id, ReviewRequest review)
    {
        var actor = await context.GetActorAsync();
        await catalog.RejectAsync(actor, id, review.Comment, context.RequestAborted);
        return TypedResults.Ok(DatasetResponse.From(await catalog.GetAsync(actor, id, context.RequestAborted)));
    }

    public static async Task<Ok<DatasetResponse>> Withdraw(HttpContext context, CatalogService catalog, Guid id, ReviewRequest? review)
    {
        var actor = await context.GetActorAsync();
        await catalog.WithdrawAsync(actor, id, review?.Comment, context.RequestAborted);
        return TypedResults.Ok(DatasetResponse.From(await catalog.GetAsync(actor, id, context.RequestAborted)));
    }

    private static DatasetVersion VersionOf(Dataset dataset, int number) =>
        dataset.Versions.SingleOrDefault(v => v.Number == number) ?? throw new PlatformException(PlatformError.NotFound, "No such version.");

    public sealed record CreateDatasetRequest(Guid OrganisationId, DatasetInput Metadata);
}
