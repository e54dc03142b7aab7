using System.Globalization;
using Agora.Platform;
using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Schemas;
using Agora.Platform.Publishing;
using Agora.Web.Accounts;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Agora.Web.Catalog;

/// <summary>Dataset schemas in open formats: Frictionless Table Schema and Data Package, W3C CSVW metadata; and the
/// import of such a schema onto an upload (column names and types at publish time).</summary>
public static class SchemaEndpoints
{
    public static IEndpointRouteBuilder MapSchemaEndpoints(this IEndpointRouteBuilder app)
    {
        var versions = app.MapGroup("/api/datasets/{id:guid}/versions/{number:int}").WithTags("Schemas").AllowAnonymous();
        versions.MapGet("/table-schema.json", GetTableSchema);
        versions.MapGet("/datapackage.json", GetDataPackage);
        versions.MapGet("/csv-metadata.json", GetCsvw);
        app.MapPost("/api/uploads/{id:guid}/table-schema", ImportSchema).WithTags("Schemas").RequireAuthorization();
        return app;
    }

    /// <summary>The version's columns as a Frictionless Table Schema.</summary>
    public static async Task<ContentHttpResult> GetTableSchema(HttpContext context, CatalogService catalog, Guid id, int number)
    {
        var (_, version) = await VersionAsync(context, catalog, id, number);
        return Json(TableSchemas.TableSchema(version.Columns));
    }

    /// <summary>A Frictionless Data Package describing the version's CSV download.</summary>
    public static async Task<ContentHttpResult> GetDataPackage(HttpContext context, CatalogService catalog, IOptions<PlatformOptions> options, Guid id, int number)
    {
        var (dataset, version) = await VersionAsync(context, catalog, id, number);
        return Json(TableSchemas.DataPackage(dataset, version, CsvUrl(context, options.Value, dataset, version), Language));
    }

    /// <summary>W3C CSVW metadata (CSV on the Web) describing the version's CSV download.</summary>
    public static async Task<ContentHttpResult> GetCsvw(HttpContext context, CatalogService catalog, IOptions<PlatformOptions> options, Guid id, int number)
    {
        var (dataset, version) = await VersionAsync(context, catalog, id, number);
        var document = TableSchemas.Csvw(dataset, version, CsvUrl(context, options.Value, dataset, version), Language);
        return TypedResults.Text(TableSchemas.Write(document), "application/csvm+json");
    }

    /// <summary>Reads a Table Schema, Data Package or CSVW document (the request body) against an upload and answers the
    /// column corrections it means, ready for <c>POST /api/uploads/{id}/confirm</c>.</summary>
    public static async Task<Ok<SchemaImportResponse>> ImportSchema(HttpContext context, PublishingService publishing, Guid id)
    {
        var actor = await context.GetActorAsync();
        var (_, inspection) = await publishing.GetStagedAsync(actor, id, context.RequestAborted);
        using var reader = new StreamReader(context.Request.Body);
        var buffer = new char[1024 * 1024 + 1];
        var read = await reader.ReadBlockAsync(buffer, context.RequestAborted);
        if (read > 1024 * 1024)
        {
            throw new PlatformException(PlatformError.TooLarge, "A schema document has at most 1 MiB.");
        }
        return TypedResults.Ok(new SchemaImportResponse(TableSchemas.Corrections(inspection.Plan, new string(buffer, 0, read))));
    }

    public sealed record SchemaImportResponse(List<ColumnCorrection> Columns);

    private static async Task<(Dataset Dataset, DatasetVersion Version)> VersionAsync(HttpContext context, CatalogService catalog, Guid id, int number)
    {
        var actor = await context.GetActorAsync();
        var dataset = await catalog.GetAsync(actor, id, context.RequestAborted);
        var version = dataset.Versions.SingleOrDefault(v => v.Number == number) ?? throw new PlatformException(PlatformError.NotFound, "No such version.");
        return (dataset, version);
    }

    /// <summary>The same download address as the DCAT-AP export's distribution.</summary>
    private static Uri CsvUrl(HttpContext context, PlatformOptions options, Dataset dataset, DatasetVersion version)
    {
        var root = options.PublicBaseUrl is { Length: > 0 } configured
            ? new Uri(configured)
            : new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
        return new CatalogUris(root).VersionDownload(dataset.Id, version.Number, "csv");
    }

    private static string Language => JsonStringLocalizer.LanguageOf(CultureInfo.CurrentUICulture);

    private static ContentHttpResult Json(System.Text.Json.Nodes.JsonObject document) => TypedResults.Text(TableSchemas.Write(document), "application/json");
}
