using System.Net;
using System.Net.Http.Json;
using Agora.Web.Tests.Hosting;

namespace Agora.Web.Tests.Health;

[Collection(AgoraServerCollection.Name)]
public sealed class HealthEndpointsTests(AgoraServer server)
{
    [Fact]
    public async Task Healthz_RunningServer_ReportsOk()
    {
        using var client = server.CreateClient();
        var body = await client.GetFromJsonAsync<Dictionary<string, string>>("/healthz");
        Assert.Equal("ok", body!["status"]);
    }

    [Fact]
    public async Task UnknownRoute_AnswersProblemDetails()
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
