using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Tests.Security;

/// <summary>
/// Every endpoint of the running application (read from its <see cref="EndpointDataSource"/>), called by each kind of
/// caller, must give the outcome written in <see cref="Expected"/>. An endpoint missing from the table fails the test,
/// so a new endpoint cannot go live without someone deciding who may call it. Pages are checked with GET (their POSTs
/// are the forms of <see cref="AntiforgeryTests"/>).
///
/// Outcomes: <c>ok</c> the caller got through authorisation (2xx, 3xx, or a business answer such as 400/409), <c>401</c>
/// unauthenticated, <c>403</c> forbidden, <c>404</c> hidden, <c>in</c> a page that sends the visitor to sign in.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthorisationMatrixTests(SecurityFixture fixture)
{
    /// <summary>Endpoint → outcome for: anonymous, another organisation's steward, operator, analyst, steward, admin
    /// (the analyst, steward and admin are members of the organisation that owns the things the routes point at).</summary>
    public static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        // Accounts and tokens: any signed-in person, for themselves only.
        ["POST /account/signout"] = "ok ok ok ok ok ok",
        ["GET /api/me"] = "401 ok ok ok ok ok",
        ["GET /api/tokens"] = "401 ok ok ok ok ok",
        ["POST /api/tokens"] = "401 ok ok ok ok ok",
        ["DELETE /api/tokens/{id:guid}"] = "401 404 404 ok 404 404",
        // Catalogue: a draft is visible to its organisation and the operator only; editing needs a steward.
        ["GET /api/datasets/"] = "ok ok ok ok ok ok",
        ["GET /api/datasets/{id:guid}"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/history"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/preview"] = "404 404 403 ok ok ok",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/download"] = "404 404 403 ok ok ok",
        ["GET /datasets/{id:guid}/versions/{number:int}/download"] = "404 404 403 ok ok ok",
        ["POST /api/datasets/"] = "401 403 403 403 ok ok",
        ["PUT /api/datasets/{id:guid}"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/submit"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/approve"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/reject"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/withdraw"] = "401 404 403 403 ok ok",
        ["GET /catalog.jsonld"] = "ok ok ok ok ok ok",
        ["GET /catalog.ttl"] = "ok ok ok ok ok ok",
        // Schemas of a version: whoever may see the dataset; importing onto an upload: its uploader.
        ["GET /api/datasets/{id:guid}/versions/{number:int}/table-schema.json"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/datapackage.json"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/csv-metadata.json"] = "404 404 ok ok ok ok",
        ["POST /api/uploads/{id:guid}/table-schema"] = "401 404 404 404 ok 404",
        // Publishing: stewards of the organisation; an upload and a job belong to their uploader (and the organisation).
        ["POST /api/uploads"] = "401 403 403 403 ok ok",
        ["GET /api/uploads/{id:guid}"] = "401 404 404 404 ok 404",
        ["POST /api/uploads/{id:guid}/confirm"] = "401 404 404 404 ok 404",
        ["POST /api/datasets/{id:guid}/versions"] = "401 404 403 403 ok ok",
        ["GET /api/jobs/{id:guid}"] = "401 404 404 ok ok ok",
        // Organisations: anyone reads; members see members; admins manage members and harvesting.
        ["GET /api/organisations/"] = "ok ok ok ok ok ok",
        ["GET /api/organisations/{slug}"] = "ok ok ok ok ok ok",
        ["POST /api/organisations/"] = "401 ok ok ok ok ok",
        ["GET /api/organisations/{slug}/members"] = "401 403 ok ok ok ok",
        ["PUT /api/organisations/{slug}/members"] = "401 403 403 403 403 ok",
        ["DELETE /api/organisations/{slug}/members/{userId}"] = "401 403 403 403 403 ok",
        ["GET /api/organisations/{slug}/harvest-sources"] = "401 403 403 403 403 ok",
        ["POST /api/organisations/{slug}/harvests"] = "401 403 403 403 403 ok",
        ["POST /api/organisations/{slug}/harvests/upload"] = "401 403 403 403 403 ok",
        // Open to all: the human check, health, languages, the API description.
        ["GET /api/human-check/challenge"] = "ok ok ok ok ok ok",
        ["GET /healthz"] = "ok ok ok ok ok ok",
        ["GET /culture/{language}"] = "ok ok ok ok ok ok",
        ["GET /openapi/{documentName}.json"] = "ok ok ok ok ok ok",
        ["GET /scalar/{documentName?}"] = "ok ok ok ok ok ok",
        ["GET /scalar/favicon.svg"] = "ok ok ok ok ok ok",
        ["GET /scalar/scalar.aspnetcore.js"] = "ok ok ok ok ok ok",
        ["GET /scalar/scalar.js"] = "ok ok ok ok ok ok",
        ["GET /_framework/opaque-redirect"] = "ok ok ok ok ok ok",
        // Audit: organisation admins read their organisation's entries, operators everything; verifying is for operators.
        ["GET /api/audit/"] = "401 403 ok 403 403 ok",
        ["GET /api/audit/verify"] = "401 403 ok 403 403 403",
        // Pages.
        ["PAGE /"] = "ok ok ok ok ok ok",
        ["PAGE /error/{Code:int}"] = "ok ok ok ok ok ok",
        ["PAGE /datasets"] = "ok ok ok ok ok ok",
        ["PAGE /datasets/{OrganisationSlug}/{Slug}"] = "404 404 ok ok ok ok",
        ["PAGE /datasets/{OrganisationSlug}/{Slug}/edit"] = "in 404 403 403 ok ok",
        ["PAGE /review"] = "in ok ok ok ok ok",
        ["PAGE /publish"] = "in ok ok ok ok ok",
        ["PAGE /publish/{UploadId:guid}"] = "in 404 404 404 ok 404",
        ["PAGE /jobs/{JobId:guid}"] = "in 404 404 ok ok ok",
        ["PAGE /organisations"] = "ok ok ok ok ok ok",
        ["PAGE /organisations/new"] = "in ok ok ok ok ok",
        ["PAGE /organisations/{Slug}"] = "ok ok ok ok ok ok",
        ["PAGE /organisations/{Slug}/harvest"] = "in 403 403 403 403 ok",
        ["PAGE /account/signin"] = "ok ok ok ok ok ok",
        ["PAGE /account/signup"] = "ok ok ok ok ok ok",
        ["PAGE /account/tokens"] = "in ok ok ok ok ok",
        ["PAGE /human-check/email"] = "ok ok ok ok ok ok",
        ["PAGE /audit"] = "in 403 ok 403 403 ok",
        // Controlled access: offers are managed by stewards; requests, agreements, queries and releases are visible only to their parties (404 otherwise).
        ["DELETE /api/datasets/{id:guid}/algorithms/{name}"] = "401 404 403 403 404 404",
        ["GET /api/agreements/"] = "401 ok ok ok ok ok",
        ["GET /api/agreements/{id:guid}"] = "401 404 404 404 404 404",
        ["GET /api/agreements/{id:guid}/document"] = "401 404 404 404 404 404",
        ["GET /api/agreements/{id:guid}/download"] = "401 404 404 404 404 404",
        ["GET /api/agreements/{id:guid}/policy"] = "401 404 404 404 404 404",
        ["GET /api/agreements/{id:guid}/queries"] = "401 404 404 404 404 404",
        ["GET /api/agreements/{id:guid}/releases"] = "401 ok ok ok ok ok",
        ["GET /api/datasets/{id:guid}/algorithms"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/offers"] = "404 404 ok ok ok ok",
        ["GET /api/offers/{id:guid}"] = "404 404 404 404 404 404",
        ["GET /api/offers/{id:guid}/explain"] = "401 ok ok ok ok ok",
        ["GET /api/offers/{id:guid}/policy"] = "404 404 404 404 404 404",
        ["GET /api/purposes"] = "ok ok ok ok ok ok",
        ["GET /api/releases"] = "401 ok ok ok ok ok",
        ["GET /api/releases/{id:guid}"] = "401 404 404 404 404 404",
        ["GET /api/requests"] = "401 ok ok ok ok ok",
        ["GET /api/requests/{id:guid}"] = "401 404 404 404 404 404",
        ["PAGE /access/requests"] = "in ok ok ok ok ok",
        ["PAGE /access/requests/{Id:guid}"] = "in 404 404 404 404 404",
        ["PAGE /agreements"] = "in ok ok ok ok ok",
        ["PAGE /agreements/{Id:guid}"] = "in 404 404 404 404 404",
        ["PAGE /agreements/{Id:guid}/workbench"] = "in 404 404 404 404 404",
        ["PAGE /datasets/{OrganisationSlug}/{Slug}/offers/new"] = "in 404 403 403 ok ok",
        ["PAGE /releases"] = "in ok ok ok ok ok",
        ["PAGE /releases/{Id:guid}"] = "in 404 404 404 404 404",
        ["POST /api/agreements/{id:guid}/queries"] = "401 404 404 404 404 404",
        ["POST /api/agreements/{id:guid}/revoke"] = "401 404 404 404 404 404",
        ["POST /api/datasets/{id:guid}/algorithms"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/offers"] = "401 404 403 403 ok ok",
        ["POST /api/offers/{id:guid}/requests"] = "401 403 403 403 403 403",
        ["POST /api/offers/{id:guid}/withdraw"] = "401 404 404 404 404 404",
        ["POST /api/releases/{id:guid}/review"] = "401 404 404 404 404 404",
        ["POST /api/requests/{id:guid}/accept"] = "401 404 404 404 404 404",
        ["POST /api/requests/{id:guid}/approve"] = "401 404 404 404 404 404",
        ["POST /api/requests/{id:guid}/counter-offer"] = "401 404 404 404 404 404",
        ["POST /api/requests/{id:guid}/reject"] = "401 ok ok ok ok ok",
        ["POST /api/requests/{id:guid}/withdraw"] = "401 404 404 404 404 404",
        // Protection: stewards protect, assess risk and manage hierarchies and keys; re-identification needs an explicit grant; linkage projects belong to their members.
        ["DELETE /api/datasets/{id:guid}/hierarchies/{attribute}"] = "401 404 403 403 404 404",
        ["DELETE /api/linkage/{slug}/contributions/{contributionId:guid}"] = "401 404 404 404 404 404",
        ["DELETE /api/organisations/{slug}/reidentifiers/{grantId:guid}"] = "401 403 403 403 403 404",
        ["GET /api/datasets/{id:guid}/hierarchies"] = "401 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/pseudonymisation-key"] = "401 404 404 404 404 404",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/derivation"] = "401 404 404 404 404 404",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/detection"] = "401 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/risk"] = "401 404 404 404 404 404",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/risk.svg"] = "401 404 404 404 404 404",
        ["GET /api/linkage/"] = "401 ok ok ok ok ok",
        ["GET /api/linkage/{slug}"] = "401 404 404 404 404 404",
        ["GET /api/linkage/{slug}/results/{resultId:guid}/download"] = "401 404 404 404 404 404",
        ["GET /api/organisations/{slug}/reidentifiers/"] = "401 403 ok ok ok ok",
        ["GET /linkage/{slug}/results/{resultId:guid}/download"] = "in 404 404 404 404 404",
        ["PAGE /datasets/{OrganisationSlug}/{Slug}/versions/{VersionNumber:int}/protect"] = "in 404 ok ok ok ok",
        ["PAGE /datasets/{OrganisationSlug}/{Slug}/versions/{VersionNumber:int}/reidentify"] = "in 404 ok ok ok ok",
        ["PAGE /datasets/{OrganisationSlug}/{Slug}/versions/{VersionNumber:int}/risk"] = "in 404 ok ok ok ok",
        ["PAGE /linkage"] = "in ok ok ok ok ok",
        ["PAGE /linkage/{ProjectSlug}"] = "in 404 404 404 404 404",
        ["PAGE /organisations/{OrganisationSlug}/reidentifiers"] = "in 403 ok ok ok ok",
        ["PAGE /protection/jobs/{JobId:guid}"] = "in 404 404 ok ok ok",
        ["POST /api/datasets/{id:guid}/hierarchies/{attribute}/file"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/pseudonymisation-key/rotate"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/versions/{number:int}/detection"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/versions/{number:int}/protect"] = "401 404 403 403 ok ok",
        ["POST /api/datasets/{id:guid}/versions/{number:int}/reidentify"] = "401 404 403 403 403 403",
        ["POST /api/datasets/{id:guid}/versions/{number:int}/risk"] = "401 404 403 403 ok ok",
        ["POST /api/linkage/"] = "401 403 403 403 403 403",
        ["POST /api/linkage/{slug}/contributions"] = "401 404 404 404 404 404",
        ["POST /api/linkage/{slug}/invitations"] = "401 404 404 404 404 404",
        ["POST /api/linkage/{slug}/join"] = "401 404 404 404 404 404",
        ["POST /api/linkage/{slug}/joins"] = "401 404 404 404 404 404",
        ["POST /api/organisations/{slug}/reidentifiers/"] = "401 403 403 403 403 404",
        ["POST /api/pseudonymisation-keys/rewrap"] = "401 403 ok 403 403 403",
        ["POST /datasets/{id:guid}/versions/{number:int}/reidentify"] = "ok ok ok ok ok ok",
        ["PUT /api/datasets/{id:guid}/hierarchies/{attribute}"] = "401 404 403 403 ok ok",
        // Value and partners: quality and value follow the dataset's visibility; the full profile needs the right to read data; the data-wanted board is public to read.
        ["GET /api/datasets/{id:guid}/partners"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/quality"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/quality/rules"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/value"] = "404 404 ok ok ok ok",
        ["GET /api/datasets/{id:guid}/versions/{number:int}/profile"] = "404 404 403 ok ok ok",
        ["GET /api/notifications"] = "401 ok ok ok ok ok",
        ["GET /api/organisations/{slug}/notifications"] = "401 403 403 ok ok ok",
        ["GET /api/organisations/{slug}/partners"] = "ok ok ok ok ok ok",
        ["GET /api/wanted/"] = "ok ok ok ok ok ok",
        ["GET /api/wanted/{id:guid}"] = "404 404 404 404 404 404",
        ["PAGE /datasets/{OrganisationSlug}/{Slug}/quality"] = "in 404 403 403 ok ok",
        ["PAGE /notifications"] = "in ok ok ok ok ok",
        ["PAGE /organisations/{Slug}/partners"] = "ok ok ok ok ok ok",
        ["PAGE /wanted"] = "ok ok ok ok ok ok",
        ["PAGE /wanted/{Id:guid}"] = "404 404 404 404 404 404",
        ["POST /api/datasets/{id:guid}/versions/{number:int}/profile"] = "401 404 403 403 ok ok",
        ["POST /api/notifications/{id:guid}/read"] = "401 404 404 404 404 404",
        ["POST /api/wanted/"] = "401 ok ok ok ok ok",
        ["POST /api/wanted/{id:guid}/close"] = "401 404 404 404 404 404",
        ["PUT /api/datasets/{id:guid}/quality/rules"] = "401 404 403 403 ok ok",
        // Dataspace Protocol: /dsp answers registered participants' tokens only (platform tokens get 401); participants are registered by operators.
        ["DELETE /api/dataspace/participants/{id:guid}"] = "401 403 404 403 403 403",
        ["GET /.well-known/dspace-version"] = "ok ok ok ok ok ok",
        ["GET /api/dataspace/negotiations"] = "401 ok ok ok ok ok",
        ["GET /api/dataspace/negotiations/{id:guid}"] = "401 404 404 404 404 404",
        ["GET /api/dataspace/participants"] = "401 ok ok ok ok ok",
        ["GET /api/dataspace/participants/{id:guid}/catalog"] = "401 404 404 404 404 404",
        ["GET /api/dataspace/transfers/{id:guid}"] = "401 404 404 404 404 404",
        ["GET /api/dataspace/transfers/{id:guid}/data"] = "401 404 404 404 404 404",
        ["GET /dsp/callback/negotiations/{pid}"] = "401 401 401 401 401 401",
        ["GET /dsp/callback/transfers/{pid}"] = "401 401 401 401 401 401",
        ["GET /dsp/catalog/datasets/{id}"] = "401 401 401 401 401 401",
        ["GET /dsp/data/{id:guid}"] = "404 404 404 404 404 404",
        ["GET /dsp/negotiations/{pid}"] = "401 401 401 401 401 401",
        ["GET /dsp/transfers/{pid}"] = "401 401 401 401 401 401",
        ["POST /api/dataspace/negotiations"] = "401 ok ok ok ok ok",
        ["POST /api/dataspace/negotiations/{id:guid}/transfers"] = "401 404 404 404 404 404",
        ["POST /api/dataspace/participants"] = "401 403 ok 403 403 403",
        ["POST /api/dataspace/transfers/{id:guid}/complete"] = "401 404 404 404 404 404",
        ["POST /api/dataspace/transfers/{id:guid}/terminate"] = "401 404 404 404 404 404",
        ["POST /dsp/callback/negotiations/{pid}/agreement"] = "401 401 401 401 401 401",
        ["POST /dsp/callback/negotiations/offers"] = "401 401 401 401 401 401",
        ["POST /api/dataspace/participants/{id:guid}/offers"] = "401 404 404 404 404 404",
        ["POST /dsp/callback/negotiations/{pid}/events"] = "401 401 401 401 401 401",
        ["POST /dsp/callback/negotiations/{pid}/offers"] = "401 401 401 401 401 401",
        ["POST /dsp/callback/negotiations/{pid}/termination"] = "401 401 401 401 401 401",
        ["POST /dsp/callback/transfers/{pid}/completion"] = "401 401 401 401 401 401",
        ["POST /dsp/callback/transfers/{pid}/start"] = "401 401 401 401 401 401",
        ["POST /dsp/callback/transfers/{pid}/suspension"] = "401 401 401 401 401 401",
        ["POST /dsp/callback/transfers/{pid}/termination"] = "401 401 401 401 401 401",
        ["POST /dsp/catalog/request"] = "401 401 401 401 401 401",
        ["POST /dsp/negotiations/request"] = "401 401 401 401 401 401",
        ["POST /dsp/negotiations/{pid}/agreement/verification"] = "401 401 401 401 401 401",
        ["POST /dsp/negotiations/{pid}/events"] = "401 401 401 401 401 401",
        ["POST /dsp/negotiations/{pid}/request"] = "401 401 401 401 401 401",
        ["POST /dsp/negotiations/{pid}/termination"] = "401 401 401 401 401 401",
        ["POST /dsp/transfers/request"] = "401 401 401 401 401 401",
        ["POST /dsp/transfers/{pid}/completion"] = "401 401 401 401 401 401",
        ["POST /dsp/transfers/{pid}/start"] = "401 401 401 401 401 401",
        ["POST /dsp/transfers/{pid}/suspension"] = "401 401 401 401 401 401",
        ["POST /dsp/transfers/{pid}/termination"] = "401 401 401 401 401 401",
        ["PUT /api/dataspace/participants/{id:guid}/token"] = "401 403 ok 403 403 403",
        ["POST /api/dataspace/participants/{id:guid}/rotate"] = "401 403 404 403 403 403",
        ["POST /api/dataspace/negotiations/{id:guid}/accept"] = "401 404 404 404 404 404",
        ["POST /api/dataspace/negotiations/{id:guid}/terminate"] = "401 404 404 404 404 404",
        ["GET /api/dataspace/transfers"] = "401 ok ok ok ok ok",
        ["PAGE /dataspace/participants"] = "in ok ok ok ok ok",
        ["PAGE /dataspace/participants/{Id:guid}/catalog"] = "in 404 404 404 404 404",
        ["PAGE /dataspace/negotiations"] = "in ok ok ok ok ok",
        ["PAGE /dataspace/negotiations/{Id:guid}"] = "in 404 404 404 404 404",
        ["PAGE /dataspace/transfers"] = "in ok ok ok ok ok",
        ["PAGE /dataspace/transfers/{Id:guid}"] = "in 404 404 404 404 404",
    };

    /// <summary>JSON bodies that get past model binding, so the answer is about who asks, not about the body.</summary>
    private static readonly Dictionary<string, string> Bodies = new(StringComparer.Ordinal)
    {
        ["POST /api/tokens"] = """{"name":"matrix","scopes":["read"],"days":1}""",
        ["POST /api/datasets/"] = """{"organisationId":"{hospital}","metadata":{"title":{"en":"Matrix"}}}""",
        ["PUT /api/datasets/{id:guid}"] = """{"title":{"en":"Beds"}}""",
        ["POST /api/datasets/{id:guid}/reject"] = """{"comment":"matrix"}""",
        // A column the upload does not have: refused after the authorisation, so the fixture's upload stays staged.
        ["POST /api/uploads/{id:guid}/confirm"] = """{"columns":[{"ordinal":99}],"dataset":{"title":{"en":"From the matrix"}}}""",
        ["POST /api/uploads/{id:guid}/table-schema"] = """{"fields":[{"name":"ward","type":"string"},{"name":"beds","type":"integer"}]}""",
        ["POST /api/organisations/"] = """{"slug":"matrix-org","name":"Matrix","kind":"Public"}""",
        ["PUT /api/organisations/{slug}/members"] = """{"email":"leaving@hospital.example","role":"Analyst"}""",
        ["POST /api/organisations/{slug}/harvests"] = """{"url":"https://catalogue.invalid/catalog.ttl"}""",
        // Bodies whose members are all there (a body leaving out a required member is refused before authorisation, see
        // RequestBodyTests), pointing at nothing, or refused after the authorisation, so the fixture does not change.
        ["POST /api/datasets/{id:guid}/versions/{number:int}/risk"] = """{"quasiIdentifiers":[]}""",
        ["POST /api/linkage/"] = """{"organisationId":"00000000-0000-0000-0000-000000000000","slug":"matrix-linkage","name":"Matrix"}""",
        ["POST /api/linkage/{slug}/contributions"] = """{"datasetId":"00000000-0000-0000-0000-000000000000","version":1,"column":"ward"}""",
        ["POST /api/linkage/{slug}/invitations"] = """{"organisation":"company"}""",
        ["POST /api/organisations/{slug}/reidentifiers/"] = """{"datasetId":"00000000-0000-0000-0000-000000000000","email":"nobody@example.org"}""",
        ["POST /api/requests/{id:guid}/counter-offer"] = """{"terms":{}}""",
        ["PUT /api/datasets/{id:guid}/hierarchies/{attribute}"] = """{"builder":"no-such-builder"}""",
    };

    private static readonly string[] ContentRoutes = ["POST /api/uploads", "POST /api/datasets/{id:guid}/versions", "POST /api/organisations/{slug}/harvests/upload",
        "POST /api/datasets/{id:guid}/hierarchies/{attribute}/file"];

    [Fact]
    public void EveryEndpoint_HasAnEntry_AndEveryEntryAnEndpoint()
    {
        var keys = fixture.Endpoints.SelectMany(Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var missing = keys.Except(Expected.Keys).ToList();
        Assert.True(missing.Count == 0, "Endpoints without an entry in AuthorisationMatrixTests.Expected (decide who may call them):\n" + string.Join("\n", missing));
        var stale = Expected.Keys.Except(keys).ToList();
        Assert.True(stale.Count == 0, "Entries for endpoints that no longer exist:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task EveryEndpoint_ForEveryCaller_GivesTheExpectedOutcome()
    {
        var endpoints = fixture.Endpoints.SelectMany(e => Keys(e).Select(k => (Key: k, Endpoint: e)))
            .Where(e => Expected.ContainsKey(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var wrong = new List<string>();
        foreach (var (key, endpoint) in endpoints)
        {
            var actual = new List<string>();
            foreach (var caller in Enum.GetValues<Caller>())
            {
                actual.Add(await OutcomeAsync(key, endpoint, caller));
            }
            var line = string.Join(' ', actual);
            if (line != Expected[key])
            {
                wrong.Add($"        [\"{key}\"] = \"{line}\",   // expected \"{Expected[key]}\"");
            }
        }
        Assert.True(wrong.Count == 0, "Outcomes that differ from the table (anonymous, other steward, operator, analyst, steward, admin):\n" + string.Join("\n", wrong));
    }

    /// <summary>An API endpoint with a method list, or <c>PAGE</c> for a Razor page (GET and POST).</summary>
    public static IEnumerable<string> Keys(RouteEndpoint endpoint)
    {
        var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            return ["PAGE " + pattern];
        }
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
        return methods.Select(m => m + " " + pattern);
    }

    private async Task<string> OutcomeAsync(string key, RouteEndpoint endpoint, Caller caller)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        if (fixture.Tokens[caller] is { } token)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        var method = key.StartsWith("PAGE ", StringComparison.Ordinal) ? "GET" : key[..key.IndexOf(' ', StringComparison.Ordinal)];
        var path = fixture.PathOf(endpoint);
        if (key == "GET /api/human-check/challenge")
        {
            path += "?action=signup";
        }
        if (key == "PAGE /human-check/email")
        {
            path += "?action=signup";
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key.StartsWith("PAGE ", StringComparison.Ordinal))
        {
            request.Headers.Accept.ParseAdd("text/html");
        }
        if (Bodies.TryGetValue(key, out var body))
        {
            request.Content = new StringContent(body.Replace("{hospital}", fixture.Hospital.ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }
        else if (ContentRoutes.Contains(key))
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(fixture.Hospital.ToString()), "organisationId" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(key.Contains("harvest", StringComparison.Ordinal)
                    ? "<http://e/d> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> \"Matrix\" ."
                    : "ward;beds\nE;5\n")), "file", key.Contains("harvest", StringComparison.Ordinal) ? "c.ttl" : "m.csv" },
            };
            request.Content = form;
        }
        else if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        return Classify(response);
    }

    private static string Classify(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized => "401",
        HttpStatusCode.Forbidden => "403",
        HttpStatusCode.NotFound => "404",
        HttpStatusCode.Redirect or HttpStatusCode.Found when response.Headers.Location?.OriginalString.Contains("/account/signin", StringComparison.Ordinal) == true => "in",
        >= HttpStatusCode.InternalServerError => "5xx",
        _ => "ok",
    };
}
