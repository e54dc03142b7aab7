using Agora.Platform;
using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Agora.Web.Catalog;

/// <summary>The public catalogue as DCAT-AP 3 (DCAT-AP-LU) for harvesters: JSON-LD and Turtle.</summary>
public static class DcatEndpoints
{
    public static IEndpointRouteBuilder MapDcatEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/catalog.jsonld", GetJsonLd).AllowAnonymous().WithTags("Catalogue").Produces(200, contentType: DcatJsonLdWriter.MediaType);
        app.MapGet("/catalog.ttl", GetTurtle).AllowAnonymous().WithTags("Catalogue").Produces(200, contentType: DcatTurtleWriter.MediaType);
        return app;
    }

    public static async Task<IResult> GetJsonLd(HttpContext context, CatalogExport export, IOptions<PlatformOptions> options)
    {
        var catalog = await export.BuildAsync(BaseUri(context, options.Value), context.RequestAborted);
        return Results.Text(DcatJsonLdWriter.Write(catalog), DcatJsonLdWriter.MediaType, System.Text.Encoding.UTF8);
    }

    public static async Task<IResult> GetTurtle(HttpContext context, CatalogExport export, IOptions<PlatformOptions> options)
    {
        var catalog = await export.BuildAsync(BaseUri(context, options.Value), context.RequestAborted);
        return Results.Text(DcatTurtleWriter.Write(catalog), DcatTurtleWriter.MediaType, System.Text.Encoding.UTF8);
    }

    /// <summary>Identifiers must be stable, so a configured public address wins over whatever host the request used.</summary>
    private static Uri BaseUri(HttpContext context, PlatformOptions options) =>
        options.PublicBaseUrl is { Length: > 0 } configured
            ? new Uri(configured)
            : new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
}
