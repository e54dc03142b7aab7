using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Web.Tests.Hosting;
using Agora.Web.Tests.Publishing;

namespace Agora.Web.Tests.Agreements;

/// <summary>A counter-offer's budget is checked like an offer's: a δ of 1 or more (or below 0) used to pass its
/// validation and fail when the policy was built (a privacy cost refuses δ outside [0, 1)), answering 500.</summary>
[Collection(AgoraServerCollection.Name)]
public sealed class CounterOfferApiTests(AgoraServerFixture fixture)
{
    private static object Terms(double delta, double total = 1.0) => new
    {
        title = "DP counts",
        actions = new[] { "agora:aggregateQuery" },
        purposes = new[] { "agora:ScientificResearch" },
        outputControl = "DifferentialPrivacy",
        budgetMeasure = "PureDp",
        budgetTotal = total,
        budgetPerQuery = 0.25,
        budgetDelta = delta,
        privacy = new { bounds = new Dictionary<string, double[]> { ["age"] = [0, 120] } },
    };

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.0)]
    [InlineData(-0.1)]
    [InlineData(0.01)]
    public async Task CounterOffer_WithADeltaOutOfRange_IsRefusedNamingTheField(double delta)
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        var requestId = await RequestedAsync(steward, $"Counter-offered counts {delta.ToString(CultureInfo.InvariantCulture)}");

        using var refused = await steward.PostAsJsonAsync($"/api/requests/{requestId}/counter-offer", new { terms = Terms(delta), comment = "smaller" });
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{(int)refused.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("budgetDelta", out _), body);

        // A valid counter-offer is still taken, and the request waits for the consumer.
        using var taken = await steward.PostAsJsonAsync($"/api/requests/{requestId}/counter-offer", new { terms = Terms(1e-6, 0.5), comment = "smaller" });
        Assert.True(taken.StatusCode == HttpStatusCode.OK, await taken.Content.ReadAsStringAsync());
        Assert.Equal(0.5, (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("terms").GetProperty("budgetTotal").GetDouble());
    }

    /// <summary>Publish → offer → request by the company: the request's id, waiting for the hospital.</summary>
    private async Task<Guid> RequestedAsync(HttpClient steward, string title)
    {
        var csv = new StringBuilder("person_id,age\n");
        for (var i = 1; i <= 40; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{20 + (i % 50)}\n");
        }
        var datasetId = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, title, csv.ToString());
        await ApiPublishing.DescribeAndPublishAsync(steward, datasetId, title, "ages", access: "Restricted");
        using var offered = await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/offers", Terms(1e-5));
        Assert.True(offered.StatusCode == HttpStatusCode.Created, await offered.Content.ReadAsStringAsync());
        var offerId = (await offered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var consumer = fixture.Client(fixture.CompanySteward);
        using var requested = await consumer.PostAsJsonAsync($"/api/offers/{offerId}/requests",
            new { organisationId = fixture.Company.Id, purpose = "agora:ScientificResearch", statement = "Ages." });
        Assert.True(requested.StatusCode == HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        return (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
