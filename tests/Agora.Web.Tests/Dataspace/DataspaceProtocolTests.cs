using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Platform.Catalog;
using Agora.Platform.Dataspace;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Testing;
using Agora.Web.Tests.Publishing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Tests.Dataspace;

/// <summary>
/// Two Agora instances on loopback: the hospital's (provider) and the ministry's (consumer). They register each other as
/// participants, the ministry reads the hospital's DSP catalogue, negotiates an agreement on an offer and pulls the data
/// in a transfer; every message on the wire is checked against the official schemas on both sides.
/// </summary>
public sealed class DataspaceProtocolTests : IAsyncLifetime
{
    private AgoraTestServer _provider = null!;
    private AgoraTestServer _consumer = null!;

    public async Task InitializeAsync()
    {
        // One dataset per catalogue page, so paging is exercised with two datasets.
        _provider = await AgoraTestServer.StartAsync(new Dictionary<string, string?> { ["Agora:Dataspace:CatalogPageSize"] = "1" });
        _consumer = await AgoraTestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _consumer.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private static async Task<string> TokenAsync(AgoraTestServer server, string email)
    {
        using var scope = server.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<Agora.Platform.Accounts.AgoraUser>>().FindByEmailAsync(email);
        return await server.IssueTokenAsync(user!.Id);
    }

    private static string PatientsCsv()
    {
        var csv = new StringBuilder("person_id,age,region\n");
        for (var i = 1; i <= 50; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"P{i:000},{20 + (i % 60)},{(i % 2 == 0 ? "north" : "south")}\n");
        }
        return csv.ToString();
    }

