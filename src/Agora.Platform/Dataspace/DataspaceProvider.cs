using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Data.Storage;
using Agora.Platform.Agreements;
using Agora.Platform.Audit;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Offers;
using Agora.Platform.Organisations;
using Agora.Privacy.Policies;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Dataspace;

/// <summary>
/// The provider side of the Dataspace Protocol: the catalogue of published datasets with their offers' ODRL policies,
/// contract negotiations backed by the platform's access negotiations and signed agreements, and pull transfers of the
/// version an agreement grants. Every method takes the authenticated participant; a process of another participant is
/// reported as unknown (404).
/// </summary>
public sealed class DataspaceProvider(AgoraDbContext db, AgreementService agreements, OfferService offers, DerivativeDownloads downloads,
    JobSignal signal, AuditLog audit, TimeProvider clock)
{
    public const string TransferStartJobKind = "dataspace.transfer-start";

    // ───────────── catalogue ─────────────

    /// <summary>One page of the catalogue (1-based <paramref name="page"/>); <see cref="CatalogPage.HasNext"/> says whether
    /// a further page exists, so the endpoint can link it (DSP 2025-1 catalogue HTTPS binding, pagination).</summary>
    public async Task<CatalogPage> CatalogAsync(DataspaceParticipant participant, string baseUrl, int page, int pageSize, CancellationToken cancellationToken)
    {
        var actor = DataspaceParticipants.ActorOf(participant);
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Versions).Include(d => d.Organisation)
            .Where(d => d.State == DatasetState.Published).ToListAsync(cancellationToken);
        var offerRows = await db.Set<Offer>().AsNoTracking().Where(o => o.WithdrawnAt == null).ToListAsync(cancellationToken);
        var catalog = DspMessage.New("Catalog");
        catalog["@id"] = baseUrl + "/catalog";
        catalog["participantId"] = baseUrl;
        catalog["service"] = new JsonArray(DataService(baseUrl));
        // Paging counts only the datasets that are in the catalogue (those with an offer), in a stable order.
        var offered = datasets.Where(d => CatalogService.CanSee(actor, d)).OrderBy(d => d.Slug, StringComparer.Ordinal).ThenBy(d => d.Id)
            .Select(d => DatasetJson(d, offerRows, baseUrl)).OfType<JsonObject>().ToList();
        var list = new JsonArray();
        foreach (var json in offered.Skip((page - 1) * pageSize).Take(pageSize))
        {
            list.Add(json);
        }
        catalog["dataset"] = list;
        return new CatalogPage(catalog, (long)page * pageSize < offered.Count);
    }

    public async Task<JsonObject> DatasetAsync(DataspaceParticipant participant, string id, string baseUrl, CancellationToken cancellationToken)
    {
        var datasetId = DspMessage.FromUrn(id) ?? (Guid.TryParse(id, out var plain) ? plain : (Guid?)null) ?? throw DspException.NotFound("dataset");
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Versions).Include(d => d.Organisation)
            .SingleOrDefaultAsync(d => d.Id == datasetId && d.State == DatasetState.Published, cancellationToken);
        if (dataset is null || !CatalogService.CanSee(DataspaceParticipants.ActorOf(participant), dataset))
        {
            throw DspException.NotFound("dataset");
        }
        var offerRows = await db.Set<Offer>().AsNoTracking().Where(o => o.DatasetId == datasetId && o.WithdrawnAt == null).ToListAsync(cancellationToken);
        var json = DatasetJson(dataset, offerRows, baseUrl) ?? throw DspException.NotFound("dataset");
        var standalone = new JsonObject { ["@context"] = new JsonArray(DspMessage.Context) };
        foreach (var property in json.ToList())
        {
            json.Remove(property.Key);
            standalone[property.Key] = property.Value;
        }
        return standalone;
    }

    private static JsonObject? DatasetJson(Dataset dataset, List<Offer> offerRows, string baseUrl)
    {
        var policies = new JsonArray();
        foreach (var offer in offerRows.Where(o => o.DatasetId == dataset.Id).OrderBy(o => o.CreatedAt))
        {
            // In the catalogue an offer carries no target: the dataset is the target (DSP 2025-1, dataset schema).
            var policy = OdrlJson.Parse(offer.PolicyJson) with { Target = null, Assignee = null, Timestamp = null };
            policies.Add(OdrlJson.ToJson(policy, withContext: false));
        }
        if (policies.Count == 0)
        {
            // A DSP dataset needs at least one offer; a dataset offered under no policy is not negotiable.
            return null;
        }
        return new JsonObject
        {
            ["@id"] = DspMessage.Urn(dataset.Id),
            ["@type"] = "Dataset",
            ["title"] = dataset.DisplayTitle("en"),
            ["hasPolicy"] = policies,
            ["distribution"] = new JsonArray(new JsonObject
            {
                ["@type"] = "Distribution",
                ["format"] = DspMessage.HttpPull,
                ["accessService"] = DataService(baseUrl),
            }),
        };
    }

    private static JsonObject DataService(string baseUrl) => new()
    {
        ["@id"] = baseUrl + "/service",
        ["@type"] = "DataService",
        ["endpointURL"] = baseUrl,
    };

    // ───────────── contract negotiation ─────────────

    public async Task<JsonObject> RequestAsync(DataspaceParticipant participant, JsonObject message, CancellationToken cancellationToken)
    {
        var consumerPid = DspMessage.Required(message, "consumerPid");
        if (DspMessage.Text(message, "providerPid") is not null)
        {
            throw DspException.Invalid("A counter-request to an existing negotiation goes to /negotiations/{providerPid}/request.");
        }
        var callback = CallbackOf(participant, message);
        if (participant.OrganisationId is not { } organisationId)
        {
            throw new DspException(400, "400", "This participant is not registered to request contracts (no organisation stands for it).")
                { ConsumerPid = consumerPid };
        }
        var offerJson = message["offer"] as JsonObject ?? throw DspException.Invalid("'offer' is missing.");
        var offerId = DspMessage.FromUrn(DspMessage.Text(offerJson, "@id"));
        var target = DspMessage.Text(offerJson, "target");
        var offerRow = offerId is null ? null
            : await db.Set<Offer>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == offerId && o.WithdrawnAt == null, cancellationToken);
        if (offerRow is null || (target != DspMessage.Urn(offerRow.DatasetId) && target != OfferService.Target(offerRow.DatasetVersionId)))
        {
            throw new DspException(400, "400", "The offer is not one of this catalogue's current offers for the target dataset; request the catalogue again.")
                { ConsumerPid = consumerPid };
        }
        var actor = DataspaceParticipants.ActorOf(participant);
        var view = await offers.GetAsync(actor, offerRow.Id, cancellationToken);
        var purpose = PurposeOf(offerJson) ?? (view.Terms.Purposes.Count == 1 ? view.Terms.Purposes[0] : null)
            ?? throw new DspException(400, "400", "State the purpose: a constraint {\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": …} "
                + "naming one of the offer's purposes: " + string.Join(", ", view.Terms.Purposes)) { ConsumerPid = consumerPid };
        NegotiationView negotiation;
        try
        {
            negotiation = await agreements.RequestAsync(actor, offerRow.Id, organisationId, purpose, $"Requested over the Dataspace Protocol by {participant.Name}.",
                cancellationToken);
        }
        catch (PlatformException e)
        {
            throw new DspException(400, "400", e.Message) { ConsumerPid = consumerPid };
        }
        var now = clock.GetUtcNow();
        db.DataspaceNegotiations.Add(new DataspaceNegotiation
        {
            Id = negotiation.Negotiation.Id, Role = DataspaceRole.Provider, ParticipantId = participant.Id, RemotePid = consumerPid,
            CounterpartAddress = callback, State = negotiation.Negotiation.State, OrganisationId = organisationId,
            RequestedById = DataspaceParticipants.ActorIdOf(participant.Id), DatasetId = DspMessage.Urn(offerRow.DatasetId),
            OfferJson = offerJson.ToJsonString(), CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return NegotiationJson(negotiation.Negotiation.Id, consumerPid, NegotiationState.Requested);
    }

    public async Task<JsonObject> GetNegotiationAsync(DataspaceParticipant participant, string providerPid, CancellationToken cancellationToken)
    {
        var (link, negotiation) = await FindNegotiationAsync(participant, providerPid, cancellationToken);
        return NegotiationJson(negotiation.Id, link.RemotePid ?? "", negotiation.State);
    }

    /// <summary>ContractNegotiationEventMessage ACCEPTED (the consumer accepts a counter-offer).</summary>
    public async Task<JsonObject> EventAsync(DataspaceParticipant participant, string providerPid, JsonObject message, CancellationToken cancellationToken)
    {
        var (link, negotiation) = await FindNegotiationAsync(participant, providerPid, cancellationToken);
        await AdoptConsumerPidAsync(link, message, cancellationToken);
        CheckPids(message, link.RemotePid!, providerPid);
        var eventType = DspMessage.Required(message, "eventType");
        if (eventType != "ACCEPTED")
        {
            throw Illegal(link, providerPid, $"A consumer sends only the ACCEPTED event; got {eventType}.");
        }
        Demand(negotiation.State, NegotiationMessage.Accepted, NegotiationParty.Consumer, link, providerPid);
        await RunAsync(() => agreements.AcceptAsync(DataspaceParticipants.ActorOf(participant), negotiation.Id, cancellationToken), link, providerPid);
        return await GetNegotiationAsync(participant, providerPid, cancellationToken);
    }

    public async Task VerificationAsync(DataspaceParticipant participant, string providerPid, JsonObject message, CancellationToken cancellationToken)
    {
        var (link, negotiation) = await FindNegotiationAsync(participant, providerPid, cancellationToken);
        CheckPids(message, link.RemotePid!, providerPid);
        Demand(negotiation.State, NegotiationMessage.AgreementVerification, NegotiationParty.Consumer, link, providerPid);
        await RunAsync(() => agreements.ConfirmRemoteVerificationAsync(negotiation.Id, cancellationToken), link, providerPid);
        var finalized = DspMessage.New("ContractNegotiationEventMessage");
        finalized["providerPid"] = providerPid;
        finalized["consumerPid"] = link.RemotePid;
        finalized["eventType"] = "FINALIZED";
        await DataspaceOutbox.EnqueueAsync(db, participant.Id, $"{link.CounterpartAddress}/negotiations/{Uri.EscapeDataString(link.RemotePid!)}/events",
            finalized, clock, cancellationToken);
        signal.Notify();
    }

    public async Task TerminationAsync(DataspaceParticipant participant, string providerPid, JsonObject message, CancellationToken cancellationToken)
    {
        var (link, negotiation) = await FindNegotiationAsync(participant, providerPid, cancellationToken);
        await AdoptConsumerPidAsync(link, message, cancellationToken);
        CheckPids(message, link.RemotePid!, providerPid);
        Demand(negotiation.State, NegotiationMessage.Termination, NegotiationParty.Consumer, link, providerPid);
        var reason = message["reason"] is JsonArray reasons ? string.Join(" ", reasons.Select(r => r?.ToJsonString())) : DspMessage.Text(message, "code");
        await RunAsync(() => agreements.WithdrawAsync(DataspaceParticipants.ActorOf(participant), negotiation.Id, reason ?? "Terminated by the consumer.",
            cancellationToken), link, providerPid);
    }

    /// <summary>Runs by <see cref="AgreementService.RemoteAgreementJobKind"/>: sends the signed agreement to the consumer.</summary>
    public async Task SendAgreementAsync(Guid negotiationId, DspClient client, CancellationToken cancellationToken)
    {
        var link = await db.DataspaceNegotiations.AsNoTracking().SingleAsync(n => n.Id == negotiationId && n.Role == DataspaceRole.Provider, cancellationToken);
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().SingleAsync(n => n.Id == negotiationId, cancellationToken);
        if (negotiation.State != NegotiationState.Agreed || negotiation.AgreementId is not { } agreementId)
        {
            return;
        }
        var agreement = await db.Set<Agreement>().AsNoTracking().SingleAsync(a => a.Id == agreementId, cancellationToken);
        var document = AgreementDocument.Parse(agreement.Document);
        var participant = await db.DataspaceParticipants.AsNoTracking().SingleAsync(p => p.Id == link.ParticipantId, cancellationToken);
        var policy = document.UsagePolicy() with { Target = link.DatasetId };
        var message = DspMessage.New("ContractAgreementMessage");
        message["providerPid"] = DspMessage.Urn(negotiationId);
        message["consumerPid"] = link.RemotePid;
        message["agreement"] = OdrlJson.ToJson(policy, withContext: false);
        await client.PostAsync(participant, $"{link.CounterpartAddress}/negotiations/{Uri.EscapeDataString(link.RemotePid!)}/agreement", message, null,
            cancellationToken);
    }

    /// <summary>Runs by <see cref="AgreementService.RemoteNegotiationMessageJobKind"/>: sends a steward's counter-offer
    /// (ContractOfferMessage) or rejection (ContractNegotiationTerminationMessage) to the remote consumer.</summary>
    public async Task SendNegotiationMessageAsync(RemoteNegotiationMessage job, DspClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(client);
        var link = await db.DataspaceNegotiations.AsNoTracking().SingleAsync(n => n.Id == job.NegotiationId && n.Role == DataspaceRole.Provider, cancellationToken);
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().SingleAsync(n => n.Id == job.NegotiationId, cancellationToken);
        var participant = await db.DataspaceParticipants.AsNoTracking().SingleAsync(p => p.Id == link.ParticipantId, cancellationToken);
        if (link.RemotePid is null)
        {
            if (job.Message == NegotiationMessage.ContractOffer && negotiation.State == NegotiationState.Offered)
            {
                await SendInitialOfferAsync(link, negotiation, participant, job.BaseUrl!, client, cancellationToken);
            }
            // Anything else before the consumer answered has nobody to go to: the consumer learns the state when it asks.
            return;
        }
        var address = $"{link.CounterpartAddress}/negotiations/{Uri.EscapeDataString(link.RemotePid)}";
        JsonObject message;
        if (job.Message == NegotiationMessage.ContractOffer)
        {
            // A later move (acceptance, termination) makes an old counter-offer moot: it is not sent any more.
            if (negotiation.State != NegotiationState.Offered)
            {
                return;
            }
            message = DspMessage.New("ContractOfferMessage");
            message["providerPid"] = DspMessage.Urn(negotiation.Id);
            message["consumerPid"] = link.RemotePid;
            // The counter-offer's rules name no target and no assignee: the offer's target is the dataset asked for.
            var policy = OdrlJson.Parse(negotiation.PolicyJson) with { Target = link.DatasetId, Assignee = null, Timestamp = null };
            message["offer"] = OdrlJson.ToJson(policy, withContext: false);
            address += "/offers";
        }
        else
        {
            message = DspMessage.New("ContractNegotiationTerminationMessage");
            message["providerPid"] = DspMessage.Urn(negotiation.Id);
            message["consumerPid"] = link.RemotePid;
            message["code"] = "rejected";
            if (!string.IsNullOrWhiteSpace(job.Reason))
            {
                message["reason"] = new JsonArray(job.Reason);
            }
            address += "/termination";
        }
        await client.PostAsync(participant, address, message, null, cancellationToken);
    }

    /// <summary>A steward of the offering organisation sends one of its offers to a registered participant (DSP
    /// provider-initiated negotiation): the negotiation starts OFFERED here, for the organisation standing for the participant,
    /// and the ContractOfferMessage leaves through the job queue to the participant's <c>{endpoint}/callback/negotiations/offers</c>.</summary>
    public async Task<NegotiationView> OfferAsync(Actor actor, Guid participantId, Guid offerId, string? purpose, string baseUrl,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        var participant = await db.DataspaceParticipants.AsNoTracking().SingleOrDefaultAsync(p => p.Id == participantId && p.RevokedAt == null, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such participant.");
        if (participant.OrganisationId is not { } organisationId)
        {
            throw new PlatformException(PlatformError.Conflict,
                $"No organisation stands for {participant.Name} on this platform; an operator registers one, since agreements are that organisation's.");
        }
        if (participant.OutboundToken is null)
        {
            throw new PlatformException(PlatformError.Conflict, $"No token from {participant.Name} is set yet; set the token it issued to this platform.");
        }
        var view = await agreements.OfferToRemoteAsync(actor, offerId, organisationId, DataspaceParticipants.ActorIdOf(participant.Id), purpose, negotiation =>
        {
            var now = clock.GetUtcNow();
            db.DataspaceNegotiations.Add(new DataspaceNegotiation
            {
                Id = negotiation.Id, Role = DataspaceRole.Provider, ParticipantId = participant.Id, CounterpartAddress = participant.Endpoint + CallbackSegment,
                State = negotiation.State, OrganisationId = organisationId, RequestedById = DataspaceParticipants.ActorIdOf(participant.Id),
                DatasetId = DspMessage.Urn(negotiation.DatasetId), OfferJson = negotiation.PolicyJson, CreatedAt = now, UpdatedAt = now,
            });
            // Queued in the same transaction as the negotiation: the offer is never lost, and never sent for a negotiation that does not exist.
            db.Jobs.Add(new Job
            {
                Kind = AgreementService.RemoteNegotiationMessageJobKind,
                Payload = JsonSerializer.Serialize(new RemoteNegotiationMessage(negotiation.Id, NegotiationMessage.ContractOffer, null, baseUrl)),
                RequestedById = AgreementService.PlatformActorId, OrganisationId = negotiation.ProviderOrganisationId, CreatedAt = now,
            });
        }, cancellationToken);
        await audit.AppendAsync(new AuditEvent("dataspace.offer-sent", actor.UserId, view.Negotiation.ProviderOrganisationId, "dataspace-negotiation",
            view.Negotiation.Id.ToString(), new Dictionary<string, string?> { ["participant"] = participant.Id.ToString(), ["offer"] = offerId.ToString() }),
            cancellationToken);
        signal.Notify();
        return view;
    }

    /// <summary>The active offers of published datasets the actor may send to participants (as a steward of the offering
    /// organisation), with the dataset's title, for the sending form.</summary>
    public async Task<List<OfferToSend>> OffersToSendAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var organisations = actor.Roles.Keys.Where(o => AgreementService.CanDecide(actor, o)).ToList();
        if (organisations.Count == 0)
        {
            return [];
        }
        var rows = await (from offer in db.Set<Offer>().AsNoTracking()
                          join dataset in db.Datasets.AsNoTracking() on offer.DatasetId equals dataset.Id
                          where offer.WithdrawnAt == null && dataset.State == DatasetState.Published && organisations.Contains(offer.OrganisationId)
                          select new { offer.Id, offer.Title, Dataset = dataset }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new OfferToSend(r.Id, r.Title, r.Dataset.DisplayTitle("en"))).OrderBy(o => o.DatasetTitle, StringComparer.OrdinalIgnoreCase)
            .ThenBy(o => o.Title, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Where an Agora consumer takes the provider's messages, under its DSP base URL (its callback address).</summary>
    public const string CallbackSegment = "/callback";

    private async Task SendInitialOfferAsync(DataspaceNegotiation link, AccessNegotiation negotiation, DataspaceParticipant participant, string baseUrl,
        DspClient client, CancellationToken cancellationToken)
    {
        var message = DspMessage.New("ContractOfferMessage");
        message["providerPid"] = DspMessage.Urn(negotiation.Id);
        var policy = OdrlJson.Parse(negotiation.PolicyJson) with { Target = link.DatasetId, Assignee = null, Timestamp = null };
        message["offer"] = OdrlJson.ToJson(policy, withContext: false);
        message["callbackAddress"] = baseUrl;
        var answer = await client.PostAsync(participant, $"{link.CounterpartAddress}/negotiations/offers", message, "ContractNegotiation", cancellationToken);
        var consumerPid = DspMessage.Text(answer!, "consumerPid");
        if (string.IsNullOrEmpty(consumerPid) || consumerPid.Length > 200)
        {
            throw new PlatformException(PlatformError.Conflict, $"{participant.Name} answered the offer without a usable consumerPid.");
        }
        await db.DataspaceNegotiations.Where(n => n.Id == link.Id && n.RemotePid == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.RemotePid, consumerPid), cancellationToken);
    }

    // ───────────── what the provider's stewards see ─────────────

    /// <summary>DSP negotiations that remote consumers opened with the actor's organisations (as their steward), newest
    /// first, with the access negotiation (its state and steps are the truth) and the participant's name.</summary>
    public async Task<List<IncomingNegotiation>> IncomingNegotiationsAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var organisations = actor.Roles.Where(r => r.Value >= OrganisationRole.DataSteward).Select(r => r.Key).ToList();
        var all = actor.IsOperator;
        var rows = await (from link in db.DataspaceNegotiations.AsNoTracking()
                          join negotiation in db.Set<AccessNegotiation>().AsNoTracking() on link.Id equals negotiation.Id
                          join participant in db.DataspaceParticipants.AsNoTracking() on link.ParticipantId equals participant.Id
                          where link.Role == DataspaceRole.Provider && (all || organisations.Contains(negotiation.ProviderOrganisationId))
                          select new IncomingNegotiation(link, negotiation, participant.Name)).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.Negotiation.UpdatedAt).Take(500)];
    }

    /// <summary>DSP transfers that remote consumers run on agreements of the actor's organisations (as their steward).</summary>
    public async Task<List<IncomingTransfer>> IncomingTransfersAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var organisations = actor.Roles.Where(r => r.Value >= OrganisationRole.DataSteward).Select(r => r.Key).ToList();
        var all = actor.IsOperator;
        var transfers = await (from transfer in db.DataspaceTransfers.AsNoTracking()
                               join participant in db.DataspaceParticipants.AsNoTracking() on transfer.ParticipantId equals participant.Id
                               where transfer.Role == DataspaceRole.Provider
                               select new { transfer, participant.Name }).ToListAsync(cancellationToken);
        var agreementIds = transfers.Select(t => DspMessage.FromUrn(t.transfer.AgreementId)).OfType<Guid>().Distinct().ToList();
        var providers = await db.Set<Agreement>().AsNoTracking().Where(a => agreementIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.ProviderOrganisationId, cancellationToken);
        return [.. transfers
            .Select(t => (t, Agreement: DspMessage.FromUrn(t.transfer.AgreementId)))
            .Where(t => t.Agreement is { } id && providers.TryGetValue(id, out var provider) && (all || organisations.Contains(provider)))
            .Select(t => new IncomingTransfer(t.t.transfer, t.t.Name, t.Agreement!.Value))
            .OrderByDescending(t => t.Transfer.UpdatedAt).Take(500)];
    }

    private async Task<(DataspaceNegotiation Link, AccessNegotiation Negotiation)> FindNegotiationAsync(DataspaceParticipant participant, string providerPid,
        CancellationToken cancellationToken)
    {
        var id = DspMessage.FromUrn(providerPid);
        var link = id is null ? null : await db.DataspaceNegotiations.AsNoTracking()
            .SingleOrDefaultAsync(n => n.Id == id && n.Role == DataspaceRole.Provider && n.ParticipantId == participant.Id, cancellationToken);
        if (link is null)
        {
            throw new DspException(404, "404", "No such negotiation.") { ProviderPid = providerPid };
        }
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().SingleAsync(n => n.Id == link.Id, cancellationToken);
        return (link, negotiation);
    }

    /// <summary>For a negotiation this side offered first, the consumer's id arrives with its answer; a message of the
    /// consumer that overtakes that answer names it too, and is taken as it.</summary>
    private async Task AdoptConsumerPidAsync(DataspaceNegotiation link, JsonObject message, CancellationToken cancellationToken)
    {
        if (link.RemotePid is not null || DspMessage.Text(message, "consumerPid") is not { Length: > 0 and <= 200 } consumerPid)
        {
            return;
        }
        await db.DataspaceNegotiations.Where(n => n.Id == link.Id && n.RemotePid == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.RemotePid, consumerPid), cancellationToken);
        link.RemotePid = (await db.DataspaceNegotiations.AsNoTracking().SingleAsync(n => n.Id == link.Id, cancellationToken)).RemotePid;
    }

    private static void Demand(NegotiationState state, NegotiationMessage message, NegotiationParty sender, DataspaceNegotiation link, string providerPid)
    {
        if (!NegotiationStateMachine.Allows(state, message, sender))
        {
            throw Illegal(link, providerPid,
                $"{NegotiationStateMachine.Describe(message)} from the consumer is not allowed for a negotiation that is {NegotiationStateMachine.Name(state)}.");
        }
    }

    private static DspException Illegal(DataspaceNegotiation link, string providerPid, string reason) =>
        new(400, "400", reason) { ProviderPid = providerPid, ConsumerPid = link.RemotePid };

    private static async Task RunAsync(Func<Task> action, DataspaceNegotiation link, string providerPid)
    {
        try
        {
            await action();
        }
        catch (PlatformException e)
        {
            throw Illegal(link, providerPid, e.Message);
        }
    }

    private static void CheckPids(JsonObject message, string consumerPid, string providerPid)
    {
        if (DspMessage.Text(message, "providerPid") != providerPid || DspMessage.Text(message, "consumerPid") != consumerPid)
        {
            throw new DspException(400, "400", "The message's providerPid and consumerPid do not name this negotiation.")
                { ProviderPid = providerPid, ConsumerPid = consumerPid };
        }
    }

    public static JsonObject NegotiationJson(Guid providerPid, string consumerPid, NegotiationState state)
    {
        var json = DspMessage.New("ContractNegotiation");
        json["providerPid"] = DspMessage.Urn(providerPid);
        json["consumerPid"] = consumerPid;
        json["state"] = NegotiationStateMachine.Name(state);
        return json;
    }

    /// <summary>The purpose a request states: an <c>eq</c> constraint on <c>purpose</c> in its first permission.</summary>
    private static string? PurposeOf(JsonObject offer)
    {
        if (offer["permission"] is not JsonArray { Count: > 0 } permissions || permissions[0] is not JsonObject permission
            || permission["constraint"] is not JsonArray constraints)
        {
            return null;
        }
        foreach (var constraint in constraints.OfType<JsonObject>())
        {
            var left = DspMessage.Text(constraint, "leftOperand");
            if ((left == "purpose" || left == "odrl:purpose" || left == PolicyVocabulary.Purpose) && DspMessage.Text(constraint, "operator") == "eq"
                && DspMessage.Text(constraint, "rightOperand") is { } purpose)
            {
                return purpose;
            }
        }
        return null;
    }

    /// <summary>The callback address of a message: required, and under the participant's registered endpoint, so the
    /// platform never sends messages (with the participant's token) anywhere else.</summary>
    private static string CallbackOf(DataspaceParticipant participant, JsonObject message)
    {
        var callback = DspMessage.Required(message, "callbackAddress").TrimEnd('/');
        if (!callback.StartsWith(participant.Endpoint, StringComparison.OrdinalIgnoreCase))
        {
            throw DspException.Invalid($"The callbackAddress must lie under your registered endpoint {participant.Endpoint}.");
        }
        return callback;
    }

    // ───────────── transfer process ─────────────

    public async Task<JsonObject> TransferRequestAsync(DataspaceParticipant participant, JsonObject message, string baseUrl, CancellationToken cancellationToken)
    {
        var consumerPid = DspMessage.Required(message, "consumerPid");
        var callback = CallbackOf(participant, message);
        var format = DspMessage.Required(message, "format");
        if (format != DspMessage.HttpPull)
        {
            throw new DspException(400, "400", $"Agora offers only the pull format {DspMessage.HttpPull}.") { ConsumerPid = consumerPid };
        }
        var agreementId = DspMessage.Required(message, "agreementId");
        var agreementGuid = DspMessage.FromUrn(agreementId);
        var agreement = agreementGuid is null ? null
            : await db.Set<Agreement>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == agreementGuid && a.ConsumerOrganisationId == participant.OrganisationId,
                cancellationToken);
        if (agreement is null)
        {
            throw new DspException(404, "404", "No such agreement.") { ConsumerPid = consumerPid };
        }
        try
        {
            await agreements.OpenForUseAsync(DataspaceParticipants.ActorOf(participant), agreement.Id, cancellationToken);
        }
        catch (PlatformException e)
        {
            throw new DspException(400, "400", e.Message) { ConsumerPid = consumerPid };
        }
        var negotiation = await db.Set<AccessNegotiation>().AsNoTracking().SingleAsync(n => n.Id == agreement.NegotiationId, cancellationToken);
        if (negotiation.State != NegotiationState.Finalized)
        {
            throw new DspException(400, "400", "The negotiation of this agreement is not finalised.") { ConsumerPid = consumerPid };
        }
        var now = clock.GetUtcNow();
        var transfer = new DataspaceTransfer
        {
            Role = DataspaceRole.Provider, ParticipantId = participant.Id, RemotePid = consumerPid, CounterpartAddress = callback,
            State = TransferState.Requested, OrganisationId = agreement.ConsumerOrganisationId, RequestedById = DataspaceParticipants.ActorIdOf(participant.Id),
            AgreementId = agreementId, Format = format, CreatedAt = now, UpdatedAt = now,
        };
        db.DataspaceTransfers.Add(transfer);
        db.Jobs.Add(new Job
        {
            Kind = TransferStartJobKind, Payload = JsonSerializer.Serialize(new TransferStartJob(transfer.Id, baseUrl)),
            RequestedById = transfer.RequestedById, OrganisationId = agreement.ProviderOrganisationId, CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("dataspace.transfer-requested", transfer.RequestedById, agreement.ProviderOrganisationId, "transfer",
            transfer.Id.ToString(), new Dictionary<string, string?> { ["agreement"] = agreement.Id.ToString(), ["participant"] = participant.Id.ToString() }),
            cancellationToken);
        signal.Notify();
        return TransferJson(transfer.Id, consumerPid, TransferState.Requested);
    }

    /// <summary>Runs by <see cref="TransferStartJobKind"/>: issues the pull token, moves the transfer to STARTED and sends the
    /// start message with the data address.</summary>
    public async Task StartTransferAsync(TransferStartJob job, DspClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(client);
        var transfer = await db.DataspaceTransfers.SingleAsync(t => t.Id == job.TransferId && t.Role == DataspaceRole.Provider, cancellationToken);
        // A retry after a failed send finds the transfer STARTED: it issues a new token and sends again.
        if (transfer.State is not (TransferState.Requested or TransferState.Started))
        {
            return;
        }
        var token = DataspaceParticipants.NewToken();
        transfer.DataTokenHash = DataspaceParticipants.HashOf(token);
        transfer.State = TransferState.Started;
        transfer.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var participant = await db.DataspaceParticipants.AsNoTracking().SingleAsync(p => p.Id == transfer.ParticipantId, cancellationToken);
        var message = DspMessage.New("TransferStartMessage");
        message["providerPid"] = DspMessage.Urn(transfer.Id);
        message["consumerPid"] = transfer.RemotePid;
        message["dataAddress"] = new JsonObject
        {
            ["@type"] = "DataAddress",
            ["endpointType"] = DspMessage.HttpEndpointType,
            ["endpoint"] = $"{job.BaseUrl}/data/{transfer.Id}",
            ["endpointProperties"] = new JsonArray(
                new JsonObject { ["@type"] = "EndpointProperty", ["name"] = "authorization", ["value"] = token },
                new JsonObject { ["@type"] = "EndpointProperty", ["name"] = "authType", ["value"] = "bearer" }),
        };
        await client.PostAsync(participant, $"{transfer.CounterpartAddress}/transfers/{Uri.EscapeDataString(transfer.RemotePid!)}/start", message, null,
            cancellationToken);
    }

    public async Task<JsonObject> GetTransferAsync(DataspaceParticipant participant, string providerPid, CancellationToken cancellationToken)
    {
        var transfer = await FindTransferAsync(participant, providerPid, cancellationToken);
        return TransferJson(transfer.Id, transfer.RemotePid!, transfer.State);
    }

    /// <summary>A start (resume), suspension, completion or termination message from the consumer.</summary>
    public async Task TransferMessageAsync(DataspaceParticipant participant, string providerPid, TransferMessage kind, JsonObject message,
        CancellationToken cancellationToken)
    {
        var transfer = await FindTransferAsync(participant, providerPid, cancellationToken);
        if (DspMessage.Text(message, "providerPid") != providerPid || DspMessage.Text(message, "consumerPid") != transfer.RemotePid)
        {
            throw new DspException(400, "400", "The message's providerPid and consumerPid do not name this transfer.")
                { ProviderPid = providerPid, ConsumerPid = transfer.RemotePid };
        }
        await MoveTransferAsync(db, transfer, kind, DataspaceRole.Consumer, clock, cancellationToken);
    }

    /// <summary>Moves a transfer, or answers 400 for an illegal transition (a conditional update, so two messages cannot
    /// both move it).</summary>
    public static async Task MoveTransferAsync(AgoraDbContext db, DataspaceTransfer transfer, TransferMessage kind, DataspaceRole sender, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(clock);
        var (providerPid, consumerPid) = transfer.Role == DataspaceRole.Provider
            ? (DspMessage.Urn(transfer.Id), transfer.RemotePid)
            : (transfer.RemotePid, DspMessage.Urn(transfer.Id));
        var from = transfer.State;
        var to = TransferStateMachine.Next(from, kind, sender)
            ?? throw new DspException(400, "400",
                $"A {kind.ToString().ToLowerInvariant()} message from the {sender.ToString().ToLowerInvariant()} is not allowed for a transfer that is {TransferStateMachine.Name(from)}.")
                { ProviderPid = providerPid, ConsumerPid = consumerPid };
        var now = clock.GetUtcNow();
        var moved = await db.DataspaceTransfers.Where(t => t.Id == transfer.Id && t.State == from)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, to).SetProperty(t => t.UpdatedAt, now), cancellationToken);
        if (moved == 0)
        {
            throw new DspException(400, "400", "The transfer changed meanwhile; ask for its state.") { ProviderPid = providerPid, ConsumerPid = consumerPid };
        }
        transfer.State = to;
    }

    /// <summary>The pull data address: streams the version the agreement grants (CSV), while the transfer is STARTED.</summary>
    public async Task<string> PullAsync(Guid transferId, string? authorization, Stream destination, CancellationToken cancellationToken)
    {
        var token = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        var hash = token is null ? null : DataspaceParticipants.HashOf(token);
        var transfer = await db.DataspaceTransfers.AsNoTracking()
            .SingleOrDefaultAsync(t => t.Id == transferId && t.Role == DataspaceRole.Provider && t.DataTokenHash == hash, cancellationToken);
        if (transfer is null || hash is null)
        {
            throw new PlatformException(PlatformError.NotFound, "No such transfer, or the token does not open it.");
        }
        if (transfer.State != TransferState.Started)
        {
            throw new PlatformException(PlatformError.Conflict, $"The transfer is {TransferStateMachine.Name(transfer.State)}; data flows only while it is STARTED.");
        }
        var participant = await db.DataspaceParticipants.AsNoTracking().SingleOrDefaultAsync(p => p.Id == transfer.ParticipantId && p.RevokedAt == null,
            cancellationToken) ?? throw new PlatformException(PlatformError.NotFound, "No such transfer, or the token does not open it.");
        var (fileName, _) = await downloads.ExportAsync(DataspaceParticipants.ActorOf(participant), DspMessage.FromUrn(transfer.AgreementId)!.Value,
            ExportFormat.Csv, destination, cancellationToken);
        return fileName;
    }

    private async Task<DataspaceTransfer> FindTransferAsync(DataspaceParticipant participant, string providerPid, CancellationToken cancellationToken)
    {
        var id = DspMessage.FromUrn(providerPid);
        return (id is null ? null : await db.DataspaceTransfers.AsNoTracking()
                .SingleOrDefaultAsync(t => t.Id == id && t.Role == DataspaceRole.Provider && t.ParticipantId == participant.Id, cancellationToken))
            ?? throw new DspException(404, "404", "No such transfer process.") { ProviderPid = providerPid };
    }

    public static JsonObject TransferJson(Guid providerPid, string consumerPid, TransferState state)
    {
        var json = DspMessage.New("TransferProcess");
        json["providerPid"] = DspMessage.Urn(providerPid);
        json["consumerPid"] = consumerPid;
        json["state"] = TransferStateMachine.Name(state);
        return json;
    }
}

/// <summary>An offer a steward may send to a participant, named for the sending form.</summary>
public sealed record OfferToSend(Guid OfferId, string Title, string DatasetTitle);

/// <summary>One page of the provider's catalogue.</summary>
public sealed record CatalogPage(JsonObject Catalog, bool HasNext);

/// <summary>A DSP negotiation a remote consumer opened here, with the access negotiation behind it.</summary>
public sealed record IncomingNegotiation(DataspaceNegotiation Link, AccessNegotiation Negotiation, string ParticipantName);

/// <summary>A DSP transfer a remote consumer runs here, on the agreement <see cref="AgreementId"/>.</summary>
public sealed record IncomingTransfer(DataspaceTransfer Transfer, string ParticipantName, Guid AgreementId);

/// <summary>The payload of <see cref="DataspaceProvider.TransferStartJobKind"/>.</summary>
public sealed record TransferStartJob(Guid TransferId, string BaseUrl);
