using Agora.Platform;
using Agora.Platform.Discovery;
using Agora.Platform.Organisations;
using Agora.Platform.Wanted;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Discovery;

public static class PartnerEndpoints
{
    public static IEndpointRouteBuilder MapPartnerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/datasets/{id:guid}/partners", ForDataset).WithTags("Partners").AllowAnonymous();
        app.MapGet("/api/organisations/{slug}/partners", ForOrganisation).WithTags("Partners").AllowAnonymous();
        return app;
    }

    /// <summary>Published datasets that join with this one (key columns on both sides, estimated containment) and that
    /// union with it, and the organisations behind them.</summary>
    public static async Task<Ok<DatasetPartnersResponse>> ForDataset(HttpContext context, PartnerFinder partners, Guid id)
    {
        var actor = await context.GetActorAsync();
        var found = await partners.ForDatasetAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok(new DatasetPartnersResponse(found.Ready, found.Joinable, found.Unionable,
            [.. found.Organisations.Select(o => new OrganisationRef(o.Id, o.Name, o.Slug))], found.NoRows));
    }

    /// <summary>Suggested partners of an organisation: organisations whose datasets join with or complement its datasets,
    /// and consumers whose "data wanted" posts match them.</summary>
    public static async Task<Ok<OrganisationPartners>> ForOrganisation(HttpContext context, PartnerFinder partners, OrganisationService organisations,
        WantedBoard board, string slug)
    {
        var actor = await context.GetActorAsync();
        var organisation = await organisations.FindAsync(slug, context.RequestAborted)
            ?? throw new PlatformException(PlatformError.NotFound, "No such organisation.");
        return TypedResults.Ok(await partners.ForOrganisationAsync(actor, organisation.Id, board, context.RequestAborted));
    }

    public sealed record OrganisationRef(Guid Id, string Name, string Slug);

    public sealed record DatasetPartnersResponse(bool Ready, IReadOnlyList<JoinablePartner> Joinable, IReadOnlyList<UnionablePartner> Unionable,
        IReadOnlyList<OrganisationRef> Organisations, bool NoRows);
}
