using Agora.Data.Storage;
using Agora.Platform;
using Agora.Platform.Agreements;
using Agora.Platform.Keys;
using Agora.Platform.Offers;
using Agora.Platform.Querying;
using Agora.Privacy.Policies;
using Agora.Web.Accounts;
using Agora.Web.Offers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Agreements;

public static class AgreementEndpoints
{
    public static IEndpointRouteBuilder MapAgreementEndpoints(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api").WithTags("Access requests").RequireAuthorization();
        requests.MapPost("/offers/{id:guid}/requests", Request);
        requests.MapGet("/requests", ListRequests);
        requests.MapGet("/requests/{id:guid}", GetRequest);
        requests.MapPost("/requests/{id:guid}/approve", Approve);
        requests.MapPost("/requests/{id:guid}/reject", Reject);
        requests.MapPost("/requests/{id:guid}/counter-offer", CounterOffer);
        requests.MapPost("/requests/{id:guid}/accept", Accept);
        requests.MapPost("/requests/{id:guid}/withdraw", Withdraw);

        var register = app.MapGroup("/api/agreements").WithTags("Agreements").RequireAuthorization();
        register.MapGet("/", Register);
        register.MapGet("/{id:guid}", Get);
        register.MapGet("/{id:guid}/document", Document);
        register.MapGet("/{id:guid}/policy", Policy);
        register.MapPost("/{id:guid}/revoke", Revoke);
        register.MapGet("/{id:guid}/download", Download);
        return app;
    }

    public static async Task<Created<NegotiationResponse>> Request(HttpContext context, AgreementService agreements, Guid id, AccessRequestInput input)
    {
        var actor = await context.GetActorAsync();
        var view = await agreements.RequestAsync(actor, id, input.OrganisationId, input.Purpose ?? "", input.Statement, context.RequestAborted);
        return TypedResults.Created($"/api/requests/{view.Negotiation.Id}", NegotiationResponse.From(view));
    }

    /// <summary><c>?box=inbox</c>: requests waiting for the caller's decision (default); <c>?box=outbox</c>: the caller's
    /// organisations' own requests.</summary>
    public static async Task<Ok<List<NegotiationResponse>>> ListRequests(HttpContext context, AgreementService agreements, string? box)
    {
        var actor = await context.GetActorAsync();
        var list = string.Equals(box, "outbox", StringComparison.OrdinalIgnoreCase)
            ? await agreements.OutboxAsync(actor, context.RequestAborted)
            : await agreements.InboxAsync(actor, context.RequestAborted);
        return TypedResults.Ok(list.Select(NegotiationResponse.From).ToList());
    }

    public static async Task<Ok<NegotiationResponse>> GetRequest(HttpContext context, AgreementService agreements, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(NegotiationResponse.From(await agreements.GetNegotiationAsync(actor, id, context.RequestAborted)));
    }

