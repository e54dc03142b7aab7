using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Web.Tests.Hosting;
using Agora.Web.Tests.Publishing;

namespace Agora.Web.Tests.Catalog;

[Collection(AgoraServerCollection.Name)]
public sealed class CatalogApiTests(AgoraServerFixture fixture)
{
    private static object Describe(string access) => new
    {
        title = new Dictionary<string, string> { ["en"] = "Waiting times in emergency rooms", ["fr"] = "Temps d'attente aux urgences" },
        description = new Dictionary<string, string> { ["en"] = "Median waiting time per hospital and month." },
        keywords = new Dictionary<string, string[]> { ["fr"] = ["urgences", "hôpital"] },
        themes = new[] { "HEAL" },
        licence = "CC_BY_4_0",
        accessRights = access,
        contactEmail = "data@hospital.example",
    };

    private async Task<Guid> PublishAsync(string access)
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        var id = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, "Waiting times", "hospital,minutes\nKirchberg,42\nEsch,37\n");
        using var update = await steward.PutAsJsonAsync($"/api/datasets/{id}", Describe(access));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        return id;
    }

    [Fact]
    public async Task Draft_IsInvisibleToOthersUntilApproved_ThenFoundBySearchInFrench()
    {
        var id = await PublishAsync("Public");
        using var steward = fixture.Client(fixture.HospitalSteward);
        using var company = fixture.Client(fixture.CompanySteward);
        using var anonymous = fixture.Client();

        Assert.Equal(HttpStatusCode.NotFound, (await company.GetAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/datasets/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsync($"/api/datasets/{id}/submit", null)).StatusCode);
        using var foreignApproval = await company.PostAsJsonAsync($"/api/datasets/{id}/approve", new { comment = "looks fine" });
        Assert.Equal(HttpStatusCode.NotFound, foreignApproval.StatusCode);
        using var approval = await steward.PostAsJsonAsync($"/api/datasets/{id}/approve", new { comment = "ok" });
        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);

        var search = await anonymous.GetFromJsonAsync<JsonElement>("/api/datasets?q=urgences%20hopital");
        Assert.Contains(search.GetProperty("datasets").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/datasets/{id}")).StatusCode);
        var preview = await anonymous.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/versions/1/preview");
        Assert.Equal(2, preview.GetProperty("rows").GetArrayLength());
        var csv = await anonymous.GetStringAsync($"/api/datasets/{id}/versions/1/download");
        Assert.StartsWith("hospital,minutes", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestrictedData_IsReadableOnlyByTheOwner()
    {
        var id = await PublishAsync("Restricted");
        using var steward = fixture.Client(fixture.HospitalSteward);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsync($"/api/datasets/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsJsonAsync($"/api/datasets/{id}/approve", new { comment = "ok" })).StatusCode);

        using var anonymous = fixture.Client();
        using var company = fixture.Client(fixture.CompanySteward);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/datasets/{id}/versions/1/download")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await company.GetAsync($"/api/datasets/{id}/versions/1/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steward.GetAsync($"/api/datasets/{id}/versions/1/download?format=parquet")).StatusCode);
    }

    [Fact]
    public async Task Update_InvalidDescription_NamesTheFields()
    {
        var id = await PublishAsync("Public");
        using var steward = fixture.Client(fixture.HospitalSteward);
        using var response = await steward.PutAsJsonAsync($"/api/datasets/{id}", new
        {
            title = new Dictionary<string, string> { ["xx"] = "Bad language" },
            themes = new[] { "NOT_A_THEME" },
            contactEmail = "not-an-email",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiPublishing.ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("themes", out _));
        Assert.True(errors.TryGetProperty("contactEmail", out _));
        Assert.True(errors.TryGetProperty("language", out _));
    }

    [Fact]
    public async Task ReadOnlyToken_CannotCreateADataset()
    {
        string token;
        using (var steward = fixture.Client(fixture.HospitalSteward))
        {
            using var created = await steward.PostAsJsonAsync("/api/tokens", new { name = "read only", scopes = new[] { "read" }, days = 1 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        }
        using var client = fixture.Client(token);
        using var response = await client.PostAsJsonAsync("/api/datasets", new { organisationId = fixture.Hospital.Id, metadata = new { title = new Dictionary<string, string> { ["en"] = "x" } } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("publish", (await ApiPublishing.ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DcatExport_ListsPublishedDatasetsOnly()
    {
        var id = await PublishAsync("Public");
        using var anonymous = fixture.Client();
        var before = await anonymous.GetStringAsync("/catalog.ttl");
        Assert.DoesNotContain(id.ToString(), before, StringComparison.Ordinal);
        using var steward = fixture.Client(fixture.HospitalSteward);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsync($"/api/datasets/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsJsonAsync($"/api/datasets/{id}/approve", new { comment = "ok" })).StatusCode);

        using var turtle = await anonymous.GetAsync("/catalog.ttl");
        Assert.Equal("text/turtle", turtle.Content.Headers.ContentType?.MediaType);
        Assert.Contains(id.ToString(), await turtle.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var jsonLd = await anonymous.GetFromJsonAsync<JsonElement>("/catalog.jsonld");
        Assert.Contains(id.ToString(), jsonLd.GetRawText(), StringComparison.Ordinal);
    }
}
