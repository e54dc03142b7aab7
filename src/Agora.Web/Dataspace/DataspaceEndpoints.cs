using System.Text.Json.Nodes;
using Agora.Platform;
using Agora.Platform.Dataspace;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Dataspace;

/// <summary>
/// The Dataspace Protocol 2025-1 HTTPS binding under <c>/dsp</c> (provider endpoints and consumer callbacks, authenticated
/// by participant tokens, answering DSP error objects), and the management API under <c>/api/dataspace</c> (participants,
/// remote catalogues, negotiations and transfers started by signed-in users).
/// </summary>
public static class DataspaceEndpoints
{
    public const string BasePath = "/dsp";
    public const string CallbackPath = BasePath + "/callback";

    public static IEndpointRouteBuilder MapDataspaceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/dspace-version", Version).WithTags("Dataspace Protocol").AllowAnonymous();

        var dsp = app.MapGroup(BasePath).WithTags("Dataspace Protocol").AllowAnonymous().DisableAntiforgery();
        dsp.MapPost("/catalog/request", (Func<HttpContext, Task<IResult>>)((HttpContext c) => Answer(c, "Catalog", "CatalogRequestMessage",
            (p, m, s) => CatalogPageAsync(c, p, s.Provider))));
        dsp.MapGet("/catalog/datasets/{id}", (HttpContext c, string id) => Answer(c, "Catalog", null,
            (p, _, s) => s.Provider.DatasetAsync(p, id, BaseUrl(c), c.RequestAborted)));

        dsp.MapPost("/negotiations/request", (Func<HttpContext, Task<IResult>>)((HttpContext c) => Answer(c, "ContractNegotiation", "ContractRequestMessage",
            (p, m, s) => s.Provider.RequestAsync(p, m!, c.RequestAborted), StatusCodes.Status201Created)));
        dsp.MapGet("/negotiations/{pid}", (HttpContext c, string pid) => Answer(c, "ContractNegotiation", null,
            (p, _, s) => s.Provider.GetNegotiationAsync(p, pid, c.RequestAborted)));
        dsp.MapPost("/negotiations/{pid}/request", (HttpContext c, string pid) => Handle(c, "ContractNegotiation", "ContractRequestMessage",
            (_, _, _) => throw new DspException(400, "400", "Agora does not take counter-requests; terminate and request another offer.") { ProviderPid = pid }));
        dsp.MapPost("/negotiations/{pid}/events", (HttpContext c, string pid) => Answer(c, "ContractNegotiation", "ContractNegotiationEventMessage",
            (p, m, s) => s.Provider.EventAsync(p, pid, m!, c.RequestAborted)));
        dsp.MapPost("/negotiations/{pid}/agreement/verification", (HttpContext c, string pid) => Handle(c, "ContractNegotiation",
            "ContractAgreementVerificationMessage", async (p, m, s) => { await s.Provider.VerificationAsync(p, pid, m!, c.RequestAborted); return null; }));
        dsp.MapPost("/negotiations/{pid}/termination", (HttpContext c, string pid) => Handle(c, "ContractNegotiation",
            "ContractNegotiationTerminationMessage", async (p, m, s) => { await s.Provider.TerminationAsync(p, pid, m!, c.RequestAborted); return null; }));

        dsp.MapPost("/transfers/request", (Func<HttpContext, Task<IResult>>)((HttpContext c) => Answer(c, "Transfer", "TransferRequestMessage",
            (p, m, s) => s.Provider.TransferRequestAsync(p, m!, BaseUrl(c), c.RequestAborted), StatusCodes.Status201Created)));
        dsp.MapGet("/transfers/{pid}", (HttpContext c, string pid) => Answer(c, "Transfer", null,
            (p, _, s) => s.Provider.GetTransferAsync(p, pid, c.RequestAborted)));
        foreach (var (path, type, kind) in TransferRoutes)
        {
            dsp.MapPost($"/transfers/{{pid}}/{path}", (HttpContext c, string pid) => Handle(c, "Transfer", type,
                async (p, m, s) => { await s.Provider.TransferMessageAsync(p, pid, kind, m!, c.RequestAborted); return null; }));
        }
        dsp.MapGet("/data/{id:guid}", PullData);

