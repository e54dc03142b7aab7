using System.Net;
using System.Net.Http.Json;
using Agora.Web.Tests.Hosting;

namespace Agora.Web.Tests.Health;

[Collection(AgoraServerCollection.Name)]
public sealed class HealthEndpointsTests(AgoraServerFixture fixture)
{
    [Fact]
    public async Task Healthz_RunningServer_ReportsOk()
    {
        using var client = fixture.Client();
        var body = await client.GetFromJsonAsync<Dictionary<string, string>>("/healthz");
        Assert.Equal("ok", body!["status"]);
    }

    [Fact]
    public async Task UnknownApiRoute_AnswersProblemDetails()
    {
        using var client = fixture.Client();
        using var response = await client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownPage_InABrowser_AnswersAnHtmlPage()
    {
        using var client = fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1>Not found</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageFailure_InABrowser_AnswersTheErrorPageWithoutDetails()
    {
        using var client = fixture.Client();
        // An organisation filter that is not an identifier cannot be bound to the page's parameter.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/audit?organisation=not-an-id");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Something went wrong</h1>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheCatalogueSearch()
    {
        using var client = fixture.Client();
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/datasets\"", document, StringComparison.Ordinal);
        using var reference = await client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }
}
