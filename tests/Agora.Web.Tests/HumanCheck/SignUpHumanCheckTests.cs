using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agora.Platform.HumanCheck;
using Agora.Platform.Metadata;
using Agora.Privacy.Keys;
using Agora.Testing;
using Agora.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Tests.HumanCheck;

/// <summary>A server whose challenges are cheap to solve in a test (a handful of PBKDF2 rounds).</summary>
public sealed class HumanCheckServerFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> FastChecks = new()
    {
        ["Agora:HumanCheck:CounterRange"] = "40",
        ["Agora:HumanCheck:Cost"] = "5",
    };

    public AgoraTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await AgoraTestServer.StartAsync(FastChecks);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed partial class SignUpHumanCheckTests(HumanCheckServerFixture fixture) : IClassFixture<HumanCheckServerFixture>
{
    private AgoraTestServer Server => fixture.Server;

    [Fact]
    public async Task Challenge_IsAltchaJson_NotCached_WithoutCookie()
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync("/api/human-check/challenge?action=signup");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var challenge = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PBKDF2/SHA-256", challenge.GetProperty("parameters").GetProperty("algorithm").GetString());
        Assert.Equal("signup", challenge.GetProperty("parameters").GetProperty("data").GetProperty("action").GetString());
    }

    [Fact]
    public async Task UnknownAction_IsABadRequest()
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync("/api/human-check/challenge?action=Not%20A%20Form");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignUp_WithASolvedCheck_CreatesTheAccount_AndTheSolutionWorksOnce()
    {
        var payload = await SolvedPayloadAsync("signup");
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, _, location) = await SignUpAsync(browser, "first@example.org", payload);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.EndsWith("/organisations", location?.OriginalString, StringComparison.Ordinal);
        Assert.True(await UserExistsAsync("first@example.org"));

        using var replay = new BrowserForms(Server.BaseAddress);
        var (replayStatus, body, _) = await SignUpAsync(replay, "second@example.org", payload);
        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Contains("This check was already used.", body, StringComparison.Ordinal);
        Assert.False(await UserExistsAsync("second@example.org"));
    }

    [Fact]
    public async Task SignUp_WithoutTheCheck_IsRefused_AndOffersTheEmailLink()
    {
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, body, _) = await SignUpAsync(browser, "nocheck@example.org", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Complete the check that you are a person", body, StringComparison.Ordinal);
        Assert.Contains("/human-check/email?action=signup", body, StringComparison.Ordinal);
        Assert.False(await UserExistsAsync("nocheck@example.org"));
    }

    [Fact]
    public async Task SignUp_WithATamperedSolution_IsRefused()
    {
        var payload = await SolvedPayloadAsync("signup");
        var json = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetRawText();
        // A cheaper challenge than the one signed.
        var tampered = Convert.ToBase64String(Encoding.UTF8.GetBytes(Regex.Replace(json, "\"cost\":\\d+", "\"cost\":1")));
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, body, _) = await SignUpAsync(browser, "tampered@example.org", tampered);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The check could not be verified.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_WithAnExpiredSolution_IsRefused()
    {
        var checks = Server.Services.GetRequiredService<HumanCheckService>();
        var challenge = checks.Create("signup", 0, DateTimeOffset.UtcNow.AddSeconds(-1));
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, body, _) = await SignUpAsync(browser, "expired@example.org", Solve(challenge.ToJson()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The check expired.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignUp_WithASolutionForAnotherForm_IsRefused()
    {
        var payload = await SolvedPayloadAsync("access-request");
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, _, _) = await SignUpAsync(browser, "otherform@example.org", payload);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    /// <summary>A weak password is refused before the check is spent, so the person can fix it without solving again.</summary>
    [Fact]
    public async Task WeakPassword_DoesNotSpendTheCheck()
    {
        var payload = await SolvedPayloadAsync("signup");
        using var browser = new BrowserForms(Server.BaseAddress);
        var fields = Fields("weak@example.org", payload);
        fields["Input.Password"] = "abcdefghijk";
        var (status, _, _) = await browser.PostAsync("/account/signup", "signup", fields);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var (again, _, _) = await SignUpAsync(browser, "weak@example.org", payload);
        Assert.Equal(HttpStatusCode.Redirect, again);
    }

    /// <summary>The accessible alternative: the e-mail form writes a message to the outbox; its link opens the sign-up
    /// form with a pass for that address instead of the widget; the pass works once.</summary>
    [Fact]
    public async Task EmailedLink_ReplacesTheCheck_Once()
    {
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, body, _) = await browser.PostAsync("/human-check/email?action=signup&returnUrl=%2Faccount%2Fsignup", "human-check-email",
            new Dictionary<string, string> { ["Input.Email"] = "nojs@example.org" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("a link is on its way", body, StringComparison.Ordinal);

        var message = Assert.Single(Directory.GetFiles(Path.Combine(Server.DataDirectory, "outbox"), "*.eml"), f => File.ReadAllText(f).Contains("To: nojs@example.org", StringComparison.Ordinal));
        var text = await File.ReadAllTextAsync(message);
        Assert.Contains("Subject: Your link to continue on Agora", text, StringComparison.Ordinal);
        var bodyText = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Split("\r\n"))));
        var link = new Uri(LinkPattern().Match(bodyText).Value);
        Assert.StartsWith("/account/signup?pass=", link.PathAndQuery, StringComparison.Ordinal);

        var page = await browser.GetAsync(link.PathAndQuery);
        Assert.Contains("value=\"nojs@example.org\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<altcha-widget", page, StringComparison.Ordinal);
        var fields = Fields("nojs@example.org", null);
        fields.Remove("altcha");
        var (created, _, _) = await browser.PostAsync(link.PathAndQuery, "signup", fields);
        Assert.Equal(HttpStatusCode.Redirect, created);
        Assert.True(await UserExistsAsync("nojs@example.org"));

        using var again = new BrowserForms(Server.BaseAddress);
        var (replay, replayBody, _) = await again.PostAsync(link.PathAndQuery, "signup", Fields("nojs@example.org", null));
        Assert.Equal(HttpStatusCode.BadRequest, replay);
        Assert.Contains("This check was already used.", replayBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmailedLink_ForOneAddress_DoesNotOpenAnother()
    {
        var pass = Server.Services.GetRequiredService<HumanCheckService>().CreateEmailPass("signup", "owner@example.org");
        using var browser = new BrowserForms(Server.BaseAddress);
        var fields = Fields("intruder@example.org", null);
        var (status, _, _) = await browser.PostAsync("/account/signup?pass=" + Uri.EscapeDataString(pass), "signup", fields);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(await UserExistsAsync("intruder@example.org"));
    }

    /// <summary>Two nodes share one metadata store and key ring: the same solution posted to both at once is accepted by
    /// exactly one.</summary>
    [Fact]
    public async Task SameSolution_OnTwoNodes_IsAcceptedOnce()
    {
        var folder = Directory.CreateTempSubdirectory("agora-two-nodes-").FullName;
        var settings = new Dictionary<string, string?>(HumanCheckServerFixture.FastChecks) { ["Agora:MasterKey"] = KeyRing.GenerateText() };
        await using var first = await AgoraTestServer.StartAsync(settings, folder);
        await using var second = await AgoraTestServer.StartAsync(settings, folder);
        var payload = Solve(await first.CreateClient().GetStringAsync("/api/human-check/challenge?action=signup"));
        using var a = new BrowserForms(first.BaseAddress);
        using var b = new BrowserForms(second.BaseAddress);
        var formA = BrowserForms.HiddenFields(await a.GetAsync("/account/signup"), "signup");
        var formB = BrowserForms.HiddenFields(await b.GetAsync("/account/signup"), "signup");
        foreach (var (name, value) in Fields("node-a@example.org", payload))
        {
            formA[name] = value;
        }
        foreach (var (name, value) in Fields("node-b@example.org", payload))
        {
            formB[name] = value;
        }
        var results = await Task.WhenAll(a.Client.PostAsync("/account/signup", new FormUrlEncodedContent(formA)), b.Client.PostAsync("/account/signup", new FormUrlEncodedContent(formB)));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
    }

    private async Task<string> SolvedPayloadAsync(string action)
    {
        using var client = Server.CreateClient();
        return Solve(await client.GetStringAsync($"/api/human-check/challenge?action={action}"));
    }

    /// <summary>Solves a challenge like the widget (counters from 0) and builds the payload it would post.</summary>
    internal static string Solve(string challengeJson)
    {
        var parameters = JsonDocument.Parse(challengeJson).RootElement.GetProperty("parameters");
        var nonce = Convert.FromHexString(parameters.GetProperty("nonce").GetString()!);
        var salt = Convert.FromHexString(parameters.GetProperty("salt").GetString()!);
        var prefix = parameters.GetProperty("keyPrefix").GetString()!;
        var cost = parameters.GetProperty("cost").GetInt32();
        for (uint counter = 0; ; counter++)
        {
            var key = Convert.ToHexStringLower(HumanCheckService.DeriveKey(nonce, salt, counter, cost));
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var json = JsonSerializer.Serialize(new { challenge = JsonDocument.Parse(challengeJson).RootElement, solution = new { counter, derivedKey = key, time = 100.5 } });
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
            }
        }
    }

    private static Dictionary<string, string> Fields(string email, string? payload)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Test Person", ["Input.Email"] = email, ["Input.Password"] = "correct-horse-42",
        };
        if (payload is not null)
        {
            fields["altcha"] = payload;
        }
        return fields;
    }

    private static Task<(HttpStatusCode Status, string Body, Uri? Location)> SignUpAsync(BrowserForms browser, string email, string? payload) =>
        browser.PostAsync("/account/signup", "signup", Fields(email, payload));

    private async Task<bool> UserExistsAsync(string email)
    {
        using var scope = Server.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AgoraDbContext>().Users.AnyAsync(u => u.Email == email);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
