using Agora.Data.Storage;
using Agora.Platform;
using Agora.Platform.Catalog;
using Agora.Platform.Organisations;
using Agora.Platform.Protection;
using Agora.Web.Accounts;
using Agora.Web.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Agora.Web.Localization;

namespace Agora.Web.Protection;

/// <summary>The protect step over HTTP: personal-data detection, re-identification risk, protection jobs that make derived
/// versions, saved hierarchies, the dataset's pseudonymisation key, re-identifier grants and re-identification.</summary>
public static class ProtectionEndpoints
{
    public static IEndpointRouteBuilder MapProtectionEndpoints(this IEndpointRouteBuilder app)
    {
        var version = app.MapGroup("/api/datasets/{id:guid}/versions/{number:int}").WithTags("Protection").RequireAuthorization();
        version.MapGet("/detection", GetDetection);
        version.MapPost("/detection", Detect);
        version.MapGet("/risk", GetRisk);
        version.MapPost("/risk", AnalyseRisk);
        version.MapGet("/risk.svg", RiskChart);
        version.MapPost("/protect", Protect);
        version.MapGet("/derivation", Derivation);
        version.MapPost("/reidentify", Reidentify);

        var dataset = app.MapGroup("/api/datasets/{id:guid}").WithTags("Protection").RequireAuthorization();
        dataset.MapGet("/hierarchies", Hierarchies);
        dataset.MapPut("/hierarchies/{attribute}", SaveBuilder);
        dataset.MapPost("/hierarchies/{attribute}/file", UploadHierarchy).DisableAntiforgery();
        dataset.MapDelete("/hierarchies/{attribute}", DeleteHierarchy);
        dataset.MapGet("/pseudonymisation-key", Domain);
        dataset.MapPost("/pseudonymisation-key/rotate", Rotate);

        app.MapPost("/api/pseudonymisation-keys/rewrap", Rewrap).WithTags("Protection").RequireAuthorization();

        var grants = app.MapGroup("/api/organisations/{slug}/reidentifiers").WithTags("Protection").RequireAuthorization();
        grants.MapGet("/", Grants);
        grants.MapPost("/", Grant);
        grants.MapDelete("/{grantId:guid}", Revoke);

        // The re-identification form of the page: a plain form post (anti-forgery checked) answered with the file.
        app.MapPost("/datasets/{id:guid}/versions/{number:int}/reidentify", ReidentifyForm).ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<DetectionResponse>, NotFound<ProblemDetails>>> GetDetection(HttpContext context, ProtectionService protection, Guid id, int number)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        var detection = await protection.DetectionAsync(actor, dataset, version, context.RequestAborted);
        return detection is null
            ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found.", Detail = "The version has not been scanned yet; the detection job may still be running." })
            : TypedResults.Ok(DetectionResponse.From(detection, version));
    }

    /// <summary>Scans a version for personal data again: <c>?sampleRows=N</c> (default 10,000; 0 reads every row).</summary>
    public static async Task<Accepted<PublishingEndpoints.JobResponse>> Detect(HttpContext context, ProtectionService protection, Guid id, int number, int? sampleRows)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        var job = await protection.RequestDetectionAsync(actor, dataset, version, sampleRows, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", PublishingEndpoints.JobResponse.From(job));
    }

