using Agora.Platform.Organisations;
using Agora.Testing;
using Microsoft.Playwright;

namespace Agora.EndToEnd.Tests.Browser;

/// <summary>One Agora server and one headless Chromium shared by every browser test (start-up costs ~10 s on 2 cores).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string StewardEmail = "steward@hospital.example";
    public const string Password = "correct-horse-42";

    private IPlaywright? _playwright;

    public AgoraTestServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Server = await AgoraTestServer.StartAsync();
        var admin = await Server.CreateUserAsync("admin@hospital.example", Password, "Hospital admin");
        await Server.CreateUserAsync(StewardEmail, Password, "Sam Steward");
        await Server.CreateOrganisationAsync("hospital", admin, OrganisationKind.Public, (StewardEmail, OrganisationRole.DataSteward));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("AGORA_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseAddress.ToString(), Locale = locale });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public static async Task SignInAsync(IPage page, string email = StewardEmail)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        // The sign-in form has the human check: the widget solves it while the fields are filled; wait for its solution.
        await page.WaitForFunctionAsync("() => document.querySelector('form input[name=altcha]')?.value", null, new() { Timeout = 90_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal));
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
