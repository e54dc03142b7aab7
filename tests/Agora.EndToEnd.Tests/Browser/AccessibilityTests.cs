namespace Agora.EndToEnd.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    private const string DemoDataset = "/datasets/ministry-public-data/communes-population";
    private const string DemoSteward = "steward@ministry.agora-demo.example";

    /// <summary>axe-core finds no serious or critical violation of WCAG 2.1 A/AA on the main pages, signed out and in,
    /// on the demo platform (so the pages of issue 6 show their profiles, value reports, partners and matches).</summary>
    [Theory]
    [InlineData("/", false)]
    [InlineData("/datasets", false)]
    [InlineData("/organisations", false)]
    [InlineData("/account/signin", false)]
    [InlineData("/account/signup", false)]
    [InlineData("/organisations/hospital", true)]
    [InlineData("/publish", true)]
    [InlineData("/account/tokens", true)]
    [InlineData("/review", true)]
    [InlineData("/audit", true, "admin@hospital.example")]
    [InlineData(DemoDataset, false)]
    [InlineData(DemoDataset, true, DemoSteward)]
    [InlineData(DemoDataset + "/quality", true, DemoSteward)]
    [InlineData("/organisations/ministry-public-data/partners", false)]
    [InlineData("/wanted", false)]
    [InlineData("/wanted", true, "analyst@energy.agora-demo.example")]
    [InlineData("/notifications", true, DemoSteward)]
    public async Task MainPage_HasNoSeriousAccessibilityViolation(string path, bool signedIn, string account = BrowserFixture.StewardEmail)
    {
        await fixture.EnsureDemoAsync();
        var page = signedIn ? await fixture.NewSignedInPageAsync(account) : await fixture.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        await BrowserFixture.AssertNoSeriousAccessibilityViolationAsync(page);
    }
}
