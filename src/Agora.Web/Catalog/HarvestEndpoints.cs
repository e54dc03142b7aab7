using Agora.Platform;
using Agora.Platform.Catalog.Harvesting;
using Agora.Platform.Organisations;
using Agora.Web.Accounts;
using Agora.Web.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Catalog;

/// <summary>Harvesting other DCAT-AP catalogues into an organisation's catalogue (organisation admins).</summary>
public static class HarvestEndpoints
{
    public static IEndpointRouteBuilder MapHarvestEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisations/{slug}").WithTags("Harvesting").RequireAuthorization();
        api.MapGet("/harvest-sources", ListSources);
        api.MapPost("/harvests", HarvestUrl);
        // An API call with a token or the session cookie (SameSite=Lax), like uploads: no anti-forgery token.
        api.MapPost("/harvests/upload", HarvestFile).DisableAntiforgery();
        return app;
    }

    public static async Task<Ok<List<HarvestSourceResponse>>> ListSources(HttpContext context, OrganisationService organisations, HarvestService harvests, string slug)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindAsync(organisations, slug, context.RequestAborted);
        var sources = await harvests.ListSourcesAsync(actor, organisation.Id, context.RequestAborted);
        return TypedResults.Ok(sources.Select(HarvestSourceResponse.From).ToList());
    }

    /// <summary>Queues a harvest of the catalogue at <c>url</c> (Turtle or JSON-LD); the job's result counts what changed.</summary>
    public static async Task<Accepted<PublishingEndpoints.JobResponse>> HarvestUrl(HttpContext context, OrganisationService organisations, HarvestService harvests,
        string slug, HarvestRequest request)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindAsync(organisations, slug, context.RequestAborted);
        var job = await harvests.StartAsync(actor, organisation.Id, request.Url, null, null, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", PublishingEndpoints.JobResponse.From(job));
    }

    /// <summary>Queues a harvest of an uploaded catalogue document (multipart field <c>file</c>, .ttl or .jsonld).</summary>
    public static async Task<Accepted<PublishingEndpoints.JobResponse>> HarvestFile(HttpContext context, OrganisationService organisations, HarvestService harvests,
        string slug, IFormFile file)
    {
        var actor = await context.GetActorAsync();
        var organisation = await FindAsync(organisations, slug, context.RequestAborted);
        await using var stream = file.OpenReadStream();
        var job = await harvests.StartAsync(actor, organisation.Id, null, file.FileName, stream, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", PublishingEndpoints.JobResponse.From(job));
    }

    private static async Task<Organisation> FindAsync(OrganisationService organisations, string slug, CancellationToken cancellationToken) =>
        await organisations.FindAsync(slug, cancellationToken) ?? throw new PlatformException(PlatformError.NotFound, "No such organisation.");

    public sealed record HarvestRequest(string? Url);

    public sealed record HarvestSourceResponse(Guid Id, string Location, DateTimeOffset CreatedAt, DateTimeOffset? LastHarvestedAt, string? LastOutcome, int DatasetCount)
    {
        public static HarvestSourceResponse From(HarvestSource s) => new(s.Id, s.Location, s.CreatedAt, s.LastHarvestedAt, s.LastOutcome, s.DatasetCount);
    }
}
