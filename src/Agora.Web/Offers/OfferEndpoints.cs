using Agora.Platform.Offers;
using Agora.Privacy.Policies;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Offers;

public static class OfferEndpoints
{
    public static IEndpointRouteBuilder MapOfferEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Offers");
        api.MapGet("/purposes", Purposes).AllowAnonymous();
        api.MapGet("/datasets/{id:guid}/offers", List).AllowAnonymous();
        api.MapPost("/datasets/{id:guid}/offers", Create).RequireAuthorization();
        api.MapGet("/offers/{id:guid}", Get).AllowAnonymous();
        api.MapGet("/offers/{id:guid}/policy", Policy).AllowAnonymous();
        api.MapGet("/offers/{id:guid}/explain", Explain).RequireAuthorization();
        api.MapPost("/offers/{id:guid}/withdraw", Withdraw).RequireAuthorization();
        return app;
    }

    /// <summary>The controlled list of purposes (narrower ones satisfy broader ones).</summary>
    public static Ok<List<PurposeResponse>> Purposes() =>
        TypedResults.Ok(PurposeCatalogue.Default.All.Select(p => new PurposeResponse(p.Id, p.Label, p.Parent)).OrderBy(p => p.Id, StringComparer.Ordinal).ToList());

    public static async Task<Ok<List<OfferResponse>>> List(HttpContext context, OfferService offers, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await offers.ListAsync(actor, id, context.RequestAborted)).Select(OfferResponse.From).ToList());
    }

    public static async Task<Created<OfferResponse>> Create(HttpContext context, OfferService offers, Guid id, OfferTerms terms)
    {
        var actor = await context.GetActorAsync();
        var view = await offers.CreateAsync(actor, id, terms, context.RequestAborted);
        return TypedResults.Created($"/api/offers/{view.Offer.Id}", OfferResponse.From(view));
    }

    public static async Task<Ok<OfferResponse>> Get(HttpContext context, OfferService offers, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(OfferResponse.From(await offers.GetAsync(actor, id, context.RequestAborted)));
    }

    /// <summary>The offer's ODRL policy as JSON-LD (Dataspace Protocol 2025-1 shapes).</summary>
    public static async Task<IResult> Policy(HttpContext context, OfferService offers, Guid id)
    {
        var actor = await context.GetActorAsync();
        var view = await offers.GetAsync(actor, id, context.RequestAborted);
        var json = OdrlJson.ToJson(view.Policy);
        json["agora:privacyMetadata"] = System.Text.Json.Nodes.JsonNode.Parse(view.Offer.PrivacyJson);
        return Results.Text(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "application/ld+json");
    }

    /// <summary>What the policy engine would decide for an organisation and purpose, with every reason (nothing is stored).</summary>
    public static async Task<Ok<DecisionResponse>> Explain(HttpContext context, OfferService offers, Guid id, Guid organisationId, string purpose)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(DecisionResponse.From(await offers.ExplainAsync(actor, id, organisationId, purpose, context.RequestAborted)));
    }

    public static async Task<NoContent> Withdraw(HttpContext context, OfferService offers, Guid id)
    {
        var actor = await context.GetActorAsync();
        await offers.WithdrawAsync(actor, id, context.RequestAborted);
        return TypedResults.NoContent();
    }
}

public sealed record PurposeResponse(string Id, string Label, string? Parent);

public sealed record OfferResponse(Guid Id, Guid DatasetId, Guid VersionId, int VersionNumber, Guid OrganisationId, string Title, bool Active,
    OfferTerms Terms, string PolicyUrl, DateTimeOffset CreatedAt)
{
    public static OfferResponse From(OfferView view) => new(view.Offer.Id, view.Dataset.Id, view.Version.Id, view.Version.Number,
        view.Offer.OrganisationId, view.Offer.Title, view.Offer.IsActive, view.Terms, $"/api/offers/{view.Offer.Id}/policy", view.Offer.CreatedAt);
}

public sealed record ReasonResponse(string Rule, bool Holds, string Explanation);

public sealed record DecisionResponse(bool Permitted, string Summary, IReadOnlyList<ReasonResponse> Reasons, IReadOnlyList<string> Duties,
    string? OutputControl)
{
    public static DecisionResponse From(PolicyDecision decision) => new(decision.Permitted, decision.Summary,
        [.. decision.Reasons.Select(r => new ReasonResponse(r.Rule, r.Holds, r.Explanation))],
        [.. decision.Duties.Select(d => d.Attribution is { } text ? $"{PolicyVocabulary.Describe(d.Action)}: {text}" : PolicyVocabulary.Describe(d.Action))],
        decision.OutputControl?.ToString());
}
