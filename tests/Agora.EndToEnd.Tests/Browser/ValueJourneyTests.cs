using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Agora.EndToEnd.Tests.Browser;

/// <summary>Issue 6 as its users meet it on the demo platform: the "data wanted" board, the value report, the partners
/// and the quality profile with its charts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ValueJourneyTests(BrowserFixture fixture)
{
    private const string Consumer = "analyst@energy.agora-demo.example";
    private const string Provider = "steward@ministry.agora-demo.example";
    private const string MobilityTitle = "Bicycle and pedestrian counts in Luxembourg City";

    /// <summary>
    /// A consumer posts what they need through the board's plain form (column names and station names that the
    /// ministry's bicycle counts hold); the post page shows the match with its reasons. The ministry's steward is told
    /// (notifications), opens the post from there, and the dataset page lists the post among those who want it.
    /// </summary>
    [Fact]
    public async Task Consumer_PostsDataWanted_AndTheProviderIsToldAndSeesTheMatch()
    {
        await fixture.EnsureDemoAsync();
        var title = $"Cycling per counting station {Guid.NewGuid().ToString("N")[..6]}";

        var consumer = await fixture.NewSignedInPageAsync(Consumer);
        await consumer.GotoAsync("/");
        await consumer.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Data wanted" }).ClickAsync();
        await consumer.GetByRole(AriaRole.Heading, new() { Name = "Post what you need" }).WaitForAsync();
        await consumer.GetByLabel("What data do you need?").FillAsync(title);
        await consumer.GetByLabel("Purpose and details (optional)").FillAsync("Hourly bicycle counts per station, to place charging points.");
        await consumer.GetByLabel("Keywords, separated by commas").FillAsync("cycling, bicycles");
        await consumer.GetByLabel("Column names, separated by commas").FillAsync("station_name, bicycles");
        await consumer.GetByLabel("Sample values, one per line (at least 3 to match by value)").FillAsync("Gare Centrale\nGlacis\nBoulevard Royal\nPfaffenthal – Panoramic lift");
        await consumer.GetByLabel("Post for").SelectOptionAsync(new SelectOptionValue { Label = "Lëtz Energy S.A. (demo)" });
        await consumer.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();

        // The form posts and the board sends the author to the new post, already matched.
        await consumer.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 }).WaitForAsync();
        var postUrl = consumer.Url;
        Assert.Matches("/wanted/[0-9a-f-]{36}$", postUrl);
        var match = consumer.GetByRole(AriaRole.Row).Filter(new() { Has = consumer.GetByRole(AriaRole.Link, new() { Name = MobilityTitle }) });
        await Assertions.Expect(match).ToHaveCountAsync(1);
        await Assertions.Expect(match.GetByRole(AriaRole.Link, new() { Name = "Ministry of Public Data (demo)" })).ToBeVisibleAsync();
        await Assertions.Expect(match).ToContainTextAsync("Column station_name answers station_name");
        await Assertions.Expect(match).ToContainTextAsync("Column station_name holds 100% of the sample values");
        // The poster's own organisation provides nothing for its own need.
        await Assertions.Expect(consumer.GetByRole(AriaRole.Link, new() { Name = "Lëtz Energy S.A. (demo)" })).ToHaveCountAsync(1);
        await BrowserFixture.AssertNoSeriousAccessibilityViolationAsync(consumer);
        await BrowserFixture.ScreenshotAsync(consumer, "value-01-wanted-post");

        await consumer.GotoAsync("/wanted");
        var listed = consumer.GetByRole(AriaRole.Listitem).Filter(new() { Has = consumer.GetByRole(AriaRole.Link, new() { Name = title }) });
        await Assertions.Expect(listed.GetByRole(AriaRole.Paragraph)).ToHaveTextAsync(new Regex("^Lëtz Energy S\\.A\\. \\(demo\\) · .* · 1 matching dataset$"));

        // The provider is told: the notification names their dataset and the post, and leads to the post.
        var provider = await fixture.NewSignedInPageAsync(Provider);
        await provider.GotoAsync("/");
        var unread = provider.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Notifications \\(\\d+ unread\\)$") });
        var before = int.Parse(Regex.Match(await unread.InnerTextAsync(), "\\d+").Value, CultureInfo.InvariantCulture);
        await unread.ClickAsync();
        await provider.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 }).WaitForAsync();
        var told = provider.GetByRole(AriaRole.Listitem).Filter(new() { Has = provider.GetByRole(AriaRole.Link, new() { Name = title }) });
        await Assertions.Expect(told).ToHaveCountAsync(1);
        await Assertions.Expect(told).ToHaveTextAsync(new Regex($"^\\d\\d/\\d\\d/\\d{{4}} \\d\\d:\\d\\d\\s+Your dataset {Regex.Escape(MobilityTitle)} matches the post {title}\\s+Mark as read$"));
        await BrowserFixture.ScreenshotAsync(provider, "value-02-notifications");
        await told.GetByRole(AriaRole.Button, new() { Name = "Mark as read" }).ClickAsync();
        await Assertions.Expect(provider.GetByRole(AriaRole.Listitem).Filter(new() { Has = provider.GetByRole(AriaRole.Link, new() { Name = title }) })
            .GetByRole(AriaRole.Button, new() { Name = "Mark as read" })).ToHaveCountAsync(0);
        await provider.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await provider.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 }).WaitForAsync();
        Assert.Equal(postUrl, provider.Url);
        await Assertions.Expect(provider.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = $"Notifications ({before - 1} unread)" })).ToBeVisibleAsync();

        // ... and the dataset page shows the post among those who want it.
        await provider.GetByRole(AriaRole.Link, new() { Name = MobilityTitle }).ClickAsync();
        await provider.GetByRole(AriaRole.Heading, new() { Name = MobilityTitle, Level = 1 }).WaitForAsync();
        var partners = provider.Locator("section#partners");
        await Assertions.Expect(partners.GetByRole(AriaRole.Heading, new() { Name = "Wanted by" })).ToBeVisibleAsync();
        await partners.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        Assert.Equal(postUrl, provider.Url);

        // The consumer is told too.
        await consumer.GotoAsync("/notifications");
        await Assertions.Expect(consumer.GetByRole(AriaRole.Listitem).Filter(new() { Has = consumer.GetByRole(AriaRole.Link, new() { Name = title }) }))
            .ToContainTextAsync($"Your post {title} is matched by {MobilityTitle}");
    }

    /// <summary>
    /// Anyone opens the open population dataset: the value report shows each of its six parts with why and what would
    /// raise it; the partners list joinable datasets with the key column on both sides and the organisations behind
    /// them; the quality profile draws its gauges and distributions as SVG images a screen reader can name, and the
    /// profile downloads as JSON.
    /// </summary>
    [Fact]
    public async Task DatasetPage_ShowsValueReportPartnersAndQualityCharts()
    {
        await fixture.EnsureDemoAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/datasets/ministry-public-data/communes-population");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Population of the communes", Level = 1 }).WaitForAsync();

        var value = page.GetByRole(AriaRole.Region, new() { Name = "Value", Exact = true });
        await Assertions.Expect(value.GetByRole(AriaRole.Img, new() { NameRegex = new("^Value score: \\d+%") })).ToBeVisibleAsync();
        foreach (var part in new[] { "Quality", "Coverage", "Novelty", "Linkability", "Demand", "Use" })
        {
            await Assertions.Expect(value.GetByRole(AriaRole.Heading, new() { NameRegex = new($"^{part}: (\\d+ \\/ 100|not assessed)"), Level = 3 })).ToBeVisibleAsync();
        }
        await Assertions.Expect(value).ToContainTextAsync("It joins with");
        await Assertions.Expect(value).ToContainTextAsync("2 matching \"data wanted\" posts");
        await Assertions.Expect(value.GetByText("What would raise it").First).ToBeVisibleAsync();

        var partners = page.GetByRole(AriaRole.Region, new() { Name = "Partners", Exact = true });
        var joinable = partners.GetByRole(AriaRole.Table).First;
        var headers = await joinable.GetByRole(AriaRole.Columnheader).AllInnerTextsAsync();
        Assert.Equal(["Dataset", "Organisation", "This column", "Their column", "Share found", "Shared values (approx.)"], headers);
        var business = joinable.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Business register" }) });
        var cells = await business.GetByRole(AriaRole.Cell).AllInnerTextsAsync();
        Assert.Equal(["Business register", "Ministry of Public Data (demo)", "commune", "commune"], cells.Take(4));
        await Assertions.Expect(joinable.GetByRole(AriaRole.Link, new() { Name = "Alzette Hospital Centre (demo)" })).ToBeVisibleAsync();
        await Assertions.Expect(partners.GetByRole(AriaRole.Heading, new() { Name = "Organisations behind them" })).ToBeVisibleAsync();
        await Assertions.Expect(partners.GetByRole(AriaRole.Link, new() { Name = "Population per commune, to put admissions in proportion" })).ToBeVisibleAsync();

        var quality = page.GetByRole(AriaRole.Region, new() { Name = "Quality", Exact = true });
        var gauges = quality.GetByRole(AriaRole.Group, new() { Name = "Quality dimensions" });
        foreach (var dimension in new[] { "Overall: 100%", "Completeness: 100%", "Uniqueness: 100%", "Validity: not assessed" })
        {
            await Assertions.Expect(gauges.GetByRole(AriaRole.Img, new() { Name = dimension, Exact = false })).ToBeVisibleAsync();
        }
        await Assertions.Expect(quality.GetByRole(AriaRole.Img, new() { NameRegex = new("^Distribution of population") })).ToBeVisibleAsync();
        await Assertions.Expect(quality.GetByRole(AriaRole.Img, new() { NameRegex = new("^Most frequent values of commune") })).ToBeVisibleAsync();
        Assert.True(await quality.Locator("svg").CountAsync() >= 8);
        await BrowserFixture.ScreenshotAsync(page, "value-03-dataset");

        var download = quality.GetByRole(AriaRole.Link, new() { Name = "Download the profile (JSON)" });
        var response = await page.APIRequest.GetAsync((await download.GetAttributeAsync("href"))!);
        Assert.Equal(200, response.Status);
        var profile = JsonDocument.Parse(await response.TextAsync()).RootElement;
        Assert.Equal(3000, profile.GetProperty("rows").GetInt64());
        Assert.Contains(profile.GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "commune");

        // The organisation's partners page names the partners and the evidence, and the consumers who want its data.
        await partners.GetByRole(AriaRole.Link, new() { Name = "Suggested partners of Ministry of Public Data (demo)" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Suggested partners of Ministry of Public Data (demo)", Level = 1 }).WaitForAsync();
        var hospital = page.GetByRole(AriaRole.Article).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Alzette Hospital Centre (demo)" }) });
        await Assertions.Expect(hospital).ToContainTextAsync("Population of the communes joins with Patient registry: commune → commune");
        var consumers = page.GetByRole(AriaRole.Region, new() { Name = "Consumers who want this data" });
        await Assertions.Expect(consumers.GetByRole(AriaRole.Link, new() { Name = "Companies per commune and activity" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "value-04-partners");
    }

    /// <summary>
    /// A steward opens the quality page from the dataset page: it shows the current profile (gauges as named SVG images)
    /// above the rules form. They declare a range and a consistency rule through the plain form; the version is profiled
    /// again and validity and consistency are now measured, with the failing check and its rows listed.
    /// </summary>
    [Fact]
    public async Task Steward_DeclaresQualityRules_AndTheProfileMeasuresThem()
    {
        await fixture.EnsureDemoAsync();
        var page = await fixture.NewSignedInPageAsync(Provider);
        await page.GotoAsync("/datasets/ministry-public-data/mobility-counts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Declare quality rules" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Quality rules", Level = 1 }).WaitForAsync();
        var quality = page.GetByRole(AriaRole.Region, new() { Name = "Quality", Exact = true });
        await Assertions.Expect(quality.GetByRole(AriaRole.Img, new() { Name = "Validity: not assessed" })).ToBeVisibleAsync();
        await Assertions.Expect(quality.GetByRole(AriaRole.Img, new() { Name = "Consistency: not assessed" })).ToBeVisibleAsync();
        await Assertions.Expect(quality.GetByRole(AriaRole.Link, new() { Name = "Declare quality rules" })).ToHaveCountAsync(0);

        await page.GetByLabel("Minimum of bicycles").FillAsync("0");
        await page.GetByLabel("Maximum of bicycles").FillAsync("200");
        await page.GetByLabel("bicycles is required").CheckAsync();
        await page.GetByLabel("One rule per line, as name: expression").FillAsync("people counted: pedestrians >= 0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the rules and profile again" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rules saved.");
        Assert.Equal("200", await page.GetByLabel("Maximum of bicycles").InputValueAsync());

        // The worker profiles the version again in the background; the page shows the new profile once it is done.
        var validity = quality.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Validity: [\\d.]+%$") });
        for (var attempt = 0; attempt < 60 && await validity.CountAsync() == 0; attempt++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        // 68 of the 43,200 checked cells fail (counts above 200): not a perfect score, though it rounds to 100.
        await Assertions.Expect(quality.GetByRole(AriaRole.Img, new() { Name = "Validity: 99.8%", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(quality.GetByRole(AriaRole.Img, new() { Name = "Consistency: 100%" })).ToBeVisibleAsync();
        var failed = quality.GetByRole(AriaRole.Table).Filter(new() { Has = page.GetByRole(AriaRole.Columnheader, new() { Name = "Failing rows" }) });
        var row = failed.GetByRole(AriaRole.Row).Filter(new() { HasText = "bicycles" });
        var cells = await row.GetByRole(AriaRole.Cell).AllInnerTextsAsync();
        Assert.Equal(["Validity", "bicycles", "at most 200"], cells.Take(3));
        Assert.True(long.Parse(cells[3], NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-GB")) > 0, string.Join(" | ", cells));
        await BrowserFixture.ScreenshotAsync(page, "value-05-quality-rules");
    }
}