    public static async Task<Ok<NegotiationResponse>> Approve(HttpContext context, AgreementService agreements, Guid id, DecisionInput? input)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(NegotiationResponse.From(await agreements.ApproveAsync(actor, id, input?.Comment, context.RequestAborted)));
    }

    public static async Task<Ok<NegotiationResponse>> Reject(HttpContext context, AgreementService agreements, Guid id, DecisionInput input)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(NegotiationResponse.From(await agreements.RejectAsync(actor, id, input.Reason ?? input.Comment, context.RequestAborted)));
    }

    public static async Task<Ok<NegotiationResponse>> CounterOffer(HttpContext context, AgreementService agreements, Guid id, CounterOfferInput input)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(NegotiationResponse.From(await agreements.CounterOfferAsync(actor, id, input.Terms, input.Comment, context.RequestAborted)));
    }

    public static async Task<Ok<NegotiationResponse>> Accept(HttpContext context, AgreementService agreements, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(NegotiationResponse.From(await agreements.AcceptAsync(actor, id, context.RequestAborted)));
    }

    public static async Task<Ok<NegotiationResponse>> Withdraw(HttpContext context, AgreementService agreements, Guid id, DecisionInput? input)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(NegotiationResponse.From(await agreements.WithdrawAsync(actor, id, input?.Reason ?? input?.Comment, context.RequestAborted)));
    }

    /// <summary>The agreements register: where the caller's organisations are provider or consumer (all, for operators).
    /// <c>?dataset=ID</c> narrows it; <c>?active=true</c> keeps those in force.</summary>
    public static async Task<Ok<List<AgreementResponse>>> Register(HttpContext context, AgreementService agreements, Guid? dataset, bool? active)
    {
        var actor = await context.GetActorAsync();
        var list = await agreements.RegisterAsync(actor, dataset, context.RequestAborted);
        return TypedResults.Ok(list.Where(a => active != true || a.Status == AgreementStatus.Active).Select(AgreementResponse.From).ToList());
    }

    public static async Task<Ok<AgreementResponse>> Get(HttpContext context, AgreementService agreements, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(AgreementResponse.From(await agreements.GetAsync(actor, id, context.RequestAborted)));
    }

    /// <summary>The signed document exactly as signed, with its hash, signature and the platform's public key, so anyone
    /// can check it without Agora.</summary>
    public static async Task<Ok<AgreementDocumentResponse>> Document(HttpContext context, AgreementService agreements, PlatformSigner signer, Guid id)
    {
        var actor = await context.GetActorAsync();
        var view = await agreements.GetAsync(actor, id, context.RequestAborted);
        var a = view.Agreement;
        var version = int.TryParse(a.SigningKeyId.AsSpan(a.SigningKeyId.LastIndexOf('v') + 1), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
        string? publicKey = null;
        try
        {
            publicKey = signer.PublicKey(version);
        }
        catch (Agora.Privacy.Keys.KeyRingException)
        {
        }
        return TypedResults.Ok(new AgreementDocumentResponse(a.Document, a.Hash, "SHA-256", a.Signature, "Ed25519", a.SigningKeyId, publicKey,
            "RFC 8785 (JSON Canonicalization Scheme)", view.Integrity.Intact, view.Integrity.Explanation));
    }

    public static async Task<IResult> Policy(HttpContext context, AgreementService agreements, Guid id)
    {
        var actor = await context.GetActorAsync();
        var view = await agreements.GetAsync(actor, id, context.RequestAborted);
        if (view.Integrity.Document is not { } document)
        {
            throw new PlatformException(PlatformError.Conflict, "The agreement failed its integrity check: " + view.Integrity.Explanation);
        }
        return Results.Text(document.Policy.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "application/ld+json");
    }

    public static async Task<Ok<AgreementResponse>> Revoke(HttpContext context, AgreementService agreements, Guid id, DecisionInput input)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(AgreementResponse.From(await agreements.RevokeAsync(actor, id, input.Reason ?? input.Comment, context.RequestAborted)));
    }

    /// <summary>Downloads the protected derivative an agreement grants (CSV, or Parquet with <c>?format=parquet</c>).</summary>
    public static async Task Download(HttpContext context, DerivativeDownloads downloads, Guid id, string? format)
    {
        var actor = await context.GetActorAsync();
        var exportFormat = string.Equals(format, "parquet", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Parquet : ExportFormat.Csv;
        var temporary = Path.GetTempFileName();
        try
        {
            string fileName;
            await using (var file = File.Create(temporary))
            {
                (fileName, _) = await downloads.ExportAsync(actor, id, exportFormat, file, context.RequestAborted);
            }
            context.Response.ContentType = exportFormat == ExportFormat.Parquet ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            await context.Response.SendFileAsync(temporary, context.RequestAborted);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

public sealed record AccessRequestInput(Guid OrganisationId, string? Purpose, string? Statement);

public sealed record DecisionInput(string? Comment, string? Reason);

public sealed record CounterOfferInput(OfferTerms Terms, string? Comment);

public sealed record StepResponse(string? From, string To, string Message, string Sender, string Actor, string? Comment, DateTimeOffset At);

public sealed record NegotiationResponse(Guid Id, Guid ConsumerPid, string State, Guid OfferId, Guid DatasetId, Guid ProviderOrganisationId,
    string Provider, Guid ConsumerOrganisationId, string Consumer, string Purpose, string? Statement, OfferTerms Terms, DecisionResponse Decision,
    Guid? AgreementId, IReadOnlyList<StepResponse> Steps, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static NegotiationResponse From(NegotiationView view)
    {
        var n = view.Negotiation;
        return new NegotiationResponse(n.Id, n.ConsumerPid, Agora.Platform.Agreements.NegotiationStateMachine.Name(n.State), n.OfferId, n.DatasetId,
            view.Provider.Id, view.Provider.Name, view.Consumer.Id, view.Consumer.Name, n.Purpose, n.Statement, view.TermsInWords,
            DecisionResponse.From(view.Decision), n.AgreementId,
            [.. n.Steps.Select(s => new StepResponse(s.From is { } f ? Agora.Platform.Agreements.NegotiationStateMachine.Name(f) : null,
                Agora.Platform.Agreements.NegotiationStateMachine.Name(s.To), s.Message.ToString(), s.Sender.ToString(),
                view.PeopleNames.GetValueOrDefault(s.ActorId, s.ActorId == AgreementService.PlatformActorId ? "Agora" : s.ActorId), s.Comment, s.At))],
            n.CreatedAt, n.UpdatedAt);
    }
}

public sealed record BudgetResponse(string Measure, double Limit, double Spent, double Remaining, double LimitDelta, double SpentDelta)
{
    public static BudgetResponse? From(PrivacyBudgetAccount? account) => account is null ? null
        : new BudgetResponse(account.Measure == Agora.Privacy.DifferentialPrivacy.PrivacyMeasure.PureDp ? "epsilon" : "rho", account.Limit, account.Spent,
            Math.Max(0, account.Limit - account.Spent), account.LimitDelta, account.SpentDelta);
}

public sealed record AgreementResponse(Guid Id, string Status, bool Intact, string Integrity, Guid DatasetId, string Dataset, Guid VersionId, int VersionNumber,
    string Relation, Guid ProviderOrganisationId, string Provider, Guid ConsumerOrganisationId, string Consumer, string Purpose, DateTimeOffset SignedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevocationReason, string Hash, int Uses, OfferTerms? Terms, BudgetResponse? Budget)
{
    public static AgreementResponse From(AgreementView view)
    {
        var a = view.Agreement;
        var d = view.Integrity.Document;
        return new AgreementResponse(a.Id, view.Status.ToString(), view.Integrity.Intact, view.Integrity.Explanation, a.DatasetId, d?.Dataset.Title ?? "",
            a.DatasetVersionId, d?.Dataset.VersionNumber ?? 0, d?.Relation ?? "", a.ProviderOrganisationId, d?.Provider.Name ?? "", a.ConsumerOrganisationId,
            d?.Consumer.Name ?? "", a.Purpose, a.SignedAt, a.ExpiresAt, a.RevokedAt, a.RevocationReason, a.Hash, a.Uses, view.Terms,
            BudgetResponse.From(view.Budget));
    }
}

public sealed record AgreementDocumentResponse(string Document, string Hash, string HashAlgorithm, string Signature, string SignatureAlgorithm,
    string KeyId, string? PublicKey, string Canonicalisation, bool Intact, string Integrity);
