using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Web.Tests.Hosting;
using Agora.Web.Tests.Publishing;

namespace Agora.Web.Tests.Agreements;

/// <summary>
/// Controlled access through the API, as a consumer's script or the CLI drives it: the hospital offers a dataset, the
/// company asks for it, the hospital's steward approves, the company queries; and the attacks on that path.
/// </summary>
[Collection(AgoraServerCollection.Name)]
public sealed class ControlledAccessApiTests(AgoraServerFixture fixture)
{
    private static string PatientsCsv()
    {
        var random = new Random(5);
        var regions = new[] { "north", "south", "east", "west" };
        var csv = new StringBuilder("person_id,age,sex,region,stay_days\n");
        for (var i = 1; i <= 300; i++)
        {
            var region = i <= 2 ? "islands" : regions[random.Next(regions.Length)];
            csv.Append(CultureInfo.InvariantCulture, $"{i},{18 + random.Next(70)},{(random.Next(2) == 0 ? "F" : "M")},{region},{random.Next(30)}\n");
        }
        return csv.ToString();
    }

    private static object DpTerms(int? maxUses = null) => new
    {
        title = "DP aggregates",
        actions = new[] { "agora:aggregateQuery" },
        purposes = new[] { "agora:ScientificResearch" },
        outputControl = "DifferentialPrivacy",
        budgetMeasure = "PureDp",
        budgetTotal = 1.0,
        budgetPerQuery = 0.25,
        budgetDelta = 1e-5,
        maxUses,
        privacy = new
        {
            bounds = new Dictionary<string, double[]> { ["age"] = [0, 120], ["stay_days"] = [0, 60] },
            publicKeys = new Dictionary<string, string[]> { ["sex"] = ["F", "M"] },
        },
    };

    private static object SdcTerms() => new
    {
        title = "Checked aggregates",
        actions = new[] { "agora:aggregateQuery" },
        purposes = new[] { "agora:OfficialStatistics" },
        outputControl = "StatisticalDisclosureControl",
        privacy = new { privacyUnitColumn = "person_id" },
        reviewersRequired = 1,
    };