        // Consumer callbacks: the address Agora gives as callbackAddress is <base>/callback.
        dsp.MapGet("/callback/negotiations/{pid}", (HttpContext c, string pid) => Answer(c, "ContractNegotiation", null,
            (p, _, s) => s.Consumer.CallbackNegotiationAsync(p, pid, c.RequestAborted)));
        dsp.MapPost("/callback/negotiations/offers", (Func<HttpContext, Task<IResult>>)((HttpContext c) => Answer(c, "ContractNegotiation",
            "ContractOfferMessage", (p, m, s) => s.Consumer.OnInitialOfferAsync(p, m!, c.RequestAborted), StatusCodes.Status201Created)));
        dsp.MapPost("/callback/negotiations/{pid}/offers", (HttpContext c, string pid) => Handle(c, "ContractNegotiation", "ContractOfferMessage",
            async (p, m, s) => { await s.Consumer.OnOfferAsync(p, pid, m!, c.RequestAborted); return null; }));
        dsp.MapPost("/callback/negotiations/{pid}/agreement", (HttpContext c, string pid) => Handle(c, "ContractNegotiation", "ContractAgreementMessage",
            async (p, m, s) => { await s.Consumer.OnAgreementAsync(p, pid, m!, c.RequestAborted); return null; }));
        dsp.MapPost("/callback/negotiations/{pid}/events", (HttpContext c, string pid) => Handle(c, "ContractNegotiation", "ContractNegotiationEventMessage",
            async (p, m, s) => { await s.Consumer.OnEventAsync(p, pid, m!, c.RequestAborted); return null; }));
        dsp.MapPost("/callback/negotiations/{pid}/termination", (HttpContext c, string pid) => Handle(c, "ContractNegotiation",
            "ContractNegotiationTerminationMessage", async (p, m, s) => { await s.Consumer.OnTerminationAsync(p, pid, m!, c.RequestAborted); return null; }));
        dsp.MapGet("/callback/transfers/{pid}", (HttpContext c, string pid) => Answer(c, "Transfer", null,
            (p, _, s) => s.Consumer.CallbackTransferAsync(p, pid, c.RequestAborted)));
        foreach (var (path, type, kind) in TransferRoutes)
        {
            dsp.MapPost($"/callback/transfers/{{pid}}/{path}", (HttpContext c, string pid) => Handle(c, "Transfer", type,
                async (p, m, s) => { await s.Consumer.OnTransferMessageAsync(p, pid, kind, m!, c.RequestAborted); return null; }));
        }

