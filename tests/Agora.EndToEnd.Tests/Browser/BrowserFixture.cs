using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Agora.Platform.Demo;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Agora.EndToEnd.Tests.Browser;

/// <summary>One Agora server and one headless Chromium shared by every browser test (start-up costs ~10 s on 2 cores).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string StewardEmail = "steward@hospital.example";
    public const string Password = "correct-horse-42";

    private IPlaywright? _playwright;
    private readonly SemaphoreSlim _demoGate = new(1, 1);
    private bool _demoSeeded;
    private readonly ConcurrentDictionary<string, string> _signedInStates = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>
    /// A page of a new browser context signed in as <paramref name="email"/>. The first time, the account signs in
    /// through the real form (with its human check); later contexts start with that session's cookies, because solving
    /// the proof of work again for every page costs seconds of a shared CPU and tests nothing new.
    /// </summary>
    public async Task<IPage> NewSignedInPageAsync(string email = StewardEmail)
    {
        if (_signedInStates.TryGetValue(email, out var state))
        {
            var context = await Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = Server.BaseAddress.ToString(), Locale = "en-GB", StorageState = state,
            });
            context.SetDefaultTimeout(30_000);
            return await context.NewPageAsync();
        }
        var page = await NewPageAsync();
        // The demo's accounts share the demo password; the fixture's own accounts have theirs.
        await SignInAsync(page, email, email.EndsWith(".agora-demo.example", StringComparison.OrdinalIgnoreCase) ? DemoSeeder.DemoPassword : Password);
        _signedInStates[email] = await page.Context.StorageStateAsync();
        return page;
    }

    /// <summary>
    /// Seeds the demo platform (<c>serve --demo</c>: three organisations with their accounts, six published datasets,
    /// two "data wanted" posts, demand) once, on first use, and waits until the server's worker has profiled and sketched
    /// every dataset, so value reports, partners and matches are complete. Only the tests that need it pay for it.
    /// </summary>
    public async Task EnsureDemoAsync()
    {
        await _demoGate.WaitAsync();
        try
        {
            if (_demoSeeded)
            {
                return;
            }
            using var scope = Server.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (await db.Jobs.AsNoTracking().AnyAsync(j => j.State == JobState.Queued || j.State == JobState.Running))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("The demo's profiling jobs did not finish within 3 minutes.");
                }
                await Task.Delay(250);
            }
            _demoSeeded = true;
        }
        finally
        {
            _demoGate.Release();
        }
    }

    public static async Task SignInAsync(IPage page, string email = StewardEmail, string password = Password)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        // The sign-in form has the human check: the widget solves it while the fields are filled; wait for its solution.
        await page.WaitForFunctionAsync("() => document.querySelector('form input[name=altcha]')?.value", null, new() { Timeout = 90_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal));
    }

    /// <summary>Runs axe-core's WCAG 2.1 A/AA rules on the page as it is and fails on any serious or critical violation.</summary>
    public static async Task AssertNoSeriousAccessibilityViolationAsync(IPage page)
    {
        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
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
        _demoGate.Dispose();
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
