using System.Globalization;
using System.Text;
using Agora.Platform.Accounts;
using Agora.Platform.Catalog;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Agora.Platform.Offers;
using Agora.Platform.Organisations;
using Agora.Platform.Querying;
using Agora.Privacy.Policies;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Agreements;

/// <summary>A negotiation with what a page shows next to it.</summary>
public sealed record NegotiationView(AccessNegotiation Negotiation, OfferView Offer, UsagePolicy Terms, OfferTerms TermsInWords,
    Organisation Provider, Organisation Consumer, PolicyDecision Decision, IReadOnlyDictionary<string, string> PeopleNames);

/// <summary>Whether an agreement is intact: its document hashes to its hash, the platform signed it, and the register row
/// matches it.</summary>
public sealed record AgreementIntegrity(bool Intact, string Explanation, AgreementDocument? Document);

/// <summary>An agreement in the register with its integrity and budget.</summary>
public sealed record AgreementView(Agreement Agreement, AgreementIntegrity Integrity, AgreementStatus Status, OfferTerms? Terms,
    PrivacyBudgetAccount? Budget);

public enum AgreementStatus
{
    Active,
    Expired,
    Revoked,
    Broken,
}

/// <summary>An agreement that may be used now, with its verified document and policy.</summary>
/// <summary>The payload of <see cref="AgreementService.RemoteNegotiationMessageJobKind"/>. <see cref="BaseUrl"/> is this
/// platform's DSP base URL, given as <c>callbackAddress</c> in a provider-initiated offer.</summary>
public sealed record RemoteNegotiationMessage(Guid NegotiationId, NegotiationMessage Message, string? Reason, string? BaseUrl = null);

public sealed record UsableAgreement(Agreement Agreement, AgreementDocument Document, UsagePolicy Policy);

