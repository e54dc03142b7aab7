using Microsoft.Playwright;

namespace Agora.EndToEnd.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PublishJourneyTests(BrowserFixture fixture)
{
    /// <summary>The foundation journey: sign in, publish a CSV through the wizard, describe it, submit and approve it,
    /// find it by search, open its page, switch to French. Screenshots of each step are kept as test output.</summary>
    [Fact]
    public async Task Steward_PublishesACsv_AndAnyoneFindsItInFrench()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page);

        var csv = Path.Combine(Path.GetTempPath(), $"beds-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "hospital;beds;opened\nKirchberg;420;1983-05-01\nEsch;310;1976-09-12\nEttelbruck;150;2001-01-15\n");
        try
        {
            await page.GotoAsync("/publish");
            await page.GetByLabel("File (CSV, TSV, JSON Lines or Parquet)").SetInputFilesAsync(csv);
            await BrowserFixture.ScreenshotAsync(page, "01-upload");
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();

            await page.GetByRole(AriaRole.Heading, new() { Name = "Check the columns" }).WaitForAsync();
            Assert.Equal("Whole number", await page.Locator("#type-1 option:checked").InnerTextAsync());
            await page.GetByLabel("Title of the new dataset").FillAsync("Hospital beds in Luxembourg");
            await page.Locator("#name-1").FillAsync("bed_count");
            await BrowserFixture.ScreenshotAsync(page, "02-columns");
            await page.GetByRole(AriaRole.Button, new() { Name = "Store this version" }).ClickAsync();

            // The progress page refreshes itself until the ingestion job is done.
            await page.GetByRole(AriaRole.Link, new() { Name = "Next: describe the dataset" }).ClickAsync(new() { Timeout = 60_000 });
            await page.Locator("#description-en").FillAsync("Number of beds per hospital, as declared to the ministry.");
            await page.Locator("#keywords-fr").FillAsync("lits, hôpitaux");
            await page.GetByLabel("Health").CheckAsync();
            await page.Locator("#licence").SelectOptionAsync("CC_BY_4_0");
            await page.GetByLabel("Open data").CheckAsync();
            await page.Locator("#contact-email").FillAsync("data@hospital.example");
            await BrowserFixture.ScreenshotAsync(page, "03-describe");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and submit for review" }).ClickAsync();

            await page.GetByRole(AriaRole.Heading, new() { Name = "Hospital beds in Luxembourg" }).WaitForAsync();
            await page.GetByLabel("Comment (required to send back)").FillAsync("Checked.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).ClickAsync();
            await page.GetByText("Approved and published.").WaitForAsync();

            var visitor = await fixture.NewPageAsync();
            await visitor.GotoAsync("/datasets");
            await visitor.GetByRole(AriaRole.Searchbox).FillAsync("hopitaux lits");
            await visitor.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            await BrowserFixture.ScreenshotAsync(visitor, "04-search");
            await visitor.GetByRole(AriaRole.Link, new() { Name = "Hospital beds in Luxembourg" }).ClickAsync();
            await visitor.GetByRole(AriaRole.Heading, new() { Name = "Hospital beds in Luxembourg" }).WaitForAsync();
            Assert.Equal("bed_count", await visitor.Locator("table.preview thead th").Nth(1).InnerTextAsync());
            await BrowserFixture.ScreenshotAsync(visitor, "05-dataset");

            await visitor.GetByRole(AriaRole.Link, new() { Name = "Français" }).ClickAsync();
            await visitor.GetByRole(AriaRole.Heading, new() { Name = "À propos de ce jeu de données" }).WaitForAsync();
            Assert.Equal("fr", await visitor.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal("Santé", await visitor.Locator("dl.metadata dd").Nth(1).InnerTextAsync());
            await BrowserFixture.ScreenshotAsync(visitor, "06-dataset-fr");
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
