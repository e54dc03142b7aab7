using System.Net;
using Agora.Platform.HumanCheck;
using Agora.Testing;
using Agora.Web.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Tests.HumanCheck;

/// <summary>The sign-in form is a form strangers post: every attempt, right or wrong, costs a proof of work, so guessing
/// passwords at scale costs the guesser CPU time (references/bots.md).</summary>
public sealed class SignInHumanCheckTests(HumanCheckServerFixture fixture) : IClassFixture<HumanCheckServerFixture>
{
    private const string Password = "correct-horse-42";

    private AgoraTestServer Server => fixture.Server;

    [Fact]
    public async Task RightPassword_WithoutTheCheck_DoesNotSignIn_AndOffersTheEmailLink()
    {
        await Server.CreateUserAsync("nocheck-signin@example.org", Password, "No Check");
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, body, _) = await SignInAsync(browser, "nocheck-signin@example.org", Password, null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Complete the check that you are a person", body, StringComparison.Ordinal);
        Assert.Contains("/human-check/email?action=signin", body, StringComparison.Ordinal);
        Assert.False(await IsSignedInAsync(browser));
    }

    [Fact]
    public async Task RightPassword_WithASolvedCheck_SignsIn_AndTheSolutionWorksOnce()
    {
        await Server.CreateUserAsync("solved-signin@example.org", Password, "Solved");
        var payload = await SolvedPayloadAsync("signin");
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, _, _) = await SignInAsync(browser, "solved-signin@example.org", Password, payload);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.True(await IsSignedInAsync(browser));

        using var replay = new BrowserForms(Server.BaseAddress);
        var (again, body, _) = await SignInAsync(replay, "solved-signin@example.org", Password, payload);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Contains("This check was already used.", body, StringComparison.Ordinal);
        Assert.False(await IsSignedInAsync(replay));
    }

    /// <summary>A solution of the sign-up form does not open the sign-in form.</summary>
    [Fact]
    public async Task SolutionForAnotherForm_IsRefused()
    {
        await Server.CreateUserAsync("otherform-signin@example.org", Password, "Other Form");
        var payload = await SolvedPayloadAsync("signup");
        using var browser = new BrowserForms(Server.BaseAddress);
        var (status, _, _) = await SignInAsync(browser, "otherform-signin@example.org", Password, payload);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(await IsSignedInAsync(browser));
    }

    /// <summary>A wrong password spends the check: the next guess needs a new proof of work.</summary>
    [Fact]
    public async Task WrongPassword_SpendsTheCheck()
    {
        await Server.CreateUserAsync("guess-signin@example.org", Password, "Guessed");
        var payload = await SolvedPayloadAsync("signin");
        using var browser = new BrowserForms(Server.BaseAddress);
        var (wrong, wrongBody, _) = await SignInAsync(browser, "guess-signin@example.org", "not-the-password-1", payload);
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Contains("The e-mail address or the password is wrong.", wrongBody, StringComparison.Ordinal);
        var (reused, reusedBody, _) = await SignInAsync(browser, "guess-signin@example.org", Password, payload);
        Assert.Equal(HttpStatusCode.BadRequest, reused);
        Assert.Contains("This check was already used.", reusedBody, StringComparison.Ordinal);
        Assert.False(await IsSignedInAsync(browser));
    }

    /// <summary>Without JavaScript: an e-mailed link for this address replaces the check, once.</summary>
    [Fact]
    public async Task EmailedPass_ForTheAddress_ReplacesTheCheck_AndNotForAnother()
    {
        await Server.CreateUserAsync("nojs-signin@example.org", Password, "No Script");
        await Server.CreateUserAsync("victim-signin@example.org", Password, "Victim");
        var checks = Server.Services.GetRequiredService<HumanCheckService>();

        var foreign = checks.CreateEmailPass("signin", "nojs-signin@example.org");
        using (var intruder = new BrowserForms(Server.BaseAddress))
        {
            var (status, _, _) = await intruder.PostAsync("/account/signin?pass=" + Uri.EscapeDataString(foreign), "signin", Fields("victim-signin@example.org", Password, null));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.False(await IsSignedInAsync(intruder));
        }

        var pass = checks.CreateEmailPass("signin", "nojs-signin@example.org");
        using var browser = new BrowserForms(Server.BaseAddress);
        var page = await browser.GetAsync("/account/signin?pass=" + Uri.EscapeDataString(pass));
        Assert.Contains("value=\"nojs-signin@example.org\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<altcha-widget", page, StringComparison.Ordinal);
        var (signedIn, _, _) = await browser.PostAsync("/account/signin?pass=" + Uri.EscapeDataString(pass), "signin", Fields("nojs-signin@example.org", Password, null));
        Assert.Equal(HttpStatusCode.Redirect, signedIn);
        Assert.True(await IsSignedInAsync(browser));
    }

    private async Task<string> SolvedPayloadAsync(string action)
    {
        using var client = Server.CreateClient();
        return SignUpHumanCheckTests.Solve(await client.GetStringAsync($"/api/human-check/challenge?action={action}"));
    }

    private static Dictionary<string, string> Fields(string email, string password, string? payload)
    {
        var fields = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password };
        if (payload is not null)
        {
            fields["altcha"] = payload;
        }
        return fields;
    }

    private static Task<(HttpStatusCode Status, string Body, Uri? Location)> SignInAsync(BrowserForms browser, string email, string password, string? payload) =>
        browser.PostAsync("/account/signin", "signin", Fields(email, password, payload));

    /// <summary>Signed in when the tokens page opens instead of redirecting to the sign-in form.</summary>
    private static async Task<bool> IsSignedInAsync(BrowserForms browser)
    {
        using var response = await browser.Client.GetAsync("/account/tokens");
        return response.StatusCode == HttpStatusCode.OK;
    }
}
