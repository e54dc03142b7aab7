using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Agora.EndToEnd.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    /// <summary>axe-core finds no serious or critical violation of WCAG 2.1 A/AA on the main pages, signed out and in.</summary>
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
    public async Task MainPage_HasNoSeriousAccessibilityViolation(string path, bool signedIn, string account = BrowserFixture.StewardEmail)
    {
        var page = await fixture.NewPageAsync();
        if (signedIn)
        {
            await BrowserFixture.SignInAsync(page, account);
        }
        await page.GotoAsync(path);
        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}
