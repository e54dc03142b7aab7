using System.Text;
using System.Text.Json;
using Agora.Platform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Agora.EndToEnd.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class HumanCheckWidgetTests(BrowserFixture fixture)
{
    /// <summary>
    /// The real ALTCHA widget (vendored, served by Agora) solves the server's challenge in headless Chromium while the
    /// visitor fills the sign-up form; the form is submitted and the account exists. Every request the page makes goes
    /// to Agora itself and no cookie is set before the form is sent (the anti-forgery cookie comes with the page).
    /// </summary>
    [Fact]
    public async Task SignUp_WithTheRealWidget_CreatesTheAccount_WithoutThirdPartyRequests()
    {
        var page = await fixture.NewPageAsync();
        var origin = fixture.Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var foreign = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                foreign.Add(request.Url);
            }
        };
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        page.Console += (_, message) =>
        {
            // Failed loads are reported with their address below.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync("/account/signup");
        await page.EvaluateAsync("""
            () => { window.agoraVerified = new Promise(resolve => document.querySelector('altcha-widget')
                .addEventListener('statechange', e => { if (e.detail.state === 'verified') resolve(e.detail.payload); })); }
            """);
        // The widget starts the proof of work (in the PBKDF2 worker served by Agora) when the form gets the focus, so
        // it solves while the person types: no click needed.
        await page.GetByLabel("Your name").FillAsync("Widget Person");
        await page.GetByLabel("E-mail address").FillAsync("widget@example.org");
        await page.GetByLabel("Password").FillAsync("correct-horse-42");
        var payload = await page.EvaluateAsync<string>(
            "() => Promise.race([window.agoraVerified, new Promise((_, reject) => setTimeout(() => reject(new Error('the widget did not verify')), 90000))])");
        Assert.Equal(payload, await page.Locator("form input[name=altcha]").InputValueAsync());
        var solution = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement;
        Assert.Equal("signup", solution.GetProperty("challenge").GetProperty("parameters").GetProperty("data").GetProperty("action").GetString());
        await BrowserFixture.ScreenshotAsync(page, "human-check-verified");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signup", StringComparison.Ordinal));

        using var scope = fixture.Server.Services.CreateScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<AgoraUser>>().FindByEmailAsync("widget@example.org"));
        Assert.Empty(foreign);
        Assert.Empty(errors);
    }
}