    /// <summary>Publishes a dataset with a protected second version offered for download (research purposes).</summary>
    private async Task<(Guid DatasetId, Guid OfferId)> PublishOfferedAsync(HttpClient stewardClient, Guid organisationId, string title, bool autoApprove)
    {
        var datasetId = await ApiPublishing.PublishNewAsync(stewardClient, organisationId, title, PatientsCsv());
        using (var scope = _provider.Services.CreateScope())
        {
            // A protected version derived from the first (as pseudonymisation produces): only such a version is offered for download.
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            var first = await db.DatasetVersions.AsNoTracking().SingleAsync(v => v.DatasetId == datasetId);
            db.DatasetVersions.Add(new DatasetVersion
            {
                DatasetId = datasetId, Number = 2, ContentHash = first.ContentHash, StoragePath = first.StoragePath, WrappedKey = first.WrappedKey,
                RowCount = first.RowCount, ByteSize = first.ByteSize, SourceFormat = first.SourceFormat, SourceFileName = first.SourceFileName,
                Columns = first.Columns, CreatedById = first.CreatedById, CreatedAt = DateTimeOffset.UtcNow, DerivedFromId = first.Id,
                Derivation = "pseudonymised",
            });
            // Publication (review by a steward) is another feature's path; the test sets the published state directly.
            await db.Datasets.Where(d => d.Id == datasetId)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DatasetState.Published).SetProperty(d => d.PublishedAt, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        using var offered = await stewardClient.PostAsJsonAsync($"/api/datasets/{datasetId}/offers", new
        {
            title = "Protected extract for research",
            versionNumber = 2,
            actions = new[] { "agora:downloadDerivative" },
            purposes = new[] { "agora:ScientificResearch" },
            outputControl = "StatisticalDisclosureControl",
            autoApprove,
        });
        Assert.True(offered.StatusCode == HttpStatusCode.Created, await offered.Content.ReadAsStringAsync());
        var offerId = (await offered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (datasetId, offerId);
    }

    private sealed record World(string ProviderOperator, string ProviderSteward, string ConsumerOperator, string ConsumerAnalyst, Guid MinistryId,
        Guid RemoteMinistryId, Guid DatasetId, Guid OfferId, string TokenForConsumer, Guid ProviderOnConsumer, Guid HospitalId, Guid ConsumerOnProvider);

    /// <summary>The hospital publishes a protected version offered for download with automatic approval; the two
    /// platforms register each other.</summary>
    private async Task<World> ArrangeAsync(bool autoApprove = true, bool ministryReceivesOffers = false)
    {
        var hospitalAdmin = await _provider.CreateUserAsync("admin@hospital.example");
        await _provider.CreateUserAsync("steward@hospital.example");
        var providerOperatorId = await _provider.CreateUserAsync("operator@hospital.example", isOperator: true);
        var hospital = await _provider.CreateOrganisationAsync("hospital", hospitalAdmin, OrganisationKind.Public,
            ("steward@hospital.example", OrganisationRole.DataSteward));
        // The organisation standing for the ministry's connector on the hospital's platform.
        var remoteMinistry = await _provider.CreateOrganisationAsync("ministry-connector", providerOperatorId, OrganisationKind.Public);
        var steward = await TokenAsync(_provider, "steward@hospital.example");
        var providerOperator = await TokenAsync(_provider, "operator@hospital.example");

        using var stewardClient = _provider.CreateClient(steward);
        var (datasetId, offerId) = await PublishOfferedAsync(stewardClient, hospital.Id, "Patient stays", autoApprove);

        var ministryAdmin = await _consumer.CreateUserAsync("admin@ministry.example");
        await _consumer.CreateUserAsync("analyst@ministry.example");
        await _consumer.CreateUserAsync("operator@ministry.example", isOperator: true);
        var ministry = await _consumer.CreateOrganisationAsync("ministry", ministryAdmin, OrganisationKind.Public,
            ("analyst@ministry.example", OrganisationRole.Analyst));
        var consumerOperator = await TokenAsync(_consumer, "operator@ministry.example");
        var analyst = await TokenAsync(_consumer, "analyst@ministry.example");

        // Registration, as the documentation describes: each operator registers the other platform and hands over the token.
        using var providerAdmin = _provider.CreateClient(providerOperator);
        using var registered = await providerAdmin.PostAsJsonAsync("/api/dataspace/participants",
            new { name = "Ministry connector", endpoint = new Uri(_consumer.BaseAddress, "dsp").ToString(), organisationId = remoteMinistry.Id });
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var consumerAtProvider = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var tokenForConsumer = consumerAtProvider.GetProperty("token").GetString()!;

        using var consumerAdmin = _consumer.CreateClient(consumerOperator);
        using var registeredBack = await consumerAdmin.PostAsJsonAsync("/api/dataspace/participants",
            new
            {
                name = "Hospital connector", endpoint = new Uri(_provider.BaseAddress, "dsp").ToString(), outboundToken = tokenForConsumer,
                organisationId = ministryReceivesOffers ? ministry.Id : (Guid?)null,
            });
        Assert.Equal(HttpStatusCode.Created, registeredBack.StatusCode);
        var providerAtConsumer = await registeredBack.Content.ReadFromJsonAsync<JsonElement>();
        using var tokenSet = await providerAdmin.PutAsJsonAsync($"/api/dataspace/participants/{consumerAtProvider.GetProperty("id").GetGuid()}/token",
            new { token = providerAtConsumer.GetProperty("token").GetString() });
        Assert.Equal(HttpStatusCode.NoContent, tokenSet.StatusCode);

        // Only operators register participants.
        using var analystClient = _consumer.CreateClient(analyst);
        using var refused = await analystClient.PostAsJsonAsync("/api/dataspace/participants", new { name = "x", endpoint = "https://x.example/dsp" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        return new World(providerOperator, steward, consumerOperator, analyst, ministry.Id, remoteMinistry.Id, datasetId, offerId, tokenForConsumer,
            providerAtConsumer.GetProperty("id").GetGuid(), hospital.Id, consumerAtProvider.GetProperty("id").GetGuid());
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string url, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var current = await client.GetFromJsonAsync<JsonElement>(url);
            if (done(current))
            {
                return current;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting at {url}: {current.GetRawText()}");
            await Task.Delay(200);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpClient client, HttpMethod method, string url, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!);
    }

    private static void AssertError(JsonObject error, string type)
    {
        Assert.Equal(type, DspMessage.Text(error, "@type"));
        Assert.Empty(DspSchemas.FromFolder(DspSchemaTests.Folder).Validate(error, type));
        Assert.NotEmpty(error["reason"]!.AsArray());
    }

    [Fact]
    public async Task TwoPlatforms_DiscoverNegotiateAndTransfer_EndToEnd_AndTheProtocolRulesHold()
    {
        var world = await ArrangeAsync();
        var schemas = DspSchemas.FromFolder(DspSchemaTests.Folder);

        // Discovery: the version document is public and valid.
        using var anonymous = _provider.CreateClient();
        var version = JsonNode.Parse(await anonymous.GetStringAsync("/.well-known/dspace-version"))!;
        Assert.Empty(schemas.Validate(version, DspSchemas.VersionResponse));
        Assert.Equal("/dsp", version["protocolVersions"]![0]!["path"]!.GetValue<string>());

        // The ministry's analyst reads the hospital's catalogue through the ministry's platform.
        using var analyst = _consumer.CreateClient(world.ConsumerAnalyst);
        var catalog = JsonNode.Parse(await analyst.GetStringAsync($"/api/dataspace/participants/{world.ProviderOnConsumer}/catalog"))!.AsObject();
        Assert.Empty(schemas.Validate(catalog, "Catalog"));
        var dataset = catalog["dataset"]!.AsArray().Single(d => DspMessage.Text(d!.AsObject(), "@id") == $"urn:uuid:{world.DatasetId}")!.AsObject();
        var offer = dataset["hasPolicy"]!.AsArray().Single()!.AsObject();
        Assert.Equal($"urn:uuid:{world.OfferId}", DspMessage.Text(offer, "@id"));
        Assert.Contains("agora:downloadDerivative", offer.ToJsonString(), StringComparison.Ordinal);

        // Negotiation: REQUESTED → AGREED (automatic approval) → VERIFIED → FINALIZED, across the two platforms.
        using var started = await analyst.PostAsJsonAsync("/api/dataspace/negotiations", new
        {
            participantId = world.ProviderOnConsumer, organisationId = world.MinistryId, datasetId = $"urn:uuid:{world.DatasetId}",
            offerId = $"urn:uuid:{world.OfferId}", purpose = "agora:ScientificResearch",
        });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var negotiationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var finalized = await PollAsync(analyst, $"/api/dataspace/negotiations/{negotiationId}", n => n.GetProperty("state").GetString() is "FINALIZED" or "TERMINATED");
        Assert.Equal("FINALIZED", finalized.GetProperty("state").GetString());
        var providerPid = finalized.GetProperty("providerPid").GetString()!;
        var agreementId = finalized.GetProperty("agreementId").GetString()!;
        Assert.Equal($"urn:uuid:{world.DatasetId}", finalized.GetProperty("agreement").GetProperty("target").GetString());

        // The provider's register holds the signed agreement, for the organisation standing for the ministry's connector.
        using var providerSteward = _provider.CreateClient(world.ProviderSteward);
        var agreement = await providerSteward.GetFromJsonAsync<JsonElement>($"/api/agreements/{DspMessage.FromUrn(agreementId)}");
        Assert.Equal(world.RemoteMinistryId, agreement.GetProperty("consumerOrganisationId").GetGuid());
        using var asConsumer = _provider.CreateClient(world.TokenForConsumer);
        var (status, process) = await SendAsync(asConsumer, HttpMethod.Get, $"/dsp/negotiations/{providerPid}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("FINALIZED", DspMessage.Text(process, "state"));
        Assert.Empty(schemas.Validate(process, "ContractNegotiation"));

        // An illegal transition (verifying a finalised negotiation) answers 400 with the protocol's error object.
        var verification = DspMessage.New("ContractAgreementVerificationMessage");
        verification["providerPid"] = providerPid;
        verification["consumerPid"] = $"urn:uuid:{negotiationId}";
        (status, var error) = await SendAsync(asConsumer, HttpMethod.Post, $"/dsp/negotiations/{providerPid}/agreement/verification", verification);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "ContractNegotiationError");

        // Transfer: REQUESTED → STARTED (pull address) → data → COMPLETED.
        using var transferStarted = await analyst.PostAsync($"/api/dataspace/negotiations/{negotiationId}/transfers", null);
        Assert.True(transferStarted.StatusCode == HttpStatusCode.Created, await transferStarted.Content.ReadAsStringAsync());
        var transferId = (await transferStarted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var running = await PollAsync(analyst, $"/api/dataspace/transfers/{transferId}", t => t.GetProperty("state").GetString() != "REQUESTED");
        Assert.Equal("STARTED", running.GetProperty("state").GetString());
        Assert.True(running.GetProperty("hasDataAddress").GetBoolean());
        var csv = await analyst.GetStringAsync($"/api/dataspace/transfers/{transferId}/data");
        Assert.StartsWith("person_id,age,region", csv, StringComparison.Ordinal);
        Assert.Equal(51, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var transferPid = running.GetProperty("providerPid").GetString()!;
        (status, process) = await SendAsync(asConsumer, HttpMethod.Get, $"/dsp/transfers/{transferPid}");
        Assert.Equal("STARTED", DspMessage.Text(process, "state"));
        // The pull address refuses a request without its token.
        using (var noToken = await anonymous.GetAsync($"/dsp/data/{DspMessage.FromUrn(transferPid)}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, noToken.StatusCode);
        }

        using var completed = await analyst.PostAsync($"/api/dataspace/transfers/{transferId}/complete", null);
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        (status, process) = await SendAsync(asConsumer, HttpMethod.Get, $"/dsp/transfers/{transferPid}");
        Assert.Equal("COMPLETED", DspMessage.Text(process, "state"));

        // After completion: starting again is illegal (400 + TransferError), and the data address is closed.
        var restart = DspMessage.New("TransferStartMessage");
        restart["providerPid"] = transferPid;
        restart["consumerPid"] = $"urn:uuid:{transferId}";
        (status, error) = await SendAsync(asConsumer, HttpMethod.Post, $"/dsp/transfers/{transferPid}/start", restart);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "TransferError");
        using (var closed = await analyst.GetAsync($"/api/dataspace/transfers/{transferId}/data"))
        {
            Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        }

        // Unknown processes, and processes of another participant, are 404; no token is 401.
        (status, error) = await SendAsync(asConsumer, HttpMethod.Get, $"/dsp/negotiations/urn:uuid:{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertError(error, "ContractNegotiationError");
        using var providerAdmin = _provider.CreateClient(world.ProviderOperator);
        using var other = await providerAdmin.PostAsJsonAsync("/api/dataspace/participants", new { name = "Someone else", endpoint = "https://else.example/dsp" });
        var otherToken = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var asOther = _provider.CreateClient(otherToken);
        (status, error) = await SendAsync(asOther, HttpMethod.Get, $"/dsp/negotiations/{providerPid}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertError(error, "ContractNegotiationError");
        (status, error) = await SendAsync(asOther, HttpMethod.Get, $"/dsp/transfers/{transferPid}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertError(error, "TransferError");
        (status, _) = await SendAsync(anonymous, HttpMethod.Get, $"/dsp/negotiations/{providerPid}");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task OfficialExampleMessages_AreAccepted_AndAnsweredWithProtocolErrorsForUnknownProcesses()
    {
        var world = await ArrangeAsync();
        using var asConsumer = _provider.CreateClient(world.TokenForConsumer);
        string Example(string path) => File.ReadAllText(Path.Combine(DspSchemaTests.Folder, path));

        // The catalogue request example is answered with a valid catalogue holding the offered dataset.
        var (status, catalog) = await SendAsync(asConsumer, HttpMethod.Post, "/dsp/catalog/request", JsonNode.Parse(Example("catalog/example/catalog-request-message.json")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(catalog["dataset"]!.AsArray());
        (status, var dataset) = await SendAsync(asConsumer, HttpMethod.Get, $"/dsp/catalog/datasets/urn:uuid:{world.DatasetId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(DspSchemas.FromFolder(DspSchemaTests.Folder).Validate(dataset, "Dataset"));

        // The initial contract request example passes validation; its offer is not one of ours, so it is refused with a reason.
        (status, var error) = await SendAsync(asConsumer, HttpMethod.Post, "/dsp/negotiations/request",
            JsonNode.Parse(Example("negotiation/example/contract-request-message_initial.json")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "ContractNegotiationError");
        Assert.DoesNotContain("schema", error["reason"]!.ToJsonString(), StringComparison.Ordinal);

        // Every provider- and consumer-bound example reaches its handler (schema-valid) and is answered 404: the process is unknown.
        foreach (var (path, url) in new[]
        {
            ("negotiation/example/contract-negotiation-event-message.json", "/dsp/negotiations/urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab/events"),
            ("negotiation/example/contract-agreement-verification-message.json", "/dsp/negotiations/urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab/agreement/verification"),
            ("negotiation/example/contract-negotiation-termination-message.json", "/dsp/negotiations/urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab/termination"),
            ("negotiation/example/contract-agreement-message.json", "/dsp/callback/negotiations/urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833/agreement"),
            ("negotiation/example/contract-offer-message.json", "/dsp/callback/negotiations/urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833/offers"),
            ("transfer/example/transfer-start-message.json", "/dsp/callback/transfers/urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833/start"),
            ("transfer/example/transfer-completion-message.json", "/dsp/transfers/urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab/completion"),
            ("transfer/example/transfer-suspension-message.json", "/dsp/transfers/urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab/suspension"),
            ("transfer/example/transfer-termination-message.json", "/dsp/transfers/urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab/termination"),
        })
        {
            (status, error) = await SendAsync(asConsumer, HttpMethod.Post, url, JsonNode.Parse(Example(path)));
            Assert.True(status == HttpStatusCode.NotFound, $"{path}: {status} {error.ToJsonString()}");
            AssertError(error, url.Contains("/transfers/", StringComparison.Ordinal) ? "TransferError" : "ContractNegotiationError");
        }

        // A transfer request example names an agreement that does not exist here: 404.
        (status, error) = await SendAsync(asConsumer, HttpMethod.Post, "/dsp/transfers/request", JsonNode.Parse(Example("transfer/example/transfer-request-message.json")));
        Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, error.ToJsonString());
        AssertError(error, "TransferError");

        // A message that breaks the schema is refused with the schema's complaint.
        (status, error) = await SendAsync(asConsumer, HttpMethod.Post, "/dsp/negotiations/request", new JsonObject
        {
            ["@context"] = new JsonArray(DspMessage.Context), ["@type"] = "ContractRequestMessage", ["callbackAddress"] = "x",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "ContractNegotiationError");
    }

    private static async Task<(Guid Id, string ProviderPid)> RequestAsync(HttpClient analyst, World world)
    {
        using var started = await analyst.PostAsJsonAsync("/api/dataspace/negotiations", new
        {
            participantId = world.ProviderOnConsumer, organisationId = world.MinistryId, datasetId = $"urn:uuid:{world.DatasetId}",
            offerId = $"urn:uuid:{world.OfferId}", purpose = "agora:ScientificResearch",
        });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var negotiation = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("REQUESTED", negotiation.GetProperty("state").GetString());
        return (negotiation.GetProperty("id").GetGuid(), negotiation.GetProperty("providerPid").GetString()!);
    }

    private static Task<JsonElement> PollStateAsync(HttpClient client, string url, params string[] states) =>
        PollAsync(client, url, n => states.Contains(n.GetProperty("state").GetString()));

    [Fact]
    public async Task StewardDecisions_OnRemoteRequests_ReachTheConsumer_CounterOfferAcceptedOrDeclined_RejectAndApprove()
    {
        var world = await ArrangeAsync(autoApprove: false);
        using var analyst = _consumer.CreateClient(world.ConsumerAnalyst);
        using var steward = _provider.CreateClient(world.ProviderSteward);

        // 1. The request waits in the steward's inbox (the remote consumer is named by its participant); a counter-offer
        //    reaches the consumer as a ContractOfferMessage; the consumer accepts; the agreement follows and is finalised.
        var (first, providerPid) = await RequestAsync(analyst, world);
        var requestId = DspMessage.FromUrn(providerPid)!.Value;
        var inbox = await steward.GetFromJsonAsync<JsonElement>("/api/requests");
        Assert.Contains(requestId.ToString(), inbox.GetRawText(), StringComparison.Ordinal);
        using (var countered = await steward.PostAsJsonAsync($"/api/requests/{requestId}/counter-offer", new
        {
            terms = new
            {
                actions = new[] { "agora:downloadDerivative" }, purposes = new[] { "agora:ScientificResearch" },
                outputControl = "StatisticalDisclosureControl", maxUses = 3,
            },
            comment = "Three downloads at most.",
        }))
        {
            Assert.True(countered.IsSuccessStatusCode, await countered.Content.ReadAsStringAsync());
        }
        var offered = await PollStateAsync(analyst, $"/api/dataspace/negotiations/{first}", "OFFERED", "TERMINATED");
        Assert.Equal("OFFERED", offered.GetProperty("state").GetString());
        var counterOffer = offered.GetProperty("offer");
        Assert.Equal($"urn:uuid:{world.DatasetId}", counterOffer.GetProperty("target").GetString());
        Assert.Contains("3", counterOffer.GetRawText(), StringComparison.Ordinal);
        // The consumer cannot start a transfer on an offer, only accept or terminate.
        using (var early = await analyst.PostAsync($"/api/dataspace/negotiations/{first}/transfers", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }
        using (var accepted = await analyst.PostAsync($"/api/dataspace/negotiations/{first}/accept", null))
        {
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        }
        var finalized = await PollStateAsync(analyst, $"/api/dataspace/negotiations/{first}", "FINALIZED", "TERMINATED");
        Assert.Equal("FINALIZED", finalized.GetProperty("state").GetString());
        var agreement = await steward.GetFromJsonAsync<JsonElement>($"/api/agreements/{DspMessage.FromUrn(finalized.GetProperty("agreementId").GetString())}");
        Assert.Equal(world.RemoteMinistryId, agreement.GetProperty("consumerOrganisationId").GetGuid());
        // Accepting again is refused: the negotiation is final.
        using (var again = await analyst.PostAsync($"/api/dataspace/negotiations/{first}/accept", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // 2. A rejection reaches the consumer as a termination, with the steward's reason in the negotiation's history.
        var (second, secondPid) = await RequestAsync(analyst, world);
        using (var rejected = await steward.PostAsJsonAsync($"/api/requests/{DspMessage.FromUrn(secondPid)}/reject", new { reason = "Not for this project." }))
        {
            Assert.True(rejected.IsSuccessStatusCode, await rejected.Content.ReadAsStringAsync());
        }
        Assert.Equal("TERMINATED", (await PollStateAsync(analyst, $"/api/dataspace/negotiations/{second}", "TERMINATED")).GetProperty("state").GetString());
        using (var forms = new Security.BrowserForms(_consumer.BaseAddress, world.ConsumerAnalyst))
        {
            var page = await forms.GetAsync($"/dataspace/negotiations/{second}");
            Assert.Contains("Not for this project.", page, StringComparison.Ordinal);
            Assert.Matches("REQUESTED (→|&#x2192;) TERMINATED", page);
        }

        // 3. The consumer declines a counter-offer: the provider's request is terminated too.
        var (third, thirdPid) = await RequestAsync(analyst, world);
        var thirdRequest = DspMessage.FromUrn(thirdPid)!.Value;
        using (var countered = await steward.PostAsJsonAsync($"/api/requests/{thirdRequest}/counter-offer", new
        {
            terms = new { actions = new[] { "agora:downloadDerivative" }, purposes = new[] { "agora:ScientificResearch" }, outputControl = "StatisticalDisclosureControl", maxUses = 1 },
        }))
        {
            Assert.True(countered.IsSuccessStatusCode, await countered.Content.ReadAsStringAsync());
        }
        await PollStateAsync(analyst, $"/api/dataspace/negotiations/{third}", "OFFERED");
        using (var declined = await analyst.PostAsJsonAsync($"/api/dataspace/negotiations/{third}/terminate", new { reason = "One download is too few." }))
        {
            Assert.True(declined.IsSuccessStatusCode, await declined.Content.ReadAsStringAsync());
        }
        var providerSide = await steward.GetFromJsonAsync<JsonElement>($"/api/requests/{thirdRequest}");
        Assert.Contains("TERMINATED", providerSide.GetRawText(), StringComparison.Ordinal);

        // 4. Plain approval by the steward: the agreement goes to the consumer, which verifies it; FINALIZED on both sides.
        var (fourth, fourthPid) = await RequestAsync(analyst, world);
        using (var approved = await steward.PostAsJsonAsync($"/api/requests/{DspMessage.FromUrn(fourthPid)}/approve", new { comment = "Fine." }))
        {
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }
        Assert.Equal("FINALIZED", (await PollStateAsync(analyst, $"/api/dataspace/negotiations/{fourth}", "FINALIZED", "TERMINATED")).GetProperty("state").GetString());

        // The steward sees the four incoming DSP negotiations, linked to their requests and agreements.
        using var stewardPages = new Security.BrowserForms(_provider.BaseAddress, world.ProviderSteward);
        var incoming = await stewardPages.GetAsync("/dataspace/negotiations");
        Assert.Contains("Ministry connector", incoming, StringComparison.Ordinal);
        Assert.Contains($"/access/requests/{requestId}", incoming, StringComparison.Ordinal);
        Assert.Contains($"/agreements/{agreement.GetProperty("id").GetGuid()}", incoming, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_IsPaged_WithLinkHeaders_AndThePagesBrowseItAndStartANegotiation()
    {
        var world = await ArrangeAsync();
        using (var steward = _provider.CreateClient(world.ProviderSteward))
        {
            await PublishOfferedAsync(steward, world.HospitalId, "Outpatient visits", autoApprove: true);
        }
        var schemas = DspSchemas.FromFolder(DspSchemaTests.Folder);

        // On the wire: one dataset per page, Link rel="next" on the first, rel="previous" on the last.
        using var asConsumer = _provider.CreateClient(world.TokenForConsumer);
        var request = DspMessage.New("CatalogRequestMessage");
        using var first = await asConsumer.PostAsync("/dsp/catalog/request", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstPage = JsonNode.Parse(await first.Content.ReadAsStringAsync())!.AsObject();
        Assert.Empty(schemas.Validate(firstPage, "Catalog"));
        Assert.Single(firstPage["dataset"]!.AsArray());
        var next = DspClient.LinkOf(first.Headers.GetValues("Link"), "next", first.RequestMessage!.RequestUri!);
        Assert.NotNull(next);
        Assert.Null(DspClient.LinkOf(first.Headers.GetValues("Link"), "previous", first.RequestMessage.RequestUri!));
        using var second = await asConsumer.PostAsync(next, new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
        var secondPage = JsonNode.Parse(await second.Content.ReadAsStringAsync())!.AsObject();
        Assert.Single(secondPage["dataset"]!.AsArray());
        Assert.NotEqual(firstPage["dataset"]![0]!["@id"]!.ToString(), secondPage["dataset"]![0]!["@id"]!.ToString());
        Assert.Null(DspClient.LinkOf(second.Headers.GetValues("Link"), "next", second.RequestMessage!.RequestUri!));
        Assert.NotNull(DspClient.LinkOf(second.Headers.GetValues("Link"), "previous", second.RequestMessage.RequestUri!));
        // A page that is not a number is refused with the catalogue error object.
        var (status, error) = await SendAsync(asConsumer, HttpMethod.Post, "/dsp/catalog/request?page=zero", request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "CatalogError");

        // Through the consumer's management API, which follows the provider's links (and only links under its endpoint).
        using var analyst = _consumer.CreateClient(world.ConsumerAnalyst);
        using var apiFirst = await analyst.GetAsync($"/api/dataspace/participants/{world.ProviderOnConsumer}/catalog");
        var apiNext = DspClient.LinkOf(apiFirst.Headers.GetValues("Link"), "next", apiFirst.RequestMessage!.RequestUri!);
        Assert.NotNull(apiNext);
        var apiSecond = JsonNode.Parse(await analyst.GetStringAsync(apiNext))!.AsObject();
        Assert.Equal(secondPage["dataset"]![0]!["@id"]!.ToString(), apiSecond["dataset"]![0]!["@id"]!.ToString());
        using (var elsewhere = await analyst.GetAsync($"/api/dataspace/participants/{world.ProviderOnConsumer}/catalog?page={Uri.EscapeDataString("https://evil.example/dsp/catalog/request")}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        }

        // The pages, as a browser without JavaScript uses them: the analyst browses both pages and asks for a contract.
        using var pages = new Security.BrowserForms(_consumer.BaseAddress, world.ConsumerAnalyst);
        var catalogPath = $"/dataspace/participants/{world.ProviderOnConsumer}/catalog";
        var html = await pages.GetAsync(catalogPath);
        Assert.Contains("Next page", html, StringComparison.Ordinal);
        Assert.Contains("agora:downloadDerivative", html, StringComparison.Ordinal);
        var nextPagePath = System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]+)\" rel=\"next\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.Contains("Previous page", await pages.GetAsync(nextPagePath), StringComparison.Ordinal);
        var (posted, body, location) = await pages.PostAsync(catalogPath, "negotiate-0",
            new Dictionary<string, string> { ["organisationId"] = world.MinistryId.ToString(), ["purpose"] = "agora:ScientificResearch" });
        Assert.True(posted == HttpStatusCode.Redirect || posted == HttpStatusCode.Found, $"{posted}: {body}");
        var negotiationPath = location!.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;
        Assert.StartsWith("/dataspace/negotiations/", negotiationPath, StringComparison.Ordinal);
        var negotiationId = Guid.Parse(negotiationPath["/dataspace/negotiations/".Length..]);
        await PollStateAsync(analyst, $"/api/dataspace/negotiations/{negotiationId}", "FINALIZED");
        var negotiationPage = await pages.GetAsync(negotiationPath);
        Assert.Contains("FINALIZED", negotiationPage, StringComparison.Ordinal);
        Assert.Contains("Start a transfer", negotiationPage, StringComparison.Ordinal);
        var list = await pages.GetAsync("/dataspace/negotiations");
        Assert.Contains(negotiationPath, list, StringComparison.Ordinal);

        // The operator's participants page: registering issues a token shown once; the list shows only its prefix.
        using var operatorPages = new Security.BrowserForms(_consumer.BaseAddress, world.ConsumerOperator);
        (posted, body, _) = await operatorPages.PostAsync("/dataspace/participants", "register",
            new Dictionary<string, string> { ["name"] = "Statistics office", ["endpoint"] = "https://stat.example/dsp", ["organisationId"] = "" });
        Assert.Equal(HttpStatusCode.OK, posted);
        var token = System.Text.RegularExpressions.Regex.Match(body, "<code id=\"new-token\">(agora_dsp_[^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(token);
        var listed = await operatorPages.GetAsync("/dataspace/participants");
        Assert.Contains("Statistics office", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        // The analyst sees the participants but no registration form.
        Assert.DoesNotContain("Register a participant", await pages.GetAsync("/dataspace/participants"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderInitiatedOffers_AreAcceptedOrTerminated_AndBadOfferMessagesAreRefused()
    {
        var world = await ArrangeAsync(autoApprove: false, ministryReceivesOffers: true);
        using var analyst = _consumer.CreateClient(world.ConsumerAnalyst);
        using var steward = _provider.CreateClient(world.ProviderSteward);

        // Only stewards of the offering organisation send its offers; an unknown participant is 404.
        using (var byOperator = _provider.CreateClient(world.ProviderOperator))
        using (var refused = await byOperator.PostAsJsonAsync($"/api/dataspace/participants/{world.ConsumerOnProvider}/offers", new { offerId = world.OfferId }))
        {
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, await refused.Content.ReadAsStringAsync());
        }
        using (var unknown = await steward.PostAsJsonAsync($"/api/dataspace/participants/{Guid.NewGuid()}/offers", new { offerId = world.OfferId }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // 1. The hospital's steward offers; the ministry sees the negotiation OFFERED, accepts it; FINALIZED on both sides.
        async Task<(Guid ProviderId, Guid ConsumerId)> OfferAsync()
        {
            using var sent = await steward.PostAsJsonAsync($"/api/dataspace/participants/{world.ConsumerOnProvider}/offers", new { offerId = world.OfferId });
            Assert.True(sent.StatusCode == HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
            var body = await sent.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("OFFERED", body.GetProperty("state").GetString());
            Assert.Equal(world.RemoteMinistryId, body.GetProperty("consumerOrganisationId").GetGuid());
            var providerId = body.GetProperty("id").GetGuid();
            var listed = await PollAsync(analyst, "/api/dataspace/negotiations",
                l => l.EnumerateArray().Any(n => n.GetProperty("providerPid").GetString() == $"urn:uuid:{providerId}"));
            var mine = listed.EnumerateArray().Single(n => n.GetProperty("providerPid").GetString() == $"urn:uuid:{providerId}");
            Assert.Equal("OFFERED", mine.GetProperty("state").GetString());
            Assert.Equal($"urn:uuid:{world.DatasetId}", mine.GetProperty("offer").GetProperty("target").GetString());
            return (providerId, mine.GetProperty("id").GetGuid());
        }
        var (providerId, consumerId) = await OfferAsync();
        // A second offer of the same offer while the first is open is refused.
        using (var twice = await steward.PostAsJsonAsync($"/api/dataspace/participants/{world.ConsumerOnProvider}/offers", new { offerId = world.OfferId }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }
        using (var forms = new Security.BrowserForms(_consumer.BaseAddress, world.ConsumerAnalyst))
        {
            Assert.Contains($"/dataspace/negotiations/{consumerId}", await forms.GetAsync("/dataspace/negotiations"), StringComparison.Ordinal);
        }
        using (var accepted = await analyst.PostAsync($"/api/dataspace/negotiations/{consumerId}/accept", null))
        {
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        }
        var finalized = await PollStateAsync(analyst, $"/api/dataspace/negotiations/{consumerId}", "FINALIZED", "TERMINATED");
        Assert.Equal("FINALIZED", finalized.GetProperty("state").GetString());
        var agreement = await steward.GetFromJsonAsync<JsonElement>($"/api/agreements/{DspMessage.FromUrn(finalized.GetProperty("agreementId").GetString())}");
        Assert.Equal(world.RemoteMinistryId, agreement.GetProperty("consumerOrganisationId").GetGuid());
        Assert.Contains("FINALIZED", (await steward.GetFromJsonAsync<JsonElement>($"/api/requests/{providerId}")).GetRawText(), StringComparison.Ordinal);
        using var asConsumer = _provider.CreateClient(world.TokenForConsumer);
        var (status, process) = await SendAsync(asConsumer, HttpMethod.Get, $"/dsp/negotiations/urn:uuid:{providerId}");
        Assert.Equal("FINALIZED", DspMessage.Text(process, "state"));
        Assert.Equal($"urn:uuid:{consumerId}", DspMessage.Text(process, "consumerPid"));

        // 2. A second offer, sent with the form of the participants page, declined by the ministry: TERMINATED on both sides.
        using (var stewardPages = new Security.BrowserForms(_provider.BaseAddress, world.ProviderSteward))
        {
            var (posted, page, _) = await stewardPages.PostAsync("/dataspace/participants", $"offer-{world.ConsumerOnProvider}",
                new Dictionary<string, string> { ["offerId"] = world.OfferId.ToString() });
            Assert.True(posted == HttpStatusCode.OK, page);
            Assert.Contains("The offer is on its way to Ministry connector", page, StringComparison.Ordinal);
        }
        var second = (await PollAsync(analyst, "/api/dataspace/negotiations", l => l.EnumerateArray().Count() == 2)).EnumerateArray()
            .Single(n => n.GetProperty("id").GetGuid() != consumerId);
        Assert.Equal("OFFERED", second.GetProperty("state").GetString());
        var secondConsumer = second.GetProperty("id").GetGuid();
        var secondProvider = DspMessage.FromUrn(second.GetProperty("providerPid").GetString())!.Value;
        using (var declined = await analyst.PostAsJsonAsync($"/api/dataspace/negotiations/{secondConsumer}/terminate", new { reason = "Not now." }))
        {
            Assert.True(declined.IsSuccessStatusCode, await declined.Content.ReadAsStringAsync());
        }
        Assert.Equal("TERMINATED", (await analyst.GetFromJsonAsync<JsonElement>($"/api/dataspace/negotiations/{secondConsumer}")).GetProperty("state").GetString());
        (_, process) = await SendAsync(asConsumer, HttpMethod.Get, $"/dsp/negotiations/urn:uuid:{secondProvider}");
        Assert.Equal("TERMINATED", DspMessage.Text(process, "state"));

        // 3. On the wire, at the ministry's callback: no token is 401, a schema-invalid offer and one with a consumerPid or a
        //    foreign callback address are 400 with the protocol's error object; the official initial example is refused for its callback address.
        using var asProvider = _consumer.CreateClient();
        var offer = new JsonObject
        {
            ["@context"] = new JsonArray(DspMessage.Context), ["@type"] = "ContractOfferMessage", ["providerPid"] = $"urn:uuid:{Guid.NewGuid()}",
            ["offer"] = new JsonObject
            {
                ["@type"] = "Offer", ["@id"] = $"urn:uuid:{Guid.NewGuid()}", ["target"] = $"urn:uuid:{world.DatasetId}",
                ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
            },
            ["callbackAddress"] = new Uri(_provider.BaseAddress, "dsp").ToString(),
        };
        (status, _) = await SendAsync(asProvider, HttpMethod.Post, "/dsp/callback/negotiations/offers", offer);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        string providerToken;
        using (var scope = _provider.Services.CreateScope())
        {
            // The token the hospital presents to the ministry, as the hospital's platform holds it.
            var participants = scope.ServiceProvider.GetRequiredService<DataspaceParticipants>();
            providerToken = participants.OutboundTokenOf(await participants.GetAsync(world.ConsumerOnProvider, default));
        }
        using var hospital = _consumer.CreateClient(providerToken);
        var noOffer = (JsonObject)offer.DeepClone();
        noOffer.Remove("offer");
        (status, var error) = await SendAsync(hospital, HttpMethod.Post, "/dsp/callback/negotiations/offers", noOffer);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "ContractNegotiationError");
        Assert.Contains("schema", error["reason"]!.ToJsonString(), StringComparison.Ordinal);
        var foreign = (JsonObject)offer.DeepClone();
        foreign["callbackAddress"] = "https://evil.example/dsp";
        (status, error) = await SendAsync(hospital, HttpMethod.Post, "/dsp/callback/negotiations/offers", foreign);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "ContractNegotiationError");
        (status, error) = await SendAsync(hospital, HttpMethod.Post, "/dsp/callback/negotiations/offers",
            JsonNode.Parse(File.ReadAllText(Path.Combine(DspSchemaTests.Folder, "negotiation/example/contract-offer-message_initial.json"))));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(error, "ContractNegotiationError");
        Assert.DoesNotContain("schema", error["reason"]!.ToJsonString(), StringComparison.Ordinal);
        // A valid offer is answered 201 with the new negotiation; the same message again answers the same negotiation.
        (status, process) = await SendAsync(hospital, HttpMethod.Post, "/dsp/callback/negotiations/offers", offer);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("OFFERED", DspMessage.Text(process, "state"));
        Assert.Empty(DspSchemas.FromFolder(DspSchemaTests.Folder).Validate(process, "ContractNegotiation"));
        (_, var again) = await SendAsync(hospital, HttpMethod.Post, "/dsp/callback/negotiations/offers", offer);
        Assert.Equal(DspMessage.Text(process, "consumerPid"), DspMessage.Text(again, "consumerPid"));
    }
}
