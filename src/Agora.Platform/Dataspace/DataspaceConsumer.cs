using System.Text.Json.Nodes;
using Agora.Platform.Accounts;
using Agora.Platform.Agreements;
using Agora.Platform.Audit;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Dataspace;

/// <summary>
/// The consumer side of the Dataspace Protocol: a member of a local organisation reads another connector's catalogue,
/// asks for a contract on one of its offers, and once the agreement is finalised runs a pull transfer and downloads the
/// data. The callbacks the provider calls (agreement, events, offers, termination, transfer start/suspension/completion/
/// termination) move the local processes through the same state machines as the provider side.
/// </summary>
public sealed class DataspaceConsumer(AgoraDbContext db, DataspaceParticipants participants, DspClient client, JobSignal signal, AuditLog audit,
    TimeProvider clock)
{
    /// <summary>One page of a participant's catalogue: the first, or the page at <paramref name="pageUrl"/> (a <c>next</c> or
    /// <c>previous</c> link the provider gave, which must lie under its registered endpoint, so the token goes nowhere else).</summary>
    public async Task<RemoteCatalog> CatalogAsync(Actor actor, Guid participantId, string? pageUrl, CancellationToken cancellationToken)
    {
        DemandSignedIn(actor);
        var participant = await participants.GetAsync(participantId, cancellationToken);
        var url = participant.Endpoint + "/catalog/request";
        if (!string.IsNullOrEmpty(pageUrl))
        {
            if (!pageUrl.StartsWith(participant.Endpoint + "/", StringComparison.OrdinalIgnoreCase) || pageUrl.Length > 2000)
            {
                throw new PlatformException(PlatformError.Validation, $"A catalogue page of {participant.Name} lies under its endpoint {participant.Endpoint}.",
                    new Dictionary<string, string[]> { ["page"] = ["Follow the page links of the catalogue."] });
            }
            url = pageUrl;
        }
        var request = DspMessage.New("CatalogRequestMessage");
        request["filter"] = new JsonArray();
        var (catalog, next, previous) = await RemoteAsync(() => client.CatalogPageAsync(participant, url, request, cancellationToken));
        bool Under(string? link) => link is not null && link.StartsWith(participant.Endpoint + "/", StringComparison.OrdinalIgnoreCase);
        return new RemoteCatalog(participant, catalog, Under(next) ? next : null, Under(previous) ? previous : null);
    }

    /// <summary>Every transfer the actor's organisations run as consumers, newest first.</summary>
    public async Task<List<DataspaceTransfer>> ListTransfersAsync(Actor actor, CancellationToken cancellationToken)
    {
        DemandSignedIn(actor);
        var organisations = actor.Roles.Keys.ToList();
        var list = await db.DataspaceTransfers.AsNoTracking()
            .Where(t => t.Role == DataspaceRole.Consumer && organisations.Contains(t.OrganisationId)).ToListAsync(cancellationToken);
        return [.. list.OrderByDescending(t => t.CreatedAt)];
    }

    /// <summary>The transfers run on the agreement of a negotiation.</summary>
    public async Task<List<DataspaceTransfer>> TransfersOfAsync(DataspaceNegotiation negotiation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(negotiation);
        if (negotiation.AgreementId is null)
        {
            return [];
        }
        var list = await db.DataspaceTransfers.AsNoTracking().Where(t => t.Role == DataspaceRole.Consumer && t.AgreementId == negotiation.AgreementId
            && t.ParticipantId == negotiation.ParticipantId && t.OrganisationId == negotiation.OrganisationId).ToListAsync(cancellationToken);
        return [.. list.OrderByDescending(t => t.CreatedAt)];
    }

    /// <summary>The history of a consumer negotiation, read from the audit log (every move is recorded there).</summary>
    public async Task<List<NegotiationHistoryEntry>> HistoryAsync(DataspaceNegotiation negotiation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(negotiation);
        var id = negotiation.Id.ToString();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.SubjectType == "dataspace-negotiation" && e.SubjectId == id)
            .OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return [.. entries.Select(e =>
        {
            var details = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(e.Details) ?? [];
            return new NegotiationHistoryEntry(e.At, e.Action, details.GetValueOrDefault("from"), details.GetValueOrDefault("to"),
                details.GetValueOrDefault("reason"));
        })];
    }

    /// <summary>The consumer accepts the provider's counter-offer: ACCEPTED here, then the ACCEPTED event to the provider,
    /// which signs the agreement and sends it.</summary>
    public async Task<DataspaceNegotiation> AcceptOfferAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var negotiation = await GetAsync(actor, id, cancellationToken);
        actor.Demand(negotiation.OrganisationId, OrganisationRole.Analyst, TokenScopes.Query);
        if (negotiation.State != NegotiationState.Offered || negotiation.RemotePid is not { } providerPid)
        {
            throw new PlatformException(PlatformError.Conflict,
                $"The negotiation is {NegotiationStateMachine.Name(negotiation.State)}; only a counter-offer (OFFERED) can be accepted.");
        }
        var participant = await participants.GetAsync(negotiation.ParticipantId, cancellationToken);
        // Moved before sending: the provider's agreement may arrive before its answer to this event.
        await LocalMoveAsync(negotiation, providerPid, NegotiationMessage.Accepted, actor, null, cancellationToken);
        var message = DspMessage.New("ContractNegotiationEventMessage");
        message["providerPid"] = providerPid;
        message["consumerPid"] = DspMessage.Urn(negotiation.Id);
        message["eventType"] = "ACCEPTED";
        try
        {
            await client.PostAsync(participant, $"{participant.Endpoint}/negotiations/{Uri.EscapeDataString(providerPid)}/events", message, null, cancellationToken);
        }
        catch (Exception e) when (e is DspRemoteException or HttpRequestException)
        {
            // The provider did not take the acceptance: the counter-offer is still on the table.
            await db.DataspaceNegotiations.Where(n => n.Id == negotiation.Id && n.State == NegotiationState.Accepted)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, NegotiationState.Offered), cancellationToken);
            throw new PlatformException(PlatformError.Conflict, e is DspRemoteException ? e.Message : $"{participant.Name} cannot be reached.");
        }
        return await GetAsync(actor, id, cancellationToken);
    }

    /// <summary>The consumer ends a negotiation that is not final (withdraws a request, declines a counter-offer) and tells the provider.</summary>
    public async Task<DataspaceNegotiation> TerminateAsync(Actor actor, Guid id, string? reason, CancellationToken cancellationToken)
    {
        var negotiation = await GetAsync(actor, id, cancellationToken);
        actor.Demand(negotiation.OrganisationId, OrganisationRole.Analyst, TokenScopes.Query);
        if (NegotiationStateMachine.IsFinal(negotiation.State))
        {
            throw new PlatformException(PlatformError.Conflict, $"The negotiation is {NegotiationStateMachine.Name(negotiation.State)} already.");
        }
        if (reason is { Length: > 1000 })
        {
            throw new PlatformException(PlatformError.Validation, "Say why in at most 1,000 characters.",
                new Dictionary<string, string[]> { ["reason"] = ["Say why in at most 1,000 characters."] });
        }
        if (negotiation.RemotePid is { } providerPid)
        {
            var participant = await participants.GetAsync(negotiation.ParticipantId, cancellationToken);
            var message = DspMessage.New("ContractNegotiationTerminationMessage");
            message["providerPid"] = providerPid;
            message["consumerPid"] = DspMessage.Urn(negotiation.Id);
            message["code"] = "terminated-by-consumer";
            if (!string.IsNullOrWhiteSpace(reason))
            {
                message["reason"] = new JsonArray(reason.Trim());
            }
            await RemoteAsync(async () => await client.PostAsync(participant,
                $"{participant.Endpoint}/negotiations/{Uri.EscapeDataString(providerPid)}/termination", message, null, cancellationToken));
        }
        await LocalMoveAsync(negotiation, negotiation.RemotePid, NegotiationMessage.Termination, actor, reason, cancellationToken);
        return await GetAsync(actor, id, cancellationToken);
    }

    private async Task LocalMoveAsync(DataspaceNegotiation negotiation, string? providerPid, NegotiationMessage message, Actor actor, string? reason,
        CancellationToken cancellationToken)
    {
        try
        {
            await MoveAsync(negotiation, providerPid ?? "", message, NegotiationParty.Consumer, cancellationToken, actorId: actor.UserId, reason: reason);
        }
        catch (DspException e)
        {
            throw new PlatformException(PlatformError.Conflict, e.Message);
        }
    }

    public async Task<DataspaceNegotiation> NegotiateAsync(Actor actor, Guid participantId, Guid organisationId, string datasetId, string offerId,
        string? purpose, string callbackBase, CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.Analyst, TokenScopes.Query);
        var participant = await participants.GetAsync(participantId, cancellationToken);
        var dataset = await RemoteAsync(() => client.GetAsync(participant, $"{participant.Endpoint}/catalog/datasets/{Uri.EscapeDataString(datasetId)}", "Dataset",
            cancellationToken));
        var offer = (dataset["hasPolicy"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(o => DspMessage.Text(o, "@id") == offerId)
            ?? throw new PlatformException(PlatformError.Validation, $"The dataset {datasetId} has no offer {offerId} in {participant.Name}'s catalogue.");
        var requested = (JsonObject)offer.DeepClone();
        requested["target"] = DspMessage.Text(dataset, "@id");
        if (!string.IsNullOrWhiteSpace(purpose) && requested["permission"] is JsonArray { Count: > 0 } permissions && permissions[0] is JsonObject permission)
        {
            var constraints = permission["constraint"] as JsonArray ?? [];
            constraints.Add(new JsonObject { ["leftOperand"] = "purpose", ["operator"] = "eq", ["rightOperand"] = purpose.Trim() });
            permission["constraint"] = constraints;
        }
        var now = clock.GetUtcNow();
        var negotiation = new DataspaceNegotiation
        {
            Role = DataspaceRole.Consumer, ParticipantId = participant.Id, CounterpartAddress = participant.Endpoint, State = NegotiationState.Requested,
            OrganisationId = organisationId, RequestedById = actor.RequiredUserId, DatasetId = DspMessage.Text(dataset, "@id")!,
            OfferJson = requested.ToJsonString(), CreatedAt = now, UpdatedAt = now,
        };
        // Stored before sending: the provider may call back before its answer arrives.
        db.DataspaceNegotiations.Add(negotiation);
        await db.SaveChangesAsync(cancellationToken);
        var message = DspMessage.New("ContractRequestMessage");
        message["consumerPid"] = DspMessage.Urn(negotiation.Id);
        message["offer"] = requested;
        message["callbackAddress"] = callbackBase;
        try
        {
            var answer = await client.PostAsync(participant, participant.Endpoint + "/negotiations/request", message, "ContractNegotiation", cancellationToken);
            await db.DataspaceNegotiations.Where(n => n.Id == negotiation.Id && n.RemotePid == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.RemotePid, DspMessage.Text(answer!, "providerPid")), cancellationToken);
        }
        catch (Exception e) when (e is DspRemoteException or HttpRequestException)
        {
            await db.DataspaceNegotiations.Where(n => n.Id == negotiation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, NegotiationState.Terminated), cancellationToken);
            throw new PlatformException(PlatformError.Conflict, e is DspRemoteException ? e.Message : $"{participant.Name} cannot be reached.");
        }
        await audit.AppendAsync(new AuditEvent("dataspace.negotiation-requested", actor.UserId, organisationId, "dataspace-negotiation",
            negotiation.Id.ToString(), new Dictionary<string, string?> { ["participant"] = participant.Id.ToString(), ["dataset"] = negotiation.DatasetId }),
            cancellationToken);
        return await GetAsync(actor, negotiation.Id, cancellationToken);
    }

    public async Task<DataspaceNegotiation> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var negotiation = await db.DataspaceNegotiations.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.Role == DataspaceRole.Consumer, cancellationToken);
        if (negotiation is null || !(actor.IsMember(negotiation.OrganisationId) || actor.IsOperator))
        {
            throw new PlatformException(PlatformError.NotFound, "No such negotiation.");
        }
        return negotiation;
    }

    public async Task<List<DataspaceNegotiation>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        DemandSignedIn(actor);
        var organisations = actor.Roles.Keys.ToList();
        var list = await db.DataspaceNegotiations.AsNoTracking()
            .Where(n => n.Role == DataspaceRole.Consumer && organisations.Contains(n.OrganisationId)).ToListAsync(cancellationToken);
        return [.. list.OrderByDescending(n => n.CreatedAt)];
    }

    // ───────────── negotiation callbacks ─────────────

    public async Task<JsonObject> CallbackNegotiationAsync(DataspaceParticipant participant, string consumerPid, CancellationToken cancellationToken)
    {
        var negotiation = await FindNegotiationAsync(participant, consumerPid, cancellationToken);
        return NegotiationJson(negotiation);
    }

    public async Task OnAgreementAsync(DataspaceParticipant participant, string consumerPid, JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var negotiation = await FindNegotiationAsync(participant, consumerPid, cancellationToken);
        var providerPid = CheckPids(negotiation, message);
        var agreement = (JsonObject)message["agreement"]!;
        if (DspMessage.Text(agreement, "target") != negotiation.DatasetId)
        {
            throw Illegal(negotiation, providerPid, $"The agreement's target is not the dataset asked for ({negotiation.DatasetId}).");
        }
        await MoveAsync(negotiation, providerPid, NegotiationMessage.ContractAgreement, NegotiationParty.Provider, cancellationToken, n =>
        {
            n.AgreementJson = agreement.ToJsonString();
            n.AgreementId = DspMessage.Text(agreement, "@id");
        });
        // The consumer checked the agreement names the dataset asked for; it verifies and tells the provider.
        await MoveAsync(negotiation, providerPid, NegotiationMessage.AgreementVerification, NegotiationParty.Consumer, cancellationToken);
        var verification = DspMessage.New("ContractAgreementVerificationMessage");
        verification["providerPid"] = providerPid;
        verification["consumerPid"] = consumerPid;
        await DataspaceOutbox.EnqueueAsync(db, participant.Id,
            $"{participant.Endpoint}/negotiations/{Uri.EscapeDataString(providerPid)}/agreement/verification", verification, clock, cancellationToken);
        signal.Notify();
    }

    public async Task OnEventAsync(DataspaceParticipant participant, string consumerPid, JsonObject message, CancellationToken cancellationToken)
    {
        var negotiation = await FindNegotiationAsync(participant, consumerPid, cancellationToken);
        var providerPid = CheckPids(negotiation, message);
        var eventType = DspMessage.Required(message, "eventType");
        if (eventType != "FINALIZED")
        {
            throw Illegal(negotiation, providerPid, $"A provider sends only the FINALIZED event; got {eventType}.");
        }
        await MoveAsync(negotiation, providerPid, NegotiationMessage.Finalized, NegotiationParty.Provider, cancellationToken);
        await audit.AppendAsync(new AuditEvent("dataspace.agreement-finalized", null, negotiation.OrganisationId, "dataspace-negotiation",
            negotiation.Id.ToString(), new Dictionary<string, string?> { ["agreement"] = negotiation.AgreementId, ["participant"] = participant.Id.ToString() }),
            cancellationToken);
    }

    /// <summary>A provider starts a negotiation with an offer (DSP provider-initiated ContractOfferMessage, no consumerPid):
    /// the negotiation is created OFFERED for the organisation that stands for the participant here, whose members accept
    /// or terminate it as they would a counter-offer. A repeated message (the provider's retry) answers the same negotiation.</summary>
    public async Task<JsonObject> OnInitialOfferAsync(DataspaceParticipant participant, JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(message);
        var providerPid = DspMessage.Required(message, "providerPid");
        if (DspMessage.Text(message, "consumerPid") is not null)
        {
            throw new DspException(400, "400", "An offer within an existing negotiation goes to /negotiations/{consumerPid}/offers.") { ProviderPid = providerPid };
        }
        if (providerPid.Length > 200)
        {
            throw new DspException(400, "400", "The providerPid is at most 200 characters.") { ProviderPid = providerPid };
        }
        var callback = DspMessage.Required(message, "callbackAddress").TrimEnd('/');
        if (!callback.StartsWith(participant.Endpoint, StringComparison.OrdinalIgnoreCase))
        {
            throw new DspException(400, "400", $"The callbackAddress must lie under your registered endpoint {participant.Endpoint}.") { ProviderPid = providerPid };
        }
        if (participant.OrganisationId is not { } organisationId)
        {
            throw new DspException(400, "400", "This platform names no organisation to receive your offers; ask its operator to register one for you.")
                { ProviderPid = providerPid };
        }
        var offer = (JsonObject)message["offer"]!;
        var target = DspMessage.Required(offer, "target");
        if (target.Length > 200)
        {
            throw new DspException(400, "400", "The offer's target is at most 200 characters.") { ProviderPid = providerPid };
        }
        var existing = await db.DataspaceNegotiations.AsNoTracking().SingleOrDefaultAsync(n => n.Role == DataspaceRole.Consumer
            && n.ParticipantId == participant.Id && n.RemotePid == providerPid, cancellationToken);
        if (existing is not null)
        {
            return NegotiationJson(existing);
        }
        var now = clock.GetUtcNow();
        var negotiation = new DataspaceNegotiation
        {
            Role = DataspaceRole.Consumer, ParticipantId = participant.Id, RemotePid = providerPid, CounterpartAddress = participant.Endpoint,
            State = NegotiationStateMachine.Next(null, NegotiationMessage.ContractOffer, NegotiationParty.Provider), OrganisationId = organisationId,
            RequestedById = DataspaceParticipants.ActorIdOf(participant.Id), DatasetId = target, OfferJson = offer.ToJsonString(), CreatedAt = now,
            UpdatedAt = now,
        };
        db.DataspaceNegotiations.Add(negotiation);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("dataspace.negotiation-offered", null, organisationId, "dataspace-negotiation", negotiation.Id.ToString(),
            new Dictionary<string, string?>
            {
                ["participant"] = participant.Id.ToString(), ["dataset"] = target, ["from"] = null, ["to"] = NegotiationStateMachine.Name(negotiation.State),
            }), cancellationToken);
        return NegotiationJson(negotiation);
    }

    public async Task OnOfferAsync(DataspaceParticipant participant, string consumerPid, JsonObject message, CancellationToken cancellationToken)
    {
        var negotiation = await FindNegotiationAsync(participant, consumerPid, cancellationToken);
        var providerPid = CheckPids(negotiation, message);
        var offer = (JsonObject)message["offer"]!;
        if (DspMessage.Text(offer, "target") != negotiation.DatasetId)
        {
            throw Illegal(negotiation, providerPid, $"The offer's target is not the dataset asked for ({negotiation.DatasetId}).");
        }
        await MoveAsync(negotiation, providerPid, NegotiationMessage.ContractOffer, NegotiationParty.Provider, cancellationToken,
            n => n.OfferJson = offer.ToJsonString());
    }

    public async Task OnTerminationAsync(DataspaceParticipant participant, string consumerPid, JsonObject message, CancellationToken cancellationToken)
    {
        var negotiation = await FindNegotiationAsync(participant, consumerPid, cancellationToken);
        var providerPid = CheckPids(negotiation, message);
        var reason = message["reason"] is JsonArray reasons ? string.Join(" ", reasons.Select(r => r is JsonValue v && v.TryGetValue<string>(out var text) ? text : r?.ToJsonString()))
            : DspMessage.Text(message, "code");
        await MoveAsync(negotiation, providerPid, NegotiationMessage.Termination, NegotiationParty.Provider, cancellationToken,
            reason: reason is { Length: > 1000 } ? reason[..1000] : reason);
    }

    private async Task<DataspaceNegotiation> FindNegotiationAsync(DataspaceParticipant participant, string consumerPid, CancellationToken cancellationToken)
    {
        var id = DspMessage.FromUrn(consumerPid);
        return (id is null ? null : await db.DataspaceNegotiations.AsNoTracking()
                .SingleOrDefaultAsync(n => n.Id == id && n.Role == DataspaceRole.Consumer && n.ParticipantId == participant.Id, cancellationToken))
            ?? throw new DspException(404, "404", "No such negotiation.") { ConsumerPid = consumerPid };
    }

    private static string CheckPids(DataspaceNegotiation negotiation, JsonObject message)
    {
        var providerPid = DspMessage.Required(message, "providerPid");
        if (DspMessage.Text(message, "consumerPid") != DspMessage.Urn(negotiation.Id) || (negotiation.RemotePid is not null && negotiation.RemotePid != providerPid))
        {
            throw new DspException(400, "400", "The message's providerPid and consumerPid do not name this negotiation.")
                { ConsumerPid = DspMessage.Urn(negotiation.Id), ProviderPid = providerPid };
        }
        return providerPid;
    }

    private async Task MoveAsync(DataspaceNegotiation negotiation, string providerPid, NegotiationMessage message, NegotiationParty sender,
        CancellationToken cancellationToken, Action<DataspaceNegotiation>? change = null, string? actorId = null, string? reason = null)
    {
        var from = negotiation.State;
        if (!NegotiationStateMachine.Allows(from, message, sender))
        {
            throw Illegal(negotiation, providerPid,
                $"{NegotiationStateMachine.Describe(message)} from the {sender.ToString().ToLowerInvariant()} is not allowed for a negotiation that is {NegotiationStateMachine.Name(from)}.");
        }
        var to = NegotiationStateMachine.Next(from, message, sender);
        var row = await db.DataspaceNegotiations.SingleAsync(n => n.Id == negotiation.Id, cancellationToken);
        if (row.State != from)
        {
            throw Illegal(negotiation, providerPid, "The negotiation changed meanwhile; ask for its state.");
        }
        row.State = to;
        row.RemotePid ??= providerPid;
        row.UpdatedAt = clock.GetUtcNow();
        change?.Invoke(row);
        // The state is the concurrency check: a second message moving the same negotiation fails instead of overwriting.
        db.Entry(row).Property(n => n.State).OriginalValue = from;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Illegal(negotiation, providerPid, "The negotiation changed meanwhile; ask for its state.");
        }
        negotiation.State = to;
        negotiation.RemotePid = row.RemotePid;
        // Every move is audited; the negotiation's history on its page is read from these entries.
        await audit.AppendAsync(new AuditEvent("dataspace.negotiation-moved", actorId, negotiation.OrganisationId, "dataspace-negotiation",
            negotiation.Id.ToString(), new Dictionary<string, string?>
            {
                ["from"] = NegotiationStateMachine.Name(from), ["to"] = NegotiationStateMachine.Name(to), ["message"] = message.ToString(),
                ["sender"] = sender.ToString(), ["reason"] = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            }), cancellationToken);
    }

    private static DspException Illegal(DataspaceNegotiation negotiation, string? providerPid, string reason) =>
        new(400, "400", reason) { ConsumerPid = DspMessage.Urn(negotiation.Id), ProviderPid = providerPid };

    public static JsonObject NegotiationJson(DataspaceNegotiation negotiation)
    {
        ArgumentNullException.ThrowIfNull(negotiation);
        var json = DspMessage.New("ContractNegotiation");
        json["providerPid"] = negotiation.RemotePid ?? "";
        json["consumerPid"] = DspMessage.Urn(negotiation.Id);
        json["state"] = NegotiationStateMachine.Name(negotiation.State);
        return json;
    }

    // ───────────── transfers ─────────────

    public async Task<DataspaceTransfer> TransferAsync(Actor actor, Guid negotiationId, string callbackBase, CancellationToken cancellationToken)
    {
        var negotiation = await GetAsync(actor, negotiationId, cancellationToken);
        actor.Demand(negotiation.OrganisationId, OrganisationRole.Analyst, TokenScopes.Query);
        if (negotiation.State != NegotiationState.Finalized || negotiation.AgreementId is null)
        {
            throw new PlatformException(PlatformError.Conflict,
                $"The negotiation is {NegotiationStateMachine.Name(negotiation.State)}; a transfer needs a finalised agreement.");
        }
        var participant = await participants.GetAsync(negotiation.ParticipantId, cancellationToken);
        var now = clock.GetUtcNow();
        var transfer = new DataspaceTransfer
        {
            Role = DataspaceRole.Consumer, ParticipantId = participant.Id, CounterpartAddress = participant.Endpoint, State = TransferState.Requested,
            OrganisationId = negotiation.OrganisationId, RequestedById = actor.RequiredUserId, AgreementId = negotiation.AgreementId,
            Format = DspMessage.HttpPull, CreatedAt = now, UpdatedAt = now,
        };
        db.DataspaceTransfers.Add(transfer);
        await db.SaveChangesAsync(cancellationToken);
        var message = DspMessage.New("TransferRequestMessage");
        message["consumerPid"] = DspMessage.Urn(transfer.Id);
        message["agreementId"] = negotiation.AgreementId;
        message["format"] = DspMessage.HttpPull;
        message["callbackAddress"] = callbackBase;
        try
        {
            var answer = await client.PostAsync(participant, participant.Endpoint + "/transfers/request", message, "TransferProcess", cancellationToken);
            await db.DataspaceTransfers.Where(t => t.Id == transfer.Id && t.RemotePid == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RemotePid, DspMessage.Text(answer!, "providerPid")), cancellationToken);
        }
        catch (Exception e) when (e is DspRemoteException or HttpRequestException)
        {
            await db.DataspaceTransfers.Where(t => t.Id == transfer.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, TransferState.Terminated), cancellationToken);
            throw new PlatformException(PlatformError.Conflict, e is DspRemoteException ? e.Message : $"{participant.Name} cannot be reached.");
        }
        await audit.AppendAsync(new AuditEvent("dataspace.transfer-requested", actor.UserId, negotiation.OrganisationId, "dataspace-transfer",
            transfer.Id.ToString(), new Dictionary<string, string?> { ["agreement"] = negotiation.AgreementId, ["participant"] = participant.Id.ToString() }),
            cancellationToken);
        return await GetTransferAsync(actor, transfer.Id, cancellationToken);
    }

    public async Task<DataspaceTransfer> GetTransferAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var transfer = await db.DataspaceTransfers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && t.Role == DataspaceRole.Consumer, cancellationToken);
        if (transfer is null || !(actor.IsMember(transfer.OrganisationId) || actor.IsOperator))
        {
            throw new PlatformException(PlatformError.NotFound, "No such transfer.");
        }
        return transfer;
    }

    /// <summary>Downloads the data of a started transfer from the provider's pull address into <paramref name="destination"/>.</summary>
    public async Task DownloadAsync(Actor actor, Guid transferId, Stream destination, CancellationToken cancellationToken)
    {
        var transfer = await GetTransferAsync(actor, transferId, cancellationToken);
        actor.Demand(transfer.OrganisationId, OrganisationRole.Analyst, TokenScopes.Query);
        if (transfer.State != TransferState.Started || transfer.DataEndpoint is null || transfer.DataToken is null)
        {
            throw new PlatformException(PlatformError.Conflict, $"The transfer is {TransferStateMachine.Name(transfer.State)}; data flows only once it is STARTED.");
        }
        using var response = await client.PullAsync(transfer.DataEndpoint, participants.Unwrap(transfer.DataToken), cancellationToken);
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await source.CopyToAsync(destination, cancellationToken);
        await audit.AppendAsync(new AuditEvent("dataspace.data-received", actor.UserId, transfer.OrganisationId, "dataspace-transfer", transfer.Id.ToString(),
            new Dictionary<string, string?> { ["agreement"] = transfer.AgreementId }), cancellationToken);
    }

    /// <summary>The consumer completes (or terminates) a transfer and tells the provider.</summary>
    public async Task<DataspaceTransfer> FinishTransferAsync(Actor actor, Guid transferId, TransferMessage kind, CancellationToken cancellationToken)
    {
        var transfer = await GetTransferAsync(actor, transferId, cancellationToken);
        actor.Demand(transfer.OrganisationId, OrganisationRole.Analyst, TokenScopes.Query);
        if (kind is not (TransferMessage.Completion or TransferMessage.Termination or TransferMessage.Suspension))
        {
            throw new PlatformException(PlatformError.Validation, "A consumer completes, suspends or terminates a transfer.");
        }
        if (TransferStateMachine.Next(transfer.State, kind, DataspaceRole.Consumer) is null || transfer.RemotePid is null)
        {
            throw new PlatformException(PlatformError.Conflict, $"The transfer is {TransferStateMachine.Name(transfer.State)}; it cannot be {kind switch
            {
                TransferMessage.Completion => "completed",
                TransferMessage.Suspension => "suspended",
                _ => "terminated",
            }} now.");
        }
        var participant = await participants.GetAsync(transfer.ParticipantId, cancellationToken);
        var (type, path) = kind switch
        {
            TransferMessage.Completion => ("TransferCompletionMessage", "completion"),
            TransferMessage.Suspension => ("TransferSuspensionMessage", "suspension"),
            _ => ("TransferTerminationMessage", "termination"),
        };
        var message = DspMessage.New(type);
        message["providerPid"] = transfer.RemotePid;
        message["consumerPid"] = DspMessage.Urn(transfer.Id);
        await RemoteAsync(() => client.PostAsync(participant, $"{participant.Endpoint}/transfers/{Uri.EscapeDataString(transfer.RemotePid)}/{path}", message, null,
            cancellationToken));
        await DataspaceProvider.MoveTransferAsync(db, transfer, kind, DataspaceRole.Consumer, clock, cancellationToken);
        return transfer;
    }

    public async Task<JsonObject> CallbackTransferAsync(DataspaceParticipant participant, string consumerPid, CancellationToken cancellationToken)
    {
        var transfer = await FindTransferAsync(participant, consumerPid, cancellationToken);
        return TransferJson(transfer);
    }

    /// <summary>A start, suspension, completion or termination message from the provider.</summary>
    public async Task OnTransferMessageAsync(DataspaceParticipant participant, string consumerPid, TransferMessage kind, JsonObject message,
        CancellationToken cancellationToken)
    {
        var transfer = await FindTransferAsync(participant, consumerPid, cancellationToken);
        var providerPid = DspMessage.Required(message, "providerPid");
        if (DspMessage.Text(message, "consumerPid") != consumerPid || (transfer.RemotePid is not null && transfer.RemotePid != providerPid))
        {
            throw new DspException(400, "400", "The message's providerPid and consumerPid do not name this transfer.")
                { ConsumerPid = consumerPid, ProviderPid = providerPid };
        }
        if (transfer.RemotePid is null)
        {
            transfer.RemotePid = providerPid;
            await db.DataspaceTransfers.Where(t => t.Id == transfer.Id && t.RemotePid == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RemotePid, providerPid), cancellationToken);
        }
        // The data address is checked first and stored in the same transaction as the move to STARTED, so nobody sees a
        // started transfer without its address and a refused address leaves the transfer as it was.
        (string Endpoint, string Token)? dataAddress = null;
        if (kind == TransferMessage.Start && message["dataAddress"] is JsonObject address)
        {
            var endpoint = DspMessage.Text(address, "endpoint");
            var token = (address["endpointProperties"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(p => DspMessage.Text(p, "name") == "authorization").Select(p => DspMessage.Text(p, "value")).FirstOrDefault();
            if (endpoint is null || !endpoint.StartsWith(participant.Endpoint, StringComparison.OrdinalIgnoreCase) || token is null)
            {
                throw new DspException(400, "400", "The data address must name an endpoint under your registered endpoint and an authorization property.")
                    { ConsumerPid = consumerPid, ProviderPid = providerPid };
            }
            dataAddress = (endpoint, token);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await DataspaceProvider.MoveTransferAsync(db, transfer, kind, DataspaceRole.Provider, clock, cancellationToken);
        if (dataAddress is { } given)
        {
            var wrapped = participants.Wrap(given.Token);
            await db.DataspaceTransfers.Where(t => t.Id == transfer.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DataEndpoint, given.Endpoint).SetProperty(t => t.DataToken, wrapped), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<DataspaceTransfer> FindTransferAsync(DataspaceParticipant participant, string consumerPid, CancellationToken cancellationToken)
    {
        var id = DspMessage.FromUrn(consumerPid);
        return (id is null ? null : await db.DataspaceTransfers.AsNoTracking()
                .SingleOrDefaultAsync(t => t.Id == id && t.Role == DataspaceRole.Consumer && t.ParticipantId == participant.Id, cancellationToken))
            ?? throw new DspException(404, "404", "No such transfer process.") { ConsumerPid = consumerPid };
    }

    public static JsonObject TransferJson(DataspaceTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var json = DspMessage.New("TransferProcess");
        json["providerPid"] = transfer.RemotePid ?? "";
        json["consumerPid"] = DspMessage.Urn(transfer.Id);
        json["state"] = TransferStateMachine.Name(transfer.State);
        return json;
    }

    private static void DemandSignedIn(Actor actor)
    {
        if (!actor.IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
    }

    private static async Task<T> RemoteAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DspRemoteException e)
        {
            throw new PlatformException(e.Status == 404 ? PlatformError.NotFound : PlatformError.Conflict, e.Message);
        }
        catch (HttpRequestException)
        {
            throw new PlatformException(PlatformError.Conflict, "The other connector cannot be reached.");
        }
    }
}

/// <summary>One page of a remote participant's catalogue, with the links to the pages around it.</summary>
public sealed record RemoteCatalog(DataspaceParticipant Participant, JsonObject Catalog, string? Next, string? Previous);

/// <summary>One recorded event of a consumer negotiation (a move from → to, or its request and finalisation).</summary>
public sealed record NegotiationHistoryEntry(DateTimeOffset At, string Action, string? From, string? To, string? Reason);
