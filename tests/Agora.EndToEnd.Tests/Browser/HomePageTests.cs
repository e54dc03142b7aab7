namespace Agora.EndToEnd.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task HomePage_InChromium_ShowsTheProductName()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal("Agora", await page.TitleAsync());
        Assert.Equal("Agora", await page.Locator("h1").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "home.png"), FullPage = true });
    }
}
