using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Web.Tests.Hosting;
using Agora.Web.Tests.Publishing;

namespace Agora.Web.Tests.Audit;

[Collection(AgoraServerCollection.Name)]
public sealed class AuditApiTests(AgoraServerFixture fixture)
{
    [Fact]
    public async Task Publishing_IsAudited_AndEachOrganisationAdminSeesOnlyItsOwn()
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        var datasetId = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, "Audited", "a,b\n1,2\n");

        using var hospitalAdmin = fixture.Client(fixture.HospitalAdmin);
        var mine = await hospitalAdmin.GetFromJsonAsync<JsonElement>($"/api/audit?subject={datasetId}");
        var actions = mine.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("dataset.created", actions);
        Assert.Contains("version.added", actions);

        using var companyAdmin = fixture.Client(fixture.CompanyAdmin);
        var theirs = await companyAdmin.GetFromJsonAsync<JsonElement>($"/api/audit?subject={datasetId}");
        Assert.Equal(0, theirs.GetProperty("total").GetInt32());

        using var analyst = fixture.Client(fixture.HospitalAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/audit")).StatusCode);
        using var anonymous = fixture.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task Verify_ForTheOperator_ReportsAnIntactChain()
    {
        using var operatorClient = fixture.Client(fixture.Operator);
        var result = await operatorClient.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(result.GetProperty("valid").GetBoolean(), result.GetRawText());
        Assert.True(result.GetProperty("entries").GetInt64() > 0);
        using var admin = fixture.Client(fixture.HospitalAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/audit/verify")).StatusCode);
    }
}