    public static async Task<Results<Ok<RiskResponse>, NotFound<ProblemDetails>>> GetRisk(HttpContext context, ProtectionService protection, Guid id, int number)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        var risk = await protection.RiskAsync(actor, dataset, version, context.RequestAborted);
        return risk is null
            ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found.", Detail = "No risk analysis of this version yet." })
            : TypedResults.Ok(RiskResponse.From(risk, dataset, version));
    }

    public static async Task<Accepted<PublishingEndpoints.JobResponse>> AnalyseRisk(HttpContext context, ProtectionService protection, Guid id, int number,
        RiskRequest request)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        var job = await protection.RequestRiskAsync(actor, dataset, version, request.QuasiIdentifiers ?? [], request.PopulationSize, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", PublishingEndpoints.JobResponse.From(job));
    }

    /// <summary>The latest risk analysis as a server-drawn SVG bar chart of the prosecutor-risk distribution.</summary>
    public static async Task<IResult> RiskChart(HttpContext context, ProtectionService protection, IStringLocalizer<Strings> text, Guid id, int number)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        var risk = await protection.RiskAsync(actor, dataset, version, context.RequestAborted)
            ?? throw new PlatformException(PlatformError.NotFound, "No risk analysis of this version yet.");
        var svg = RiskChartSvg.Render(risk.Report, text["Records by re-identification risk"], text["Share of records"], text["{0}: {1}"], "risk");
        return TypedResults.Text(svg, "image/svg+xml; charset=utf-8");
    }

    /// <summary>Makes a protected derived version (pseudonymised and/or anonymised) of a version; answers the job.</summary>
    public static async Task<Accepted<PublishingEndpoints.JobResponse>> Protect(HttpContext context, ProtectionService protection, Guid id, int number,
        ProtectionRequest request)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        var job = await protection.RequestProtectionAsync(actor, dataset, version, request, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", PublishingEndpoints.JobResponse.From(job));
    }

    /// <summary>How a derived version was made (method and parameters, anonymisation report, risk before and after).</summary>
    public static async Task<IResult> Derivation(HttpContext context, ProtectionService protection, Guid id, int number)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        ProtectionService.DemandMember(actor, dataset);
        if (version.Derivation is null)
        {
            throw new PlatformException(PlatformError.NotFound, "This version was uploaded, not derived.");
        }
        return Results.Text(version.Derivation, "application/json; charset=utf-8");
    }

    /// <summary>Reverses pseudonyms (holders of the re-identifier grant only; audited). Body: columns, optional pseudonyms to
    /// reverse (<c>values</c>) and the column they are in (<c>matchColumn</c>); <c>?format=parquet</c> for Parquet.</summary>
    public static async Task Reidentify(HttpContext context, ProtectionService protection, ReidentificationService reidentification, Guid id, int number,
        ReidentifyRequest request, string? format)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        await SendReidentifiedAsync(context, reidentification, actor, dataset, version, request, format);
    }

    public static async Task ReidentifyForm(HttpContext context, ProtectionService protection, ReidentificationService reidentification, Guid id, int number,
        [FromForm] string? values, [FromForm] string? matchColumn, [FromForm] string? format)
    {
        var actor = await context.GetActorAsync();
        var (dataset, version) = await protection.VersionAsync(actor, id, number, context.RequestAborted);
        var form = context.Request.Form;
        var request = new ReidentifyRequest([.. form["column"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!)],
            [.. (values ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            string.IsNullOrWhiteSpace(matchColumn) ? null : matchColumn);
        await SendReidentifiedAsync(context, reidentification, actor, dataset, version, request, format);
    }

    private static async Task SendReidentifiedAsync(HttpContext context, ReidentificationService reidentification, Actor actor, Dataset dataset,
        DatasetVersion version, ReidentifyRequest request, string? format)
    {
        var exportFormat = string.Equals(format, "parquet", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Parquet : ExportFormat.Csv;
        // Produced before the response starts, so a refusal is still a clean ProblemDetails; the temporary file is removed at once.
        var temporary = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(temporary))
            {
                await reidentification.ReidentifyAsync(actor, dataset, version, request, exportFormat, file, context.RequestAborted);
            }
            context.Response.ContentType = exportFormat == ExportFormat.Parquet ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition =
                $"attachment; filename=\"{dataset.Slug}-v{version.Number}-reidentified.{(exportFormat == ExportFormat.Parquet ? "parquet" : "csv")}\"";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.SendFileAsync(temporary, context.RequestAborted);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static async Task<Ok<List<HierarchyResponse>>> Hierarchies(HttpContext context, CatalogService catalog, ProtectionService protection, Guid id)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok((await protection.HierarchiesAsync(actor, dataset, context.RequestAborted)).Select(HierarchyResponse.From).ToList());
    }

    /// <summary>Saves a builder (<c>interval:5,10,20</c>, <c>date:month,year</c>, <c>mask:1</c>, <c>group:2,4</c>, <c>suppress</c>) for an attribute.</summary>
    public static async Task<Ok<HierarchyResponse>> SaveBuilder(HttpContext context, CatalogService catalog, ProtectionService protection, Guid id, string attribute,
        BuilderRequest request)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok(HierarchyResponse.From(await protection.SaveHierarchyAsync(actor, dataset, attribute, request.Builder, null, context.RequestAborted)));
    }

    /// <summary>Uploads a hierarchy in ARX's CSV format (multipart field <c>file</c>): <c>;</c>-separated, column 0 the value.</summary>
    public static async Task<Ok<HierarchyResponse>> UploadHierarchy(HttpContext context, CatalogService catalog, ProtectionService protection, Guid id,
        string attribute, IFormFile file)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        var csv = await ReadHierarchyAsync(file, context.RequestAborted);
        return TypedResults.Ok(HierarchyResponse.From(await protection.SaveHierarchyAsync(actor, dataset, attribute, null, csv, context.RequestAborted)));
    }

    public static async Task<string> ReadHierarchyAsync(IFormFile file, CancellationToken cancellationToken)
    {
        if (file.Length > HierarchyLibrary.MaxUploadBytes)
        {
            throw new PlatformException(PlatformError.TooLarge, "A hierarchy file is at most 8 MiB.");
        }
        using var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public static async Task<NoContent> DeleteHierarchy(HttpContext context, CatalogService catalog, ProtectionService protection, Guid id, string attribute)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        await protection.DeleteHierarchyAsync(actor, dataset, attribute, context.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<DomainResponse>, NotFound<ProblemDetails>>> Domain(HttpContext context, CatalogService catalog, ProtectionService protection, Guid id)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        var domain = await protection.DatasetDomainAsync(actor, dataset, context.RequestAborted);
        return domain is null
            ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found.", Detail = "The dataset has no pseudonymisation key yet; the first protection creates it." })
            : TypedResults.Ok(DomainResponse.From(domain));
    }

    /// <summary>Starts a new generation of the dataset's pseudonymisation key (earlier pseudonyms stay reversible).</summary>
    public static async Task<Ok<DomainResponse>> Rotate(HttpContext context, CatalogService catalog, ProtectionService protection, Guid id)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok(DomainResponse.From(await protection.RotateDatasetKeyAsync(actor, dataset, context.RequestAborted)));
    }

    /// <summary>Operators, after adding a version to the master key ring: re-wraps every pseudonymisation key under it.</summary>
    public static async Task<Ok<RewrapResponse>> Rewrap(HttpContext context, PseudonymisationKeyStore keys)
    {
        var actor = await context.GetActorAsync();
        if (!actor.IsOperator || !actor.HasScope(Agora.Platform.Accounts.TokenScopes.Manage))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only platform operators re-wrap keys (token scope 'manage').");
        }
        return TypedResults.Ok(new RewrapResponse(await keys.RewrapAllAsync(actor.RequiredUserId, context.RequestAborted)));
    }

    public static async Task<Ok<List<GrantView>>> Grants(HttpContext context, OrganisationService organisations, ReidentificationService reidentification, string slug)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindOrganisationAsync(organisations, slug, context.RequestAborted);
        return TypedResults.Ok(await reidentification.GrantsAsync(actor, organisation.Id, context.RequestAborted));
    }

    /// <summary>Gives a member the re-identifier permission for one dataset (organisation admins; audited).</summary>
    public static async Task<Created<GrantView>> Grant(HttpContext context, OrganisationService organisations, ReidentificationService reidentification, string slug,
        GrantRequest request)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindOrganisationAsync(organisations, slug, context.RequestAborted);
        var grant = await reidentification.GrantAsync(actor, organisation.Id, request.DatasetId, request.Email, context.RequestAborted);
        var view = (await reidentification.GrantsAsync(actor, organisation.Id, context.RequestAborted)).Single(g => g.Id == grant.Id);
        return TypedResults.Created($"/api/organisations/{slug}/reidentifiers/{grant.Id}", view);
    }

    public static async Task<NoContent> Revoke(HttpContext context, OrganisationService organisations, ReidentificationService reidentification, string slug, Guid grantId)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindOrganisationAsync(organisations, slug, context.RequestAborted);
        await reidentification.RevokeAsync(actor, organisation.Id, grantId, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Organisation> FindOrganisationAsync(OrganisationService organisations, string slug, CancellationToken cancellationToken) =>
        await organisations.FindAsync(slug, cancellationToken) ?? throw new PlatformException(PlatformError.NotFound, "No such organisation.");
}