    /// <summary>Publish → offer → request by the company → approval by the hospital: the agreement (JSON).</summary>
    private async Task<JsonElement> AgreementAsync(object terms, string purpose, string title)
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        var datasetId = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, title, PatientsCsv());
        await ApiPublishing.DescribeAndPublishAsync(steward, datasetId, title, "stays", access: "Restricted");
        using var offered = await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/offers", terms);
        Assert.True(offered.StatusCode == HttpStatusCode.Created, await offered.Content.ReadAsStringAsync());
        var offerId = (await offered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var consumer = fixture.Client(fixture.CompanySteward);
        using var requested = await consumer.PostAsJsonAsync($"/api/offers/{offerId}/requests",
            new { organisationId = fixture.Company.Id, purpose, statement = "Length of stay by sex." });
        Assert.True(requested.StatusCode == HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        var request = await requested.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("REQUESTED", request.GetProperty("state").GetString());
        var requestId = request.GetProperty("id").GetGuid();

        // A steward of another organisation cannot decide for the provider.
        using var foreign = await consumer.PostAsJsonAsync($"/api/requests/{requestId}/approve", new { comment = "mine" });
        Assert.Contains(foreign.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });

        using var approved = await steward.PostAsJsonAsync($"/api/requests/{requestId}/approve", new { comment = "ok" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var negotiation = await approved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("FINALIZED", negotiation.GetProperty("state").GetString());
        var agreementId = negotiation.GetProperty("agreementId").GetGuid();
        return await consumer.GetFromJsonAsync<JsonElement>($"/api/agreements/{agreementId}");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> QueryAsync(HttpClient client, Guid agreementId, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/agreements/{agreementId}/queries", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string Rule(JsonElement problem) =>
        problem.GetProperty("errors").GetProperty("rule")[0].GetString() ?? "";

    [Fact]
    public async Task DpAgreement_QueriedThroughTheApi_ReturnsNoisyAggregatesWithIntervals_AndChargesTheBudgetOnce()
    {
        var agreement = await AgreementAsync(DpTerms(), "agora:HealthResearch", "DP stays");
        var id = agreement.GetProperty("id").GetGuid();
        Assert.Equal("Active", agreement.GetProperty("status").GetString());
        Assert.True(agreement.GetProperty("intact").GetBoolean());
        var relation = agreement.GetProperty("relation").GetString();
        using var consumer = fixture.Client(fixture.CompanySteward);

        var sql = $"SELECT sex, COUNT(*) AS patients, AVG(stay_days) AS mean_stay FROM {relation} GROUP BY sex";
        var (status, answer) = await QueryAsync(consumer, id, new { sql });
        Assert.True(status == HttpStatusCode.OK, answer.GetRawText());
        Assert.Equal("Released", answer.GetProperty("status").GetString());
        Assert.Equal(2, answer.GetProperty("rows").GetArrayLength());
        Assert.All(answer.GetProperty("rows").EnumerateArray(), row => Assert.Equal(JsonValueKind.Object, row[1].GetProperty("accuracy").ValueKind));
        Assert.Equal(0.25, answer.GetProperty("cost").GetProperty("amount").GetDouble(), 9);
        Assert.Equal(0.25, answer.GetProperty("budget").GetProperty("spent").GetDouble(), 9);

        // Asking the same again returns the same noisy answer at no cost, so averaging repeats learns nothing.
        var (_, again) = await QueryAsync(consumer, id, new { sql });
        Assert.True(again.GetProperty("fromCache").GetBoolean());
        Assert.Equal(answer.GetProperty("rows").GetRawText(), again.GetProperty("rows").GetRawText());
        Assert.Equal(0.25, again.GetProperty("budget").GetProperty("spent").GetDouble(), 9);

        // Spend the rest with different queries, then the budget refuses.
        for (var i = 0; i < 3; i++)
        {
            var (ok, _) = await QueryAsync(consumer, id, new { sql = $"SELECT COUNT(*) AS n FROM {relation} WHERE age > {20 + i}" });
            Assert.Equal(HttpStatusCode.OK, ok);
        }
        var (exhausted, problem) = await QueryAsync(consumer, id, new { sql = $"SELECT COUNT(*) AS n FROM {relation} WHERE age > 60" });
        Assert.Equal(HttpStatusCode.Forbidden, exhausted);
        Assert.Equal("privacy-budget", Rule(problem));
        var after = await consumer.GetFromJsonAsync<JsonElement>($"/api/agreements/{id}");
        Assert.True(after.GetProperty("budget").GetProperty("spent").GetDouble() <= 1.0 + 1e-9);

        // The history keeps the SQL and its hash; the audit log has the query, never its results.
        var history = await consumer.GetFromJsonAsync<JsonElement>($"/api/agreements/{id}/queries");
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("sql").GetString() == sql && r.GetProperty("sqlHash").GetString()!.Length == 64);
        using var companyAdmin = fixture.Client(fixture.CompanyAdmin);
        var audit = await companyAdmin.GetFromJsonAsync<JsonElement>("/api/audit?action=query.");
        var entries = audit.GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "query.released");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "query.refused");
        var released = entries.First(e => e.GetProperty("action").GetString() == "query.released").GetRawText();
        Assert.Contains("sqlHash", released, StringComparison.Ordinal);
        var firstValue = answer.GetProperty("rows")[0][1].GetProperty("value").GetRawText();
        Assert.DoesNotContain($"\"{firstValue}\"", released, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileSql_AndStrangers_AreRefusedWithTheRule_AndAudited()
    {
        var agreement = await AgreementAsync(DpTerms(), "agora:HealthResearch", "Hostile SQL");
        var id = agreement.GetProperty("id").GetGuid();
        var relation = agreement.GetProperty("relation").GetString();
        using var consumer = fixture.Client(fixture.CompanySteward);
        string[] hostile =
        [
            "SELECT COUNT(*) FROM read_csv('/etc/passwd')",
            "SELECT * FROM '/etc/passwd'",
            "ATTACH '/tmp/x.db' AS x",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET enable_external_access = true",
            "PRAGMA database_list",
            $"COPY (SELECT * FROM {relation}) TO '/tmp/out.csv'",
            $"SELECT * FROM {relation}",
            "SELECT COUNT(*) FROM other_dataset",
        ];
        foreach (var sql in hostile)
        {
            var (status, problem) = await QueryAsync(consumer, id, new { sql });
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{sql}: {status} {problem.GetRawText()}");
            Assert.False(string.IsNullOrEmpty(Rule(problem)), sql);
        }

        // Nobody but the consumer's members runs queries under the agreement; anonymous callers are not let in at all.
        using var stranger = fixture.Client(fixture.HospitalAnalyst);
        var (strangerStatus, _) = await QueryAsync(stranger, id, new { sql = $"SELECT COUNT(*) FROM {relation}" });
        Assert.Contains(strangerStatus, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        using var anonymous = fixture.Client();
        var (anonymousStatus, _) = await QueryAsync(anonymous, id, new { sql = $"SELECT COUNT(*) FROM {relation}" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStatus);
        var (unknown, _) = await QueryAsync(consumer, Guid.NewGuid(), new { sql = "SELECT 1" });
        Assert.Equal(HttpStatusCode.NotFound, unknown);

        var history = await consumer.GetFromJsonAsync<JsonElement>($"/api/agreements/{id}/queries");
        Assert.Equal(hostile.Length, history.EnumerateArray().Count(r => r.GetProperty("outcome").GetString() == "Refused"));

        // Revoked: refused for use, and the refusal is audited.
        using var steward = fixture.Client(fixture.HospitalSteward);
        using var revoked = await steward.PostAsJsonAsync($"/api/agreements/{id}/revoke", new { reason = "Project ended." });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var (afterRevocation, refusal) = await QueryAsync(consumer, id, new { sql = $"SELECT COUNT(*) FROM {relation}" });
        Assert.Equal(HttpStatusCode.Forbidden, afterRevocation);
        Assert.Contains("revoked", refusal.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TinyCells_AreHeldForTheProvidersReview_AndShownToTheConsumerOnlyOnceReleased()
    {
        var agreement = await AgreementAsync(SdcTerms(), "agora:OfficialStatistics", "SDC stays");
        var id = agreement.GetProperty("id").GetGuid();
        var relation = agreement.GetProperty("relation").GetString();
        using var consumer = fixture.Client(fixture.CompanySteward);
        var (status, answer) = await QueryAsync(consumer, id, new { sql = $"SELECT region, COUNT(*) AS n FROM {relation} GROUP BY region" });
        Assert.True(status == HttpStatusCode.OK, answer.GetRawText());
        Assert.Equal("HeldForReview", answer.GetProperty("status").GetString());
        Assert.Equal(0, answer.GetProperty("rows").GetArrayLength());
        var heldId = answer.GetProperty("heldOutputId").GetGuid();

        var consumerView = await consumer.GetFromJsonAsync<JsonElement>($"/api/releases/{heldId}");
        Assert.Equal(JsonValueKind.Null, consumerView.GetProperty("rows").ValueKind);
        Assert.Contains(consumerView.GetProperty("findings").EnumerateArray(), f => f.GetProperty("row").GetString()!.Contains("islands", StringComparison.Ordinal));

        // The consumer cannot release its own output; the provider's steward can.
        using var selfRelease = await consumer.PostAsJsonAsync($"/api/releases/{heldId}/review", new { release = true });
        Assert.Equal(HttpStatusCode.Forbidden, selfRelease.StatusCode);
        using var steward = fixture.Client(fixture.HospitalSteward);
        var queue = await steward.GetFromJsonAsync<JsonElement>("/api/releases");
        Assert.Contains(queue.EnumerateArray(), h => h.GetProperty("id").GetGuid() == heldId);
        using var reviewed = await steward.PostAsJsonAsync($"/api/releases/{heldId}/review", new { release = true, comment = "Islands are public knowledge." });
        Assert.True(reviewed.StatusCode == HttpStatusCode.OK, await reviewed.Content.ReadAsStringAsync());
        var released = await consumer.GetFromJsonAsync<JsonElement>($"/api/releases/{heldId}");
        Assert.Equal("Released", released.GetProperty("state").GetString());
        Assert.Equal(5, released.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task Pages_OfControlledAccess_RenderForTheConsumer()
    {
        var agreement = await AgreementAsync(DpTerms(), "agora:HealthResearch", "Workbench page");
        var id = agreement.GetProperty("id").GetGuid();
        using var consumer = fixture.Client(fixture.CompanySteward);
        var workbench = await consumer.GetStringAsync($"/agreements/{id}/workbench");
        Assert.Contains("<h1>Query workbench</h1>", workbench, StringComparison.Ordinal);
        Assert.Contains(agreement.GetProperty("relation").GetString()!, workbench, StringComparison.Ordinal);
        Assert.Contains("Agreements register", await consumer.GetStringAsync("/agreements"), StringComparison.Ordinal);
        Assert.Contains("Release queue", await consumer.GetStringAsync("/releases"), StringComparison.Ordinal);
    }
}
