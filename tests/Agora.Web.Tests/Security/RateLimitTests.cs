using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Testing;

namespace Agora.Web.Tests.Security;

/// <summary>A server with tiny limits, so the tests reach them quickly.</summary>
public sealed class RateLimitedServerFixture : IAsyncLifetime
{
    public AgoraTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await AgoraTestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Agora:RateLimits:AnonymousPerMinute"] = "5",
        ["Agora:RateLimits:AccountPerMinute"] = "5",
        ["Agora:RateLimits:ProtectedFormsPerTenMinutes"] = "3",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Each test uses its own limiter partition: all anonymous tests share the loopback prefix, so they run in
/// one test; account limits are per account.</summary>
public sealed class RateLimitTests(RateLimitedServerFixture fixture) : IClassFixture<RateLimitedServerFixture>
{
    [Fact]
    public async Task Network_OverItsLimit_Gets429_WithRetryAfter_AsProblemOrPage()
    {
        using var client = fixture.Server.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var ok = await client.GetAsync("/api/datasets");
            statuses.Add(ok.StatusCode);
        }
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));

        using var api = await client.GetAsync("/api/datasets");
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.InRange(int.Parse(Assert.Single(api.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/datasets");
        request.Headers.Accept.ParseAdd("text/html");
        using var page = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.True(page.Headers.Contains("Retry-After"));
        Assert.Contains("Too many requests", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_OverItsLimit_Gets429_WhileOthersGoOn()
    {
        var busy = await fixture.Server.IssueTokenAsync(await fixture.Server.CreateUserAsync("busy@example.org"));
        var calm = await fixture.Server.IssueTokenAsync(await fixture.Server.CreateUserAsync("calm@example.org"));
        using var busyClient = fixture.Server.CreateClient(busy);
        for (var i = 0; i < 5; i++)
        {
            using var ok = await busyClient.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await busyClient.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        using var calmClient = fixture.Server.CreateClient(calm);
        using var fine = await calmClient.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    /// <summary>Challenges and protected form posts have their own, stricter budget per network (10 minutes), which a
    /// signed-in account does not escape.</summary>
    [Fact]
    public async Task ProtectedForms_HaveAStricterBudget()
    {
        var token = await fixture.Server.IssueTokenAsync(await fixture.Server.CreateUserAsync("forms@example.org"));
        using var client = fixture.Server.CreateClient(token);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync("/api/human-check/challenge?action=signup");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var refused = await client.GetAsync("/api/human-check/challenge?action=signup");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 600);
    }
}