        var api = app.MapGroup("/api/dataspace").WithTags("Dataspace").RequireAuthorization();
        api.MapPost("/participants", RegisterParticipant);
        api.MapGet("/participants", ListParticipants);
        api.MapPut("/participants/{id:guid}/token", SetParticipantToken);
        api.MapDelete("/participants/{id:guid}", RevokeParticipant);
        api.MapPost("/participants/{id:guid}/rotate", RotateParticipantToken);
        api.MapGet("/participants/{id:guid}/catalog", RemoteCatalog);
        api.MapPost("/participants/{id:guid}/offers", SendOffer);
        api.MapPost("/negotiations", Negotiate);
        api.MapGet("/negotiations", ListNegotiations);
        api.MapGet("/negotiations/{id:guid}", GetNegotiation);
        api.MapPost("/negotiations/{id:guid}/accept", AcceptOffer);
        api.MapPost("/negotiations/{id:guid}/terminate", TerminateNegotiation);
        api.MapPost("/negotiations/{id:guid}/transfers", Transfer);
        api.MapGet("/transfers", ListTransfers);
        api.MapGet("/transfers/{id:guid}", GetTransfer);
        api.MapGet("/transfers/{id:guid}/data", Download);
        api.MapPost("/transfers/{id:guid}/complete", (HttpContext c, DataspaceConsumer consumer, Guid id) => Finish(c, consumer, id, TransferMessage.Completion));
        api.MapPost("/transfers/{id:guid}/terminate", (HttpContext c, DataspaceConsumer consumer, Guid id) => Finish(c, consumer, id, TransferMessage.Termination));
        return app;
    }

    private static readonly (string Path, string Type, TransferMessage Kind)[] TransferRoutes =
    [
        ("start", "TransferStartMessage", TransferMessage.Start),
        ("completion", "TransferCompletionMessage", TransferMessage.Completion),
        ("suspension", "TransferSuspensionMessage", TransferMessage.Suspension),
        ("termination", "TransferTerminationMessage", TransferMessage.Termination),
    ];

    /// <summary>The DSP base URL of this platform as the caller reached it.</summary>
    public static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{BasePath}";

    public static JsonObject VersionDocument(string path) => new()
    {
        ["protocolVersions"] = new JsonArray(new JsonObject
        {
            ["version"] = DspMessage.Version,
            ["path"] = path,
            ["binding"] = "HTTPS",
            ["auth"] = new JsonObject { ["protocol"] = "Bearer", ["version"] = "1", ["profile"] = new JsonArray("agora-participant-token") },
        }),
    };

    public static IResult Version(HttpContext context, DspSchemas schemas)
    {
        var document = VersionDocument($"{context.Request.PathBase}{BasePath}");
        DspMessage.Check(document, DspSchemas.VersionResponse, schemas);
        return Results.Content(document.ToJsonString(), "application/json");
    }

    /// <summary>One page of the catalogue (<c>?page=N</c>, from 1), with <c>Link</c> headers to the next and previous pages
    /// (DSP 2025-1 catalogue binding: the consumer posts its CatalogRequestMessage to the linked address).</summary>
    private static async Task<JsonObject> CatalogPageAsync(HttpContext context, DataspaceParticipant participant, DataspaceProvider provider)
    {
        var page = 1;
        if (context.Request.Query.TryGetValue("page", out var text)
            && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out page) || page < 1 || page > 100_000))
        {
            throw DspException.Invalid("The page is a whole number from 1; follow the catalogue's Link headers.");
        }
        var size = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataspaceOptions>>().Value.CatalogPageSize;
        var baseUrl = BaseUrl(context);
        var result = await provider.CatalogAsync(participant, baseUrl, page, size, context.RequestAborted);
        if (result.HasNext)
        {
            context.Response.Headers.Append("Link", $"<{baseUrl}/catalog/request?page={page + 1}>; rel=\"next\"");
        }
        if (page > 1)
        {
            context.Response.Headers.Append("Link", $"<{baseUrl}/catalog/request?page={page - 1}>; rel=\"previous\"");
        }
        return result.Catalog;
    }

    private sealed record Services(DataspaceProvider Provider, DataspaceConsumer Consumer);

    private static Task<IResult> Answer(HttpContext context, string area, string? inType,
        Func<DataspaceParticipant, JsonObject?, Services, Task<JsonObject>> handler, int successStatus = StatusCodes.Status200OK) =>
        Handle(context, area, inType, async (p, m, s) => await handler(p, m, s), successStatus);

    /// <summary>Authenticates the participant, parses and validates the body against the schema of <paramref name="inType"/>,
    /// runs the handler, validates the answer, and turns refusals into the protocol's error object.</summary>
    private static async Task<IResult> Handle(HttpContext context, string area, string? inType,
        Func<DataspaceParticipant, JsonObject?, Services, Task<JsonObject?>> handler, int successStatus = StatusCodes.Status200OK)
    {
        var services = context.RequestServices;
        var schemas = services.GetRequiredService<DspSchemas>();
        try
        {
            var participant = await services.GetRequiredService<DataspaceParticipants>()
                .AuthenticateAsync(context.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, context.RequestAborted);
            JsonObject? message = null;
            if (inType is not null)
            {
                using var reader = new StreamReader(context.Request.Body);
                message = DspMessage.Parse(await reader.ReadToEndAsync(context.RequestAborted), inType, schemas);
            }
            var answer = await handler(participant, message, new Services(services.GetRequiredService<DataspaceProvider>(),
                services.GetRequiredService<DataspaceConsumer>()));
            if (answer is null)
            {
                return Results.Ok();
            }
            var type = DspMessage.Text(answer, "@type")!;
            var problems = schemas.Validate(answer, type);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"Agora built a {type} that does not match the DSP schema: {string.Join("; ", problems)}");
            }
            return Results.Content(answer.ToJsonString(), "application/json", null, successStatus);
        }
        catch (DspException e)
        {
            return Error(area, e, schemas);
        }
    }

    private static IResult Error(string area, DspException e, DspSchemas schemas)
    {
        var type = area switch
        {
            "ContractNegotiation" => "ContractNegotiationError",
            "Transfer" => "TransferError",
            _ => "CatalogError",
        };
        var error = DspMessage.New(type);
        if (type != "CatalogError")
        {
            // The schemas require both ids; an unknown one is sent back as empty rather than invented.
            error["providerPid"] = e.ProviderPid ?? "";
            error["consumerPid"] = e.ConsumerPid ?? "";
        }
        error["code"] = e.Code;
        error["reason"] = new JsonArray([.. (e.Reasons.Count > 0 ? e.Reasons : [e.Message]).Select(r => (JsonNode)r)]);
        _ = schemas;
        return Results.Content(error.ToJsonString(), "application/json", null, e.Status);
    }

    private static async Task PullData(HttpContext context, DataspaceProvider provider, Guid id)
    {
        // The file goes to a temporary file first, so a refusal (after the checks) never sends half a body with a 200.
        var path = Path.GetTempFileName();
        try
        {
            string fileName;
            await using (var file = File.Create(path))
            {
                fileName = await provider.PullAsync(id, context.Request.Headers.Authorization.ToString(), file, context.RequestAborted);
            }
            context.Response.ContentType = "text/csv";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            await context.Response.SendFileAsync(path, context.RequestAborted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // ───────────── management API ─────────────

    public sealed record ParticipantInput(string? Name, string? Endpoint, Guid? OrganisationId, string? OutboundToken);

    public sealed record ParticipantResponse(Guid Id, string Name, string Endpoint, Guid? OrganisationId, string TokenPrefix, bool HasOutboundToken,
        DateTimeOffset CreatedAt, string? Token)
    {
        public static ParticipantResponse From(DataspaceParticipant p, string? token = null) =>
            new(p.Id, p.Name, p.Endpoint, p.OrganisationId, p.TokenPrefix, p.OutboundToken is not null, p.CreatedAt, token);
    }

    public sealed record TokenInput(string? Token);

    public sealed record NegotiateInput(Guid ParticipantId, Guid OrganisationId, string? DatasetId, string? OfferId, string? Purpose);

    public sealed record NegotiationResponse(Guid Id, Guid ParticipantId, string? ProviderPid, string State, string DatasetId, JsonNode? Offer,
        string? AgreementId, JsonNode? Agreement, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static NegotiationResponse From(DataspaceNegotiation n) => new(n.Id, n.ParticipantId, n.RemotePid,
            Agora.Platform.Agreements.NegotiationStateMachine.Name(n.State), n.DatasetId, JsonNode.Parse(n.OfferJson), n.AgreementId,
            n.AgreementJson is null ? null : JsonNode.Parse(n.AgreementJson), n.CreatedAt, n.UpdatedAt);
    }

    public sealed record TransferResponse(Guid Id, Guid ParticipantId, string? ProviderPid, string State, string AgreementId, string Format, bool HasDataAddress,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static TransferResponse From(DataspaceTransfer t) => new(t.Id, t.ParticipantId, t.RemotePid, TransferStateMachine.Name(t.State), t.AgreementId,
            t.Format, t.DataEndpoint is not null, t.CreatedAt, t.UpdatedAt);
    }

    public static async Task<Created<ParticipantResponse>> RegisterParticipant(HttpContext context, DataspaceParticipants participants, ParticipantInput input)
    {
        var actor = await context.GetActorAsync();
        var (participant, token) = await participants.RegisterAsync(actor, input.Name ?? "", input.Endpoint ?? "", input.OrganisationId, input.OutboundToken,
            context.RequestAborted);
        return TypedResults.Created($"/api/dataspace/participants/{participant.Id}", ParticipantResponse.From(participant, token));
    }

    public static async Task<Ok<List<ParticipantResponse>>> ListParticipants(HttpContext context, DataspaceParticipants participants)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await participants.ListAsync(actor, context.RequestAborted)).Select(p => ParticipantResponse.From(p)).ToList());
    }

    public static async Task<NoContent> SetParticipantToken(HttpContext context, DataspaceParticipants participants, Guid id, TokenInput input)
    {
        await participants.SetOutboundTokenAsync(await context.GetActorAsync(), id, input.Token ?? "", context.RequestAborted);
        return TypedResults.NoContent();
    }

    public sealed record RotatedToken(string Token);

    public static async Task<Ok<RotatedToken>> RotateParticipantToken(HttpContext context, DataspaceParticipants participants, Guid id) =>
        TypedResults.Ok(new RotatedToken(await participants.RotateTokenAsync(await context.GetActorAsync(), id, context.RequestAborted)));

    public static async Task<NoContent> RevokeParticipant(HttpContext context, DataspaceParticipants participants, Guid id)
    {
        await participants.RevokeAsync(await context.GetActorAsync(), id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>A page of a participant's catalogue; <c>?page=</c> takes a page address from this endpoint's own <c>Link</c>
    /// headers, which wrap the provider's.</summary>
    public static async Task<IResult> RemoteCatalog(HttpContext context, DataspaceConsumer consumer, Guid id, string? page)
    {
        var result = await consumer.CatalogAsync(await context.GetActorAsync(), id, page, context.RequestAborted);
        foreach (var (link, relation) in new[] { (result.Next, "next"), (result.Previous, "previous") })
        {
            if (link is not null)
            {
                context.Response.Headers.Append("Link", $"</api/dataspace/participants/{id}/catalog?page={Uri.EscapeDataString(link)}>; rel=\"{relation}\"");
            }
        }
        return Results.Content(result.Catalog.ToJsonString(), "application/json");
    }

    public sealed record SendOfferInput(Guid OfferId, string? Purpose);

    public sealed record SentOfferResponse(Guid Id, Guid ParticipantId, Guid OfferId, Guid ConsumerOrganisationId, string Purpose, string State);

    /// <summary>A steward sends one of the organisation's offers to a registered participant (DSP provider-initiated negotiation).</summary>
    public static async Task<Created<SentOfferResponse>> SendOffer(HttpContext context, DataspaceProvider provider, Guid id, SendOfferInput input)
    {
        var view = await provider.OfferAsync(await context.GetActorAsync(), id, input.OfferId, input.Purpose, BaseUrl(context), context.RequestAborted);
        var negotiation = view.Negotiation;
        return TypedResults.Created($"/api/requests/{negotiation.Id}", new SentOfferResponse(negotiation.Id, id, negotiation.OfferId,
            negotiation.ConsumerOrganisationId, negotiation.Purpose, Agora.Platform.Agreements.NegotiationStateMachine.Name(negotiation.State)));
    }

    public sealed record ReasonInput(string? Reason);

    public static async Task<Ok<NegotiationResponse>> AcceptOffer(HttpContext context, DataspaceConsumer consumer, Guid id) =>
        TypedResults.Ok(NegotiationResponse.From(await consumer.AcceptOfferAsync(await context.GetActorAsync(), id, context.RequestAborted)));

    public static async Task<Ok<NegotiationResponse>> TerminateNegotiation(HttpContext context, DataspaceConsumer consumer, Guid id, ReasonInput? input) =>
        TypedResults.Ok(NegotiationResponse.From(await consumer.TerminateAsync(await context.GetActorAsync(), id, input?.Reason, context.RequestAborted)));

    public static async Task<Ok<List<TransferResponse>>> ListTransfers(HttpContext context, DataspaceConsumer consumer) =>
        TypedResults.Ok((await consumer.ListTransfersAsync(await context.GetActorAsync(), context.RequestAborted)).Select(TransferResponse.From).ToList());

    public static async Task<Created<NegotiationResponse>> Negotiate(HttpContext context, DataspaceConsumer consumer, NegotiateInput input)
    {
        if (string.IsNullOrWhiteSpace(input.DatasetId) || string.IsNullOrWhiteSpace(input.OfferId))
        {
            throw new PlatformException(PlatformError.Validation, "Name the dataset and the offer from the provider's catalogue.",
                new Dictionary<string, string[]> { ["offerId"] = ["Choose an offer of the dataset."] });
        }
        var negotiation = await consumer.NegotiateAsync(await context.GetActorAsync(), input.ParticipantId, input.OrganisationId, input.DatasetId, input.OfferId,
            input.Purpose, BaseUrl(context) + "/callback", context.RequestAborted);
        return TypedResults.Created($"/api/dataspace/negotiations/{negotiation.Id}", NegotiationResponse.From(negotiation));
    }

    public static async Task<Ok<List<NegotiationResponse>>> ListNegotiations(HttpContext context, DataspaceConsumer consumer) =>
        TypedResults.Ok((await consumer.ListAsync(await context.GetActorAsync(), context.RequestAborted)).Select(NegotiationResponse.From).ToList());

    public static async Task<Ok<NegotiationResponse>> GetNegotiation(HttpContext context, DataspaceConsumer consumer, Guid id) =>
        TypedResults.Ok(NegotiationResponse.From(await consumer.GetAsync(await context.GetActorAsync(), id, context.RequestAborted)));

    public static async Task<Created<TransferResponse>> Transfer(HttpContext context, DataspaceConsumer consumer, Guid id)
    {
        var transfer = await consumer.TransferAsync(await context.GetActorAsync(), id, BaseUrl(context) + "/callback", context.RequestAborted);
        return TypedResults.Created($"/api/dataspace/transfers/{transfer.Id}", TransferResponse.From(transfer));
    }

    public static async Task<Ok<TransferResponse>> GetTransfer(HttpContext context, DataspaceConsumer consumer, Guid id) =>
        TypedResults.Ok(TransferResponse.From(await consumer.GetTransferAsync(await context.GetActorAsync(), id, context.RequestAborted)));

    public static async Task Download(HttpContext context, DataspaceConsumer consumer, Guid id)
    {
        var actor = await context.GetActorAsync();
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await consumer.DownloadAsync(actor, id, file, context.RequestAborted);
            }
            context.Response.ContentType = "text/csv";
            await context.Response.SendFileAsync(path, context.RequestAborted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task<Ok<TransferResponse>> Finish(HttpContext context, DataspaceConsumer consumer, Guid id, TransferMessage kind)
    {
        var transfer = await consumer.FinishTransferAsync(await context.GetActorAsync(), id, kind, context.RequestAborted);
        return TypedResults.Ok(TransferResponse.From(transfer));
    }
}
