using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Platform.Organisations;
using Agora.Web.Tests.Publishing;
using Agora.Web.Tests.Security;

namespace Agora.Web.Tests.HumanCheck;

/// <summary>The access-request form on a dataset page needs the human check too: without a solution nothing is sent;
/// with one, the request reaches the provider; the same solution does not send a second request.</summary>
public sealed class AccessRequestHumanCheckTests(HumanCheckServerFixture fixture) : IClassFixture<HumanCheckServerFixture>
{
    [Fact]
    public async Task AccessRequestForm_NeedsTheHumanCheck_AndASolutionSendsOneRequest()
    {
        var server = fixture.Server;
        var hospitalAdmin = await server.CreateUserAsync("admin@hospital-hc.example");
        var hospitalSteward = await server.CreateUserAsync("steward@hospital-hc.example");
        var companyAdmin = await server.CreateUserAsync("admin@company-hc.example");
        var hospital = await server.CreateOrganisationAsync("hospital-hc", hospitalAdmin, OrganisationKind.Public,
            ("steward@hospital-hc.example", OrganisationRole.DataSteward));
        var company = await server.CreateOrganisationAsync("company-hc", companyAdmin, OrganisationKind.Private);

        using var steward = server.CreateClient(await server.IssueTokenAsync(hospitalSteward));
        var datasetId = await ApiPublishing.PublishNewAsync(steward, hospital.Id, "Stays", "person_id,stay_days\n1,3\n2,5\n");
        using var described = await steward.PutAsJsonAsync($"/api/datasets/{datasetId}", new
        {
            title = new Dictionary<string, string> { ["en"] = "Stays" },
            description = new Dictionary<string, string> { ["en"] = "Synthetic stays." },
            themes = new[] { "HEAL" }, accessRights = "Restricted", contactEmail = "data@hospital.example",
        });
        Assert.Equal(HttpStatusCode.OK, described.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsync($"/api/datasets/{datasetId}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/approve", new { comment = "ok" })).StatusCode);
        using var offered = await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/offers", new
        {
            title = "Checked aggregates", actions = new[] { "agora:aggregateQuery" }, purposes = new[] { "agora:OfficialStatistics" },
            outputControl = "StatisticalDisclosureControl", privacy = new { privacyUnitColumn = "person_id" }, reviewersRequired = 1,
        });
        Assert.True(offered.StatusCode == HttpStatusCode.Created, await offered.Content.ReadAsStringAsync());
        var offerId = (await offered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var consumerToken = await server.IssueTokenAsync(companyAdmin);
        using var browser = new BrowserForms(server.BaseAddress, consumerToken);
        var page = $"/datasets/hospital-hc/{(await steward.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}")).GetProperty("slug").GetString()}";
        var fields = new Dictionary<string, string>
        {
            ["organisation"] = company.Id.ToString(), ["purpose"] = "agora:OfficialStatistics", ["statement"] = "Stays by ward.",
        };

        var (status, body, _) = await browser.PostAsync(page, $"request-{offerId}", fields);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Complete the check that you are a person", body, StringComparison.Ordinal);
        using var consumer = server.CreateClient(consumerToken);
        Assert.Equal(0, (await consumer.GetFromJsonAsync<JsonElement>("/api/requests?box=outbox")).GetArrayLength());

        using var anonymous = server.CreateClient();
        var solution = SignUpHumanCheckTests.Solve(await anonymous.GetStringAsync($"/api/human-check/challenge?action=access-request"));
        fields["altcha"] = solution;
        (status, body, _) = await browser.PostAsync(page, $"request-{offerId}", fields);
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal(1, (await consumer.GetFromJsonAsync<JsonElement>("/api/requests?box=outbox")).GetArrayLength());

        (status, body, _) = await browser.PostAsync(page, $"request-{offerId}", fields);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("This check was already used", body, StringComparison.Ordinal);
        Assert.Equal(1, (await consumer.GetFromJsonAsync<JsonElement>("/api/requests?box=outbox")).GetArrayLength());
    }
}