/// <summary>
/// Requests, decisions and agreements. A consumer (any member of an organisation) asks for access to an offer for a stated
/// purpose; the provider's stewards approve, reject or counter-offer (never their own request); a policy may approve by
/// itself. Approval signs an immutable agreement and walks the negotiation through AGREED, VERIFIED and FINALIZED. Every
/// use verifies the agreement's hash and signature and reads its terms from the signed document.
/// </summary>
public sealed class AgreementService(AgoraDbContext db, OfferService offers, BudgetLedger ledger, PlatformSigner signer, AccessAudit audit,
    TimeProvider clock)
{
    /// <summary>The actor id recorded for what the platform does by itself (automatic approval, verification).</summary>
    public const string PlatformActorId = "agora:platform";

    /// <summary>The actor id prefix of a remote dataspace participant (<c>dsp:…</c>): its negotiations are verified and
    /// finalised over the Dataspace Protocol, not on this platform.</summary>
    public const string RemoteActorPrefix = "dsp:";

    /// <summary>The job that sends a signed agreement to a remote consumer.</summary>
    public const string RemoteAgreementJobKind = "dataspace.agreement";

    /// <summary>The job that tells a remote consumer about a steward's counter-offer or rejection
    /// (payload: <see cref="RemoteNegotiationMessage"/>).</summary>
    public const string RemoteNegotiationMessageJobKind = "dataspace.negotiation-message";

    public static bool IsRemote(AccessNegotiation negotiation) =>
        negotiation.RequestedById.StartsWith(RemoteActorPrefix, StringComparison.Ordinal);

    /// <summary>A remote consumer verified the agreement it received (DSP ContractAgreementVerificationMessage): the
    /// negotiation moves to VERIFIED, then the provider finalises it.</summary>
    public async Task ConfirmRemoteVerificationAsync(Guid negotiationId, CancellationToken cancellationToken)
    {
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().SingleAsync(n => n.Id == negotiationId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await MoveAsync(negotiation, NegotiationMessage.AgreementVerification, NegotiationParty.Consumer, null,
            "The remote consumer verified the agreement.", cancellationToken);
        await MoveAsync(negotiation, NegotiationMessage.Finalized, NegotiationParty.Provider, null, "The agreement is in force.", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Agreements whose offer sets no end date end after a year.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(365);

    public static bool CanDecide(Actor actor, Guid providerOrganisationId) =>
        actor.HasRole(providerOrganisationId, OrganisationRole.DataSteward) && actor.HasScope(TokenScopes.Manage);

    // ───────────── requests and decisions ─────────────

    public async Task<NegotiationView> RequestAsync(Actor actor, Guid offerId, Guid consumerOrganisationId, string purpose, string? statement,
        CancellationToken cancellationToken)
    {
        actor.Demand(consumerOrganisationId, OrganisationRole.Analyst, TokenScopes.Query);
        var offer = await offers.GetAsync(actor, offerId, cancellationToken);
        var consumer = await OrganisationAsync(consumerOrganisationId, cancellationToken);
        var fields = new Dictionary<string, string[]>();
        if (!offer.Offer.IsActive)
        {
            throw new PlatformException(PlatformError.Conflict, "This offer was withdrawn; ask for another one.");
        }
        if (offer.Dataset.State != DatasetState.Published)
        {
            throw new PlatformException(PlatformError.Conflict, "Access can be asked only for a published dataset.");
        }
        if (consumerOrganisationId == offer.Offer.OrganisationId)
        {
            throw new PlatformException(PlatformError.Conflict, "Your organisation provides this dataset; its members need no agreement.");
        }
        if (string.IsNullOrWhiteSpace(purpose) || !PurposeCatalogue.Default.Contains(purpose))
        {
            fields["purpose"] = ["Choose a purpose from the list."];
        }
        if (statement is { Length: > 4000 })
        {
            fields["statement"] = ["Say why in at most 4,000 characters."];
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The request is not valid: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
        var open = await db.Set<AccessNegotiation>().AnyAsync(n => n.OfferId == offerId && n.ConsumerOrganisationId == consumerOrganisationId
            && n.State != NegotiationState.Finalized && n.State != NegotiationState.Terminated, cancellationToken);
        if (open)
        {
            throw new PlatformException(PlatformError.Conflict, "Your organisation already has an open request for this offer.");
        }
        var decision = OfferService.Explain(offer, consumer, purpose, clock.GetUtcNow());
        if (!decision.Permitted)
        {
            await audit.RecordAsync(AccessAudit.AccessRequestRefused, actor, consumerOrganisationId, "offer", offerId, new Dictionary<string, string?>
            {
                ["purpose"] = purpose, ["reason"] = decision.Summary,
            }, cancellationToken);
            throw new PlatformException(PlatformError.Validation, "The offer's policy does not permit this request. " + decision.Summary,
                new Dictionary<string, string[]> { ["policy"] = [.. decision.Reasons.Where(r => !r.Holds).Select(r => r.Explanation)] });
        }

        var now = clock.GetUtcNow();
        var negotiation = new AccessNegotiation
        {
            OfferId = offerId, DatasetId = offer.Dataset.Id, DatasetVersionId = offer.Version.Id, ProviderOrganisationId = offer.Offer.OrganisationId,
            ConsumerOrganisationId = consumerOrganisationId, RequestedById = actor.RequiredUserId, Purpose = purpose,
            Statement = string.IsNullOrWhiteSpace(statement) ? null : statement.Trim(),
            State = NegotiationStateMachine.Next(null, NegotiationMessage.ContractRequest, NegotiationParty.Consumer),
            PolicyJson = offer.Offer.PolicyJson, CreatedAt = now, UpdatedAt = now,
        };
        negotiation.Steps.Add(new NegotiationStep
        {
            From = null, To = negotiation.State, Message = NegotiationMessage.ContractRequest, Sender = NegotiationParty.Consumer,
            ActorId = actor.RequiredUserId, Comment = negotiation.Statement, At = now,
        });
        db.Add(negotiation);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.AccessRequested, actor, consumerOrganisationId, "negotiation", negotiation.Id, new Dictionary<string, string?>
        {
            ["offer"] = offerId.ToString(), ["dataset"] = offer.Dataset.Id.ToString(), ["purpose"] = purpose,
            ["provider"] = offer.Offer.OrganisationId.ToString(), ["state"] = NegotiationStateMachine.Name(negotiation.State),
        }, cancellationToken);

        if (offer.Offer.AutoApprove)
        {
            await AgreeAsync(null, negotiation.Id, "Approved automatically: the offer's policy permits this request.", cancellationToken);
        }
        return await GetNegotiationAsync(actor, negotiation.Id, cancellationToken);
    }

    /// <summary>A steward of the provider offers one of its offers to a remote dataspace participant (a DSP provider-initiated
    /// ContractOfferMessage): the negotiation starts OFFERED on the offer's terms, for <paramref name="consumerOrganisationId"/>
    /// (the organisation standing for the participant) and on behalf of <paramref name="remoteActorId"/>, whose acceptance
    /// arrives over the protocol. <paramref name="alongside"/> adds what must be saved with it (the DSP link, the outgoing message).</summary>
    public async Task<NegotiationView> OfferToRemoteAsync(Actor actor, Guid offerId, Guid consumerOrganisationId, string remoteActorId, string? purpose,
        Action<AccessNegotiation> alongside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(alongside);
        var offer = await offers.GetAsync(actor, offerId, cancellationToken);
        if (!CanDecide(actor, offer.Offer.OrganisationId))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the offering organisation send its offers to other connectors.");
        }
        if (!offer.Offer.IsActive || offer.Dataset.State != DatasetState.Published)
        {
            throw new PlatformException(PlatformError.Conflict, "Only an active offer of a published dataset can be sent.");
        }
        if (consumerOrganisationId == offer.Offer.OrganisationId)
        {
            throw new PlatformException(PlatformError.Conflict, "The participant stands for your own organisation; its members need no agreement.");
        }
        var chosen = string.IsNullOrWhiteSpace(purpose) ? (offer.Terms.Purposes.Count == 1 ? offer.Terms.Purposes[0] : null) : purpose.Trim();
        if (chosen is null || !offer.Terms.Purposes.Contains(chosen, StringComparer.Ordinal))
        {
            throw new PlatformException(PlatformError.Validation, "Choose one of the offer's purposes: " + string.Join(", ", offer.Terms.Purposes),
                new Dictionary<string, string[]> { ["purpose"] = ["Choose one of the offer's purposes."] });
        }
        if (await db.Set<AccessNegotiation>().AnyAsync(n => n.OfferId == offerId && n.ConsumerOrganisationId == consumerOrganisationId
            && n.State != NegotiationState.Finalized && n.State != NegotiationState.Terminated, cancellationToken))
        {
            throw new PlatformException(PlatformError.Conflict, "A negotiation on this offer with this participant is open already.");
        }
        var consumer = await OrganisationAsync(consumerOrganisationId, cancellationToken);
        var now = clock.GetUtcNow();
        var decision = OfferService.Explain(offer, consumer, chosen, now);
        if (!decision.Permitted)
        {
            throw new PlatformException(PlatformError.Validation, "The offer's policy does not permit this participant. " + decision.Summary,
                new Dictionary<string, string[]> { ["policy"] = [.. decision.Reasons.Where(r => !r.Holds).Select(r => r.Explanation)] });
        }
        var negotiation = new AccessNegotiation
        {
            OfferId = offerId, DatasetId = offer.Dataset.Id, DatasetVersionId = offer.Version.Id, ProviderOrganisationId = offer.Offer.OrganisationId,
            ConsumerOrganisationId = consumerOrganisationId, RequestedById = remoteActorId, Purpose = chosen,
            State = NegotiationStateMachine.Next(null, NegotiationMessage.ContractOffer, NegotiationParty.Provider),
            PolicyJson = offer.Offer.PolicyJson, CreatedAt = now, UpdatedAt = now,
        };
        negotiation.Steps.Add(new NegotiationStep
        {
            From = null, To = negotiation.State, Message = NegotiationMessage.ContractOffer, Sender = NegotiationParty.Provider,
            ActorId = actor.RequiredUserId, At = now,
        });
        db.Add(negotiation);
        alongside(negotiation);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.AccessCounterOffered, actor, offer.Offer.OrganisationId, "negotiation", negotiation.Id,
            new Dictionary<string, string?> { ["offer"] = offerId.ToString(), ["consumer"] = consumerOrganisationId.ToString(), ["initial"] = "true" },
            cancellationToken);
        return await GetNegotiationAsync(actor, negotiation.Id, cancellationToken);
    }

    public async Task<NegotiationView> ApproveAsync(Actor actor, Guid negotiationId, string? comment, CancellationToken cancellationToken)
    {
        await DemandProviderAsync(actor, negotiationId, "approve", cancellationToken);
        await AgreeAsync(actor, negotiationId, comment, cancellationToken);
        return await GetNegotiationAsync(actor, negotiationId, cancellationToken);
    }

    public async Task<NegotiationView> RejectAsync(Actor actor, Guid negotiationId, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new PlatformException(PlatformError.Validation, "Say why the request is rejected, so the consumer understands.",
                new Dictionary<string, string[]> { ["reason"] = ["A reason is required when rejecting."] });
        }
        var negotiation = await DemandProviderAsync(actor, negotiationId, "reject", cancellationToken);
        await MoveAsync(negotiation, NegotiationMessage.Termination, NegotiationParty.Provider, actor, reason.Trim(), cancellationToken);
        TellRemoteConsumer(negotiation, NegotiationMessage.Termination, reason.Trim());
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.AccessRejected, actor, negotiation.ProviderOrganisationId, "negotiation", negotiationId,
            new Dictionary<string, string?> { ["reason"] = reason.Trim() }, cancellationToken);
        return await GetNegotiationAsync(actor, negotiationId, cancellationToken);
    }

    /// <summary>The provider proposes other terms (a narrower purpose list, a smaller budget, a shorter period…); the consumer
    /// accepts (the agreement is then signed) or declines.</summary>
    public async Task<NegotiationView> CounterOfferAsync(Actor actor, Guid negotiationId, OfferTerms terms, string? comment, CancellationToken cancellationToken)
    {
        var negotiation = await DemandProviderAsync(actor, negotiationId, "counter-offer", cancellationToken);
        var offer = await offers.GetAsync(actor, negotiation.OfferId, cancellationToken);
        // The counter-offer keeps what the offer fixed (version, privacy metadata, named organisations) and changes the terms.
        var counter = ValidateCounterOffer(offer, terms with { Privacy = offer.Terms.Privacy, VersionNumber = offer.Version.Number });
        var policy = counter.ToPolicy($"urn:uuid:{Guid.CreateVersion7()}", PolicyKind.Offer, OfferService.Target(offer.Version.Id),
            [.. offer.Terms.Organisations.Select(Guid.Parse)]);
        var json = OdrlJson.ToJson(policy).ToJsonString();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await MoveAsync(negotiation, NegotiationMessage.ContractOffer, NegotiationParty.Provider, actor, comment, cancellationToken);
        await db.Set<AccessNegotiation>().Where(n => n.Id == negotiationId).ExecuteUpdateAsync(s => s.SetProperty(n => n.PolicyJson, json), cancellationToken);
        TellRemoteConsumer(negotiation, NegotiationMessage.ContractOffer, comment);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.AccessCounterOffered, actor, negotiation.ProviderOrganisationId, "negotiation", negotiationId,
            new Dictionary<string, string?> { ["comment"] = comment }, cancellationToken);
        return await GetNegotiationAsync(actor, negotiationId, cancellationToken);
    }

    /// <summary>The consumer accepts the provider's counter-offer: ACCEPTED, then the platform signs the agreement on the
    /// provider's behalf (the counter-offer was the provider's consent).</summary>
    public async Task<NegotiationView> AcceptAsync(Actor actor, Guid negotiationId, CancellationToken cancellationToken)
    {
        var negotiation = await DemandConsumerAsync(actor, negotiationId, cancellationToken);
        var view = await GetNegotiationAsync(actor, negotiationId, cancellationToken);
        if (!view.Decision.Permitted)
        {
            throw new PlatformException(PlatformError.Conflict, "The counter-offer does not permit your request, so accepting it would give an agreement you cannot use. "
                + view.Decision.Summary);
        }
        await MoveAsync(negotiation, NegotiationMessage.Accepted, NegotiationParty.Consumer, actor, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.AccessCounterOfferAccepted, actor, negotiation.ConsumerOrganisationId, "negotiation", negotiationId,
            new Dictionary<string, string?>(), cancellationToken);
        await AgreeAsync(null, negotiationId, "Signed on the counter-offer the consumer accepted.", cancellationToken);
        return await GetNegotiationAsync(actor, negotiationId, cancellationToken);
    }

    /// <summary>The consumer withdraws its request or declines a counter-offer.</summary>
    public async Task<NegotiationView> WithdrawAsync(Actor actor, Guid negotiationId, string? reason, CancellationToken cancellationToken)
    {
        var negotiation = await DemandConsumerAsync(actor, negotiationId, cancellationToken);
        await MoveAsync(negotiation, NegotiationMessage.Termination, NegotiationParty.Consumer, actor, reason, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.AccessTerminated, actor, negotiation.ConsumerOrganisationId, "negotiation", negotiationId,
            new Dictionary<string, string?> { ["reason"] = reason }, cancellationToken);
        return await GetNegotiationAsync(actor, negotiationId, cancellationToken);
    }

    public async Task<NegotiationView> GetNegotiationAsync(Actor actor, Guid negotiationId, CancellationToken cancellationToken)
    {
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().Include(n => n.Steps)
            .SingleOrDefaultAsync(n => n.Id == negotiationId, cancellationToken);
        if (negotiation is null || !(actor.IsMember(negotiation.ProviderOrganisationId) || actor.IsMember(negotiation.ConsumerOrganisationId) || actor.IsOperator))
        {
            throw new PlatformException(PlatformError.NotFound, "No such request.");
        }
        return await ViewAsync(actor, negotiation, cancellationToken);
    }

    /// <summary>Requests waiting for a decision by the actor's organisations (where the actor is a steward).</summary>
    public async Task<List<NegotiationView>> InboxAsync(Actor actor, CancellationToken cancellationToken)
    {
        var organisations = actor.Roles.Where(r => r.Value >= OrganisationRole.DataSteward).Select(r => r.Key).ToList();
        var list = await db.Set<AccessNegotiation>().AsNoTracking().Include(n => n.Steps)
            .Where(n => organisations.Contains(n.ProviderOrganisationId) && (n.State == NegotiationState.Requested || n.State == NegotiationState.Offered))
            .ToListAsync(cancellationToken);
        var views = new List<NegotiationView>();
        foreach (var negotiation in list.OrderBy(n => n.CreatedAt))
        {
            views.Add(await ViewAsync(actor, negotiation, cancellationToken));
        }
        return views;
    }

    /// <summary>Requests made by the actor's organisations, newest first.</summary>
    public async Task<List<NegotiationView>> OutboxAsync(Actor actor, CancellationToken cancellationToken)
    {
        var organisations = actor.Roles.Keys.ToList();
        var list = await db.Set<AccessNegotiation>().AsNoTracking().Include(n => n.Steps)
            .Where(n => organisations.Contains(n.ConsumerOrganisationId)).ToListAsync(cancellationToken);
        var views = new List<NegotiationView>();
        foreach (var negotiation in list.OrderByDescending(n => n.UpdatedAt).Take(200))
        {
            views.Add(await ViewAsync(actor, negotiation, cancellationToken));
        }
        return views;
    }

    // ───────────── the register ─────────────

    /// <summary>Agreements where the actor's organisation is provider or consumer (every agreement for operators).</summary>
    public async Task<List<AgreementView>> RegisterAsync(Actor actor, Guid? datasetId, CancellationToken cancellationToken)
    {
        if (!actor.IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        var organisations = actor.Roles.Keys.ToList();
        var query = db.Set<Agreement>().AsNoTracking();
        if (!actor.IsOperator)
        {
            query = query.Where(a => organisations.Contains(a.ProviderOrganisationId) || organisations.Contains(a.ConsumerOrganisationId));
        }
        if (datasetId is { } id)
        {
            query = query.Where(a => a.DatasetId == id);
        }
        var list = await query.ToListAsync(cancellationToken);
        var views = new List<AgreementView>();
        foreach (var agreement in list.OrderByDescending(a => a.SignedAt))
        {
            views.Add(await AgreementViewAsync(agreement, cancellationToken));
        }
        return views;
    }

    public async Task<AgreementView> GetAsync(Actor actor, Guid agreementId, CancellationToken cancellationToken) =>
        await AgreementViewAsync(await VisibleAgreementAsync(actor, agreementId, cancellationToken), cancellationToken);

    /// <summary>Revokes an agreement: the provider's stewards (or the consumer's, giving it up). It stays in the register.</summary>
    public async Task<AgreementView> RevokeAsync(Actor actor, Guid agreementId, string? reason, CancellationToken cancellationToken)
    {
        var agreement = await VisibleAgreementAsync(actor, agreementId, cancellationToken);
        if (!CanDecide(actor, agreement.ProviderOrganisationId) && !CanDecide(actor, agreement.ConsumerOrganisationId))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the provider or of the consumer revoke an agreement.");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new PlatformException(PlatformError.Validation, "Say why the agreement is revoked.",
                new Dictionary<string, string[]> { ["reason"] = ["A reason is required."] });
        }
        var now = clock.GetUtcNow();
        var trimmed = reason.Trim();
        var revoked = await db.Set<Agreement>().Where(a => a.Id == agreementId && a.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.RevokedAt, now).SetProperty(a => a.RevokedById, actor.RequiredUserId)
                .SetProperty(a => a.RevocationReason, trimmed), cancellationToken);
        if (revoked == 0)
        {
            throw new PlatformException(PlatformError.Conflict, "The agreement was already revoked.");
        }
        await audit.RecordAsync(AccessAudit.AgreementRevoked, actor, agreement.ProviderOrganisationId, "agreement", agreementId,
            new Dictionary<string, string?> { ["reason"] = trimmed, ["hash"] = agreement.Hash }, cancellationToken);
        return await GetAsync(actor, agreementId, cancellationToken);
    }

    /// <summary>The agreement, verified and in force, for a use by a member of its consumer; otherwise a clear refusal, audited.</summary>
    public async Task<UsableAgreement> OpenForUseAsync(Actor actor, Guid agreementId, CancellationToken cancellationToken)
    {
        if (!actor.IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        var agreement = await VisibleAgreementAsync(actor, agreementId, cancellationToken);
        var integrity = Verify(agreement);
        if (!integrity.Intact)
        {
            await audit.RecordAsync(AccessAudit.AgreementIntegrityFailed, actor, agreement.ConsumerOrganisationId, "agreement", agreementId,
                new Dictionary<string, string?> { ["reason"] = integrity.Explanation, ["recordedHash"] = agreement.Hash }, cancellationToken);
            throw new PlatformException(PlatformError.Forbidden,
                $"Agreement {agreementId} cannot be used: {integrity.Explanation} It may have been altered; the refusal is in the audit log.");
        }
        var document = integrity.Document!;
        string? refusal = null;
        if (!actor.IsMember(document.Consumer.Id))
        {
            refusal = $"Only members of {document.Consumer.Name} use this agreement.";
        }
        else if (!actor.HasScope(TokenScopes.Query))
        {
            refusal = "This token lacks the 'query' scope.";
        }
        else if (agreement.RevokedAt is { } revokedAt)
        {
            refusal = $"The agreement was revoked on {revokedAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}: {agreement.RevocationReason}";
        }
        else if (clock.GetUtcNow() > document.ExpiresAt)
        {
            refusal = $"The agreement expired on {document.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}.";
        }
        if (refusal is not null)
        {
            await audit.RecordAsync(AccessAudit.AgreementUseRefused, actor, document.Consumer.Id, "agreement", agreementId,
                new Dictionary<string, string?> { ["reason"] = refusal }, cancellationToken);
            throw new PlatformException(PlatformError.Forbidden, refusal);
        }
        return new UsableAgreement(agreement, document, document.UsagePolicy());
    }

    /// <summary>Checks hash, signature and register row against the signed document.</summary>
    public AgreementIntegrity Verify(Agreement agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (!string.Equals(AgreementDocument.HashOf(agreement.Document), agreement.Hash, StringComparison.Ordinal))
        {
            return new AgreementIntegrity(false, "Its content does not match its recorded hash.", null);
        }
        if (!signer.Verify(agreement.SigningKeyId, Encoding.UTF8.GetBytes(agreement.Document), agreement.Signature))
        {
            return new AgreementIntegrity(false, "Its signature was not made by the platform's key over this content.", null);
        }
        AgreementDocument document;
        try
        {
            document = AgreementDocument.Parse(agreement.Document);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or PolicyFormatException or NotSupportedException)
        {
            return new AgreementIntegrity(false, "Its signed document cannot be read.", null);
        }
        if (document.AgreementId != agreement.Id || document.Consumer.Id != agreement.ConsumerOrganisationId
            || document.Provider.Id != agreement.ProviderOrganisationId || document.Dataset.VersionId != agreement.DatasetVersionId
            || document.Dataset.Id != agreement.DatasetId)
        {
            return new AgreementIntegrity(false, "Its register entry does not match the signed document.", null);
        }
        return new AgreementIntegrity(true, string.Create(CultureInfo.InvariantCulture,
            $"Intact: SHA-256 {agreement.Hash[..16]}…, signed by the platform key {agreement.SigningKeyId}."), document);
    }

    /// <summary>Counts one use against the agreement's limit (a conditional UPDATE, so concurrent uses cannot pass it).</summary>
    public async Task<bool> CountUseAsync(Guid agreementId, int? maxUses, CancellationToken cancellationToken)
    {
        var query = db.Set<Agreement>().Where(a => a.Id == agreementId);
        if (maxUses is { } max)
        {
            query = query.Where(a => a.Uses < max);
        }
        return await query.ExecuteUpdateAsync(s => s.SetProperty(a => a.Uses, a => a.Uses + 1), cancellationToken) == 1;
    }

    // ───────────── internals ─────────────

    /// <summary>Signs the agreement and finalises the negotiation. <paramref name="approver"/> is null when the platform
    /// approves by itself (automatic approval, accepted counter-offer).</summary>
    private async Task AgreeAsync(Actor? approver, Guid negotiationId, string? comment, CancellationToken cancellationToken)
    {
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().SingleAsync(n => n.Id == negotiationId, cancellationToken);
        var offerRow = await db.Set<Offer>().AsNoTracking().SingleAsync(o => o.Id == negotiation.OfferId, cancellationToken);
        if (!offerRow.IsActive)
        {
            throw new PlatformException(PlatformError.Conflict, "The offer was withdrawn after the request; reject the request or publish a new offer.");
        }
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Versions).Include(d => d.Organisation)
            .SingleAsync(d => d.Id == negotiation.DatasetId, cancellationToken);
        var offer = OfferService.View(offerRow, dataset, await offers.OrganisationNamesAsync(cancellationToken));
        var provider = await OrganisationAsync(negotiation.ProviderOrganisationId, cancellationToken);
        var consumer = await OrganisationAsync(negotiation.ConsumerOrganisationId, cancellationToken);
        var terms = OdrlJson.Parse(negotiation.PolicyJson);
        var now = clock.GetUtcNow();
        var decision = Judge(offer, terms, consumer, negotiation.Purpose, now);
        if (!decision.Permitted)
        {
            throw new PlatformException(PlatformError.Conflict, "The terms no longer permit this request, so no agreement can be signed. " + decision.Summary);
        }
        var termsInWords = OfferTerms.FromPolicy(terms, offer.Terms.Privacy);
        var expiresAt = termsInWords.ExpiresAt is { } until && until < now + DefaultValidity ? until : now + DefaultValidity;
        var agreementId = Guid.CreateVersion7();
        var policy = terms with
        {
            Id = $"urn:uuid:{agreementId}", Kind = PolicyKind.Agreement, Target = OfferService.Target(offer.Version.Id),
            Assigner = provider.Id.ToString(), Assignee = consumer.Id.ToString(), Timestamp = now,
        };
        var document = new AgreementDocument(agreementId, negotiation.Id, offerRow.Id,
            new AgreementParty(provider.Id, provider.Slug, provider.Name, OfferTerms.KindTerm(provider.Kind)),
            new AgreementParty(consumer.Id, consumer.Slug, consumer.Name, OfferTerms.KindTerm(consumer.Kind)),
            new AgreementDataset(dataset.Id, dataset.Slug, dataset.DisplayTitle("en"), offer.Version.Id, offer.Version.Number, offer.Version.ContentHash),
            OfferService.RelationName(dataset), negotiation.Purpose, OdrlJson.ToJson(policy), offer.Terms.Privacy, offerRow.ReviewersRequired,
            negotiation.RequestedById, approver?.RequiredUserId ?? PlatformActorId, now, expiresAt);
        var canonical = document.ToCanonicalJson();
        var (keyId, signature) = signer.Sign(Encoding.UTF8.GetBytes(canonical));
        var agreement = new Agreement
        {
            Id = agreementId, NegotiationId = negotiation.Id, OfferId = offerRow.Id, DatasetId = dataset.Id, DatasetVersionId = offer.Version.Id,
            ProviderOrganisationId = provider.Id, ConsumerOrganisationId = consumer.Id, Purpose = negotiation.Purpose, SignedAt = now,
            ExpiresAt = expiresAt, Document = canonical, Hash = AgreementDocument.HashOf(canonical), Signature = signature,
            SigningKeyId = keyId,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await MoveAsync(negotiation, NegotiationMessage.ContractAgreement, NegotiationParty.Provider, approver, comment, cancellationToken);
        db.Add(agreement);
        await db.SaveChangesAsync(cancellationToken);
        await db.Set<AccessNegotiation>().Where(n => n.Id == negotiation.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.AgreementId, agreementId), cancellationToken);
        // On one platform both sides are here: the platform verifies the signed agreement for the consumer and finalises it.
        if (!Verify(agreement).Intact)
        {
            throw new InvalidOperationException("A freshly signed agreement does not verify.");
        }
        if (IsRemote(negotiation))
        {
            // A consumer in another dataspace connector verifies the agreement itself (DSP): the agreement message is sent
            // to it by a job in the same transaction, and its verification finalises the negotiation.
            db.Jobs.Add(new Jobs.Job
            {
                Kind = RemoteAgreementJobKind, Payload = negotiation.Id.ToString(), RequestedById = PlatformActorId,
                OrganisationId = provider.Id, CreatedAt = now,
            });
        }
        else
        {
            await MoveAsync(negotiation, NegotiationMessage.AgreementVerification, NegotiationParty.Consumer, null,
                "The platform checked the agreement's hash and signature for the consumer.", cancellationToken);
            await MoveAsync(negotiation, NegotiationMessage.Finalized, NegotiationParty.Provider, null, "The agreement is in force.", cancellationToken);
        }
        if (termsInWords.Budget is { } budget && termsInWords.Actions.Any(a => a != PolicyVocabulary.DownloadDerivative))
        {
            await ledger.OpenAsync(consumer.Id, dataset.Id, budget, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await audit.RecordAsync(AccessAudit.AccessApproved, approver, provider.Id, "negotiation", negotiation.Id, new Dictionary<string, string?>
        {
            ["automatic"] = approver is null ? "true" : "false", ["agreement"] = agreementId.ToString(), ["comment"] = comment,
        }, cancellationToken);
        await audit.RecordAsync(AccessAudit.AgreementSigned, approver, provider.Id, "agreement", agreementId, new Dictionary<string, string?>
        {
            ["hash"] = agreement.Hash, ["keyId"] = keyId, ["consumer"] = consumer.Id.ToString(),
            ["dataset"] = dataset.Id.ToString(), ["version"] = offer.Version.Id.ToString(), ["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
        }, cancellationToken);
    }

    private async Task MoveAsync(AccessNegotiation negotiation, NegotiationMessage message, NegotiationParty sender, Actor? actor, string? comment,
        CancellationToken cancellationToken)
    {
        var from = negotiation.State;
        var to = NegotiationStateMachine.Next(from, message, sender);
        var now = clock.GetUtcNow();
        var moved = await db.Set<AccessNegotiation>().Where(n => n.Id == negotiation.Id && n.State == from)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, to).SetProperty(n => n.UpdatedAt, now), cancellationToken);
        if (moved == 0)
        {
            throw new PlatformException(PlatformError.Conflict, "Someone else changed this request meanwhile; reload it.");
        }
        negotiation.State = to;
        db.Add(new NegotiationStep
        {
            NegotiationId = negotiation.Id, From = from, To = to, Message = message, Sender = sender, ActorId = actor?.RequiredUserId ?? PlatformActorId,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), At = now,
        });
        var organisation = sender == NegotiationParty.Provider ? negotiation.ProviderOrganisationId : negotiation.ConsumerOrganisationId;
        await audit.RecordAsync(AccessAudit.NegotiationTransition, actor, organisation, "negotiation", negotiation.Id, new Dictionary<string, string?>
        {
            ["from"] = NegotiationStateMachine.Name(from), ["to"] = NegotiationStateMachine.Name(to), ["message"] = message.ToString(),
            ["sender"] = sender.ToString(),
        }, cancellationToken);
    }

    /// <summary>A consumer in another connector learns of the provider's move by a DSP message, queued in the same
    /// transaction as the move (the Dataspace feature sends it).</summary>
    private void TellRemoteConsumer(AccessNegotiation negotiation, NegotiationMessage message, string? reason)
    {
        if (IsRemote(negotiation))
        {
            db.Jobs.Add(new Jobs.Job
            {
                Kind = RemoteNegotiationMessageJobKind,
                Payload = System.Text.Json.JsonSerializer.Serialize(new RemoteNegotiationMessage(negotiation.Id, message, reason)),
                RequestedById = PlatformActorId, OrganisationId = negotiation.ProviderOrganisationId, CreatedAt = clock.GetUtcNow(),
            });
        }
    }

    private async Task<AccessNegotiation> DemandProviderAsync(Actor actor, Guid negotiationId, string what, CancellationToken cancellationToken)
    {
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().SingleOrDefaultAsync(n => n.Id == negotiationId, cancellationToken);
        if (negotiation is null || !(actor.IsMember(negotiation.ProviderOrganisationId) || actor.IsMember(negotiation.ConsumerOrganisationId) || actor.IsOperator))
        {
            // Another organisation's steward learns nothing, not even that the request exists; the attempt is still audited.
            await audit.RecordAsync(AccessAudit.AccessDecisionRefused, actor, null, "negotiation", negotiationId,
                new Dictionary<string, string?> { ["decision"] = what, ["reason"] = "not a party" }, cancellationToken);
            throw new PlatformException(PlatformError.NotFound, "No such request.");
        }
        string? refusal = null;
        if (!CanDecide(actor, negotiation.ProviderOrganisationId))
        {
            refusal = "Only data stewards of the providing organisation decide on access requests.";
        }
        else if (string.Equals(actor.UserId, negotiation.RequestedById, StringComparison.Ordinal))
        {
            refusal = "You asked for this access yourself; another steward of the provider must decide.";
        }
        if (refusal is not null)
        {
            await audit.RecordAsync(AccessAudit.AccessDecisionRefused, actor, negotiation.ProviderOrganisationId, "negotiation", negotiationId,
                new Dictionary<string, string?> { ["decision"] = what, ["reason"] = refusal }, cancellationToken);
            throw new PlatformException(PlatformError.Forbidden, refusal);
        }
        return negotiation;
    }

    private async Task<AccessNegotiation> DemandConsumerAsync(Actor actor, Guid negotiationId, CancellationToken cancellationToken)
    {
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().SingleOrDefaultAsync(n => n.Id == negotiationId, cancellationToken);
        if (negotiation is null || !(actor.IsMember(negotiation.ProviderOrganisationId) || actor.IsMember(negotiation.ConsumerOrganisationId)))
        {
            throw new PlatformException(PlatformError.NotFound, "No such request.");
        }
        var allowed = actor.IsMember(negotiation.ConsumerOrganisationId) && actor.HasScope(TokenScopes.Query)
            && (string.Equals(actor.UserId, negotiation.RequestedById, StringComparison.Ordinal)
                || actor.HasRole(negotiation.ConsumerOrganisationId, OrganisationRole.DataSteward));
        if (!allowed)
        {
            throw new PlatformException(PlatformError.Forbidden, "Only the person who asked, or a steward of their organisation, answers for the consumer.");
        }
        return negotiation;
    }

    private static OfferTerms ValidateCounterOffer(OfferView offer, OfferTerms terms)
    {
        var fields = new Dictionary<string, string[]>();
        if (terms.Purposes.Count == 0 || terms.Purposes.Any(p => !PurposeCatalogue.Default.Contains(p)))
        {
            fields["purposes"] = ["Choose at least one purpose from the list."];
        }
        if (terms.Actions.Count == 0 || terms.Actions.Any(a => !offer.Terms.Actions.Contains(a, StringComparer.Ordinal)))
        {
            fields["actions"] = ["A counter-offer permits some of the offer's actions, no others."];
        }
        // The same budget rules as an offer's: a δ of 1 or more would otherwise fail only when the policy is built.
        foreach (var (field, problem) in terms.BudgetProblems())
        {
            fields[field] = [problem];
        }
        if (terms.ValidFrom is { } from && terms.ValidUntil is { } until && from > until)
        {
            fields["validUntil"] = ["The end of the validity period comes before its start."];
        }
        if (terms.MaxUses is < 1)
        {
            fields["maxUses"] = ["The number of uses is at least 1."];
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The counter-offer is not valid: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
        return terms;
    }

    private static PolicyDecision Judge(OfferView offer, UsagePolicy terms, Organisation consumer, string purpose, DateTimeOffset at) =>
        OfferService.Explain(offer with { Policy = terms }, consumer, purpose, at);

    private async Task<NegotiationView> ViewAsync(Actor actor, AccessNegotiation negotiation, CancellationToken cancellationToken)
    {
        var offerRow = await db.Set<Offer>().AsNoTracking().SingleAsync(o => o.Id == negotiation.OfferId, cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Versions).Include(d => d.Organisation)
            .SingleAsync(d => d.Id == negotiation.DatasetId, cancellationToken);
        var names = await offers.OrganisationNamesAsync(cancellationToken);
        var offer = OfferService.View(offerRow, dataset, names);
        var terms = OdrlJson.Parse(negotiation.PolicyJson);
        var provider = await OrganisationAsync(negotiation.ProviderOrganisationId, cancellationToken);
        var consumer = await OrganisationAsync(negotiation.ConsumerOrganisationId, cancellationToken);
        var decision = Judge(offer, terms, consumer, negotiation.Purpose, clock.GetUtcNow());
        var people = negotiation.Steps.Select(s => s.ActorId).Append(negotiation.RequestedById).Distinct(StringComparer.Ordinal).ToList();
        var peopleNames = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrEmpty(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, cancellationToken);
        foreach (var remote in people.Where(p => p.StartsWith(RemoteActorPrefix, StringComparison.Ordinal)))
        {
            // A remote consumer is named by its registered participant (another dataspace connector).
            if (Guid.TryParseExact(remote[RemoteActorPrefix.Length..], "N", out var participantId)
                && await db.DataspaceParticipants.AsNoTracking().Where(p => p.Id == participantId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken)
                    is { } participantName)
            {
                peopleNames[remote] = participantName;
            }
        }
        _ = actor;
        negotiation.Steps = [.. negotiation.Steps.OrderBy(s => s.At).ThenBy(s => s.Id)];
        return new NegotiationView(negotiation, offer, terms, OfferTerms.FromPolicy(terms, offer.Terms.Privacy, offer.Offer.Title), provider, consumer,
            decision, peopleNames);
    }

    private async Task<Agreement> VisibleAgreementAsync(Actor actor, Guid agreementId, CancellationToken cancellationToken)
    {
        var agreement = await db.Set<Agreement>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == agreementId, cancellationToken);
        if (agreement is null || !(actor.IsMember(agreement.ProviderOrganisationId) || actor.IsMember(agreement.ConsumerOrganisationId) || actor.IsOperator))
        {
            throw new PlatformException(PlatformError.NotFound, "No such agreement.");
        }
        return agreement;
    }

    private async Task<AgreementView> AgreementViewAsync(Agreement agreement, CancellationToken cancellationToken)
    {
        var integrity = Verify(agreement);
        var status = !integrity.Intact ? AgreementStatus.Broken
            : agreement.RevokedAt is not null ? AgreementStatus.Revoked
            : clock.GetUtcNow() > integrity.Document!.ExpiresAt ? AgreementStatus.Expired
            : AgreementStatus.Active;
        var terms = integrity.Document is { } document ? OfferTerms.FromPolicy(document.UsagePolicy(), document.Privacy) : null;
        var budget = await ledger.FindAsync(agreement.ConsumerOrganisationId, agreement.DatasetId, cancellationToken);
        return new AgreementView(agreement, integrity, status, terms, budget);
    }

    private async Task<Organisation> OrganisationAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such organisation.");
}
