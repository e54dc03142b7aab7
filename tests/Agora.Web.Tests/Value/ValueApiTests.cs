using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agora.Platform.Metadata;
using Agora.Platform.Value;
using Agora.Web.Localization;
using Agora.Web.Tests.Hosting;
using Agora.Web.Tests.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Tests.Value;

[Collection(AgoraServerCollection.Name)]
public sealed partial class ValueApiTests(AgoraServerFixture fixture)
{
    /// <summary>A CSV with a code column (<paramref name="codes"/> codes, repeated) and a whole-number measure.</summary>
    private static string Csv(string codeColumn, string prefix, int codes, int rows, string measure)
    {
        var builder = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{codeColumn},{measure}\n");
        for (var i = 0; i < rows; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{prefix}{i % codes:000},{(i * 37) % 100}\n");
        }
        return builder.ToString();
    }

    /// <summary>Uploads, ingests and publishes through the API, then waits for the profiling job that ingestion queues.</summary>
    private static async Task<Guid> PublishAsync(HttpClient steward, Guid organisationId, string title, string csv, string? frequency = null)
    {
        var id = await ApiPublishing.PublishNewAsync(steward, organisationId, title, csv);
        await ApiPublishing.DescribeAndPublishAsync(steward, id, title, title.Split(' ')[0].ToLowerInvariant(), frequency: frequency);
        await ApiPublishing.WaitForProfileAsync(steward, id);
        return id;
    }

    [Fact]
    public async Task IngestedVersion_IsProfiled_AndPartnersValueAndTheWantedBoardWorkThroughTheApi()
    {
        using var hospital = fixture.Client(fixture.HospitalSteward);
        using var company = fixture.Client(fixture.CompanySteward);
        using var anonymous = fixture.Client();
        var admissions = await PublishAsync(hospital, fixture.Hospital.Id, "Admissions per canton", Csv("canton", "K", 25, 250, "admissions"));
        var shops = await PublishAsync(company, fixture.Company.Id, "Shops per canton", Csv("canton", "K", 25, 75, "shops"));

        // Quality: everyone who sees the dataset sees the dimensions; only readers get the full profile.
        var quality = await anonymous.GetFromJsonAsync<JsonElement>($"/api/datasets/{admissions}/quality");
        Assert.Equal(250, quality.GetProperty("rows").GetInt64());
        Assert.Equal(1.0, quality.GetProperty("dimensions").GetProperty("completeness").GetDouble());
        Assert.Contains(quality.GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "canton");

        // Partners: the joinable dataset with the key columns on both sides and the organisation behind it.
        var partners = await anonymous.GetFromJsonAsync<JsonElement>($"/api/datasets/{admissions}/partners");
        Assert.True(partners.GetProperty("ready").GetBoolean());
        var join = partners.GetProperty("joinable").EnumerateArray().Single(j => j.GetProperty("dataset").GetProperty("datasetId").GetGuid() == shops);
        var pair = join.GetProperty("pairs")[0];
        Assert.Equal("canton", pair.GetProperty("column").GetString());
        Assert.Equal("canton", pair.GetProperty("partnerColumn").GetString());
        Assert.True(pair.GetProperty("containment").GetDouble() >= 0.9);
        Assert.Contains(partners.GetProperty("organisations").EnumerateArray(), o => o.GetProperty("slug").GetString() == "company");
        var organisationPartners = await hospital.GetFromJsonAsync<JsonElement>("/api/organisations/hospital/partners");
        Assert.Contains(organisationPartners.GetProperty("partners").EnumerateArray(), p => p.GetProperty("slug").GetString() == "company");

        // Data wanted: anonymous people read the board but do not post; a consumer posts and the owner is told.
        var need = new { title = "Admissions per canton wanted", keywords = new[] { "admissions" }, columns = new[] { "canton" },
            sampleValues = new[] { "K001", "K002", "K003", "K004" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/wanted", need)).StatusCode);
        using var posted = await company.PostAsJsonAsync("/api/wanted", need);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var post = await posted.Content.ReadFromJsonAsync<JsonElement>();
        var match = post.GetProperty("matches").EnumerateArray().Single(m => m.GetProperty("datasetId").GetGuid() == admissions);
        Assert.Equal("canton", match.GetProperty("evidence").GetProperty("values").GetProperty("column").GetString());
        var board = await anonymous.GetFromJsonAsync<JsonElement>("/api/wanted");
        Assert.Contains(board.EnumerateArray(), p => p.GetProperty("id").GetGuid() == post.GetProperty("id").GetGuid());
        var told = await hospital.GetFromJsonAsync<JsonElement>("/api/organisations/hospital/notifications");
        Assert.Contains(told.EnumerateArray(), n => n.GetProperty("kind").GetString() == "wanted.match" && n.GetProperty("datasetId").GetGuid() == admissions);
        Assert.Equal(HttpStatusCode.Forbidden, (await company.GetAsync("/api/organisations/hospital/notifications")).StatusCode);
        using var badPost = await company.PostAsJsonAsync("/api/wanted", new { title = "" });
        Assert.Equal(HttpStatusCode.BadRequest, badPost.StatusCode);
        Assert.Equal("application/problem+json", badPost.Content.Headers.ContentType?.MediaType);

        // Demand: views and downloads by others feed the value report, whose parts each say why.
        Assert.Equal(HttpStatusCode.OK, (await company.GetAsync($"/api/datasets/{admissions}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hospital.GetAsync($"/api/datasets/{admissions}")).StatusCode);
        var value = await hospital.GetFromJsonAsync<JsonElement>($"/api/datasets/{admissions}/value");
        var parts = value.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal(6, parts.Count);
        Assert.All(parts, p => Assert.NotEqual(0, p.GetProperty("why").GetArrayLength()));
        var demand = parts.Single(p => p.GetProperty("part").GetString() == "demand");
        Assert.Equal(1, demand.GetProperty("figures").GetProperty("views").GetDouble());
        Assert.Equal(1, demand.GetProperty("figures").GetProperty("wantedPosts").GetDouble());
        var score = value.GetProperty("score").GetDouble();
        Assert.InRange(score, 0.01, 1);
    }

    [Fact]
    public async Task DatasetPage_ShowsQualityValueAndPartners_AndTheBoardPageListsPosts()
    {
        using var hospital = fixture.Client(fixture.HospitalSteward);
        var id = await PublishAsync(hospital, fixture.Hospital.Id, "Beds per district", Csv("district", "Z", 12, 120, "beds"));
        using var anonymous = fixture.Client();
        var page = await anonymous.GetStringAsync($"/datasets/hospital/{(await anonymous.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}")).GetProperty("slug").GetString()}");
        Assert.Contains("id=\"quality\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"value\"", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("id=\"partners\"", page, StringComparison.Ordinal);
        var partnersPage = await anonymous.GetStringAsync("/organisations/hospital/partners");
        Assert.Contains("<h1", partnersPage, StringComparison.Ordinal);
        var boardPage = await anonymous.GetStringAsync("/wanted");
        Assert.Contains("<h1", boardPage, StringComparison.Ordinal);
    }

    /// <summary>Timeliness reads as people say it ("every day", "is from today", not "every 1 days", "0 days old"), in
    /// every language; French puts a non-breaking space before the colon of a value part's heading.</summary>
    [Fact]
    public async Task DatasetPage_SaysTimelinessInWords_AndFrenchSpacesItsColons()
    {
        using var hospital = fixture.Client(fixture.HospitalSteward);
        var id = await PublishAsync(hospital, fixture.Hospital.Id, "Births per day", Csv("commune", "B", 10, 50, "births"), "DAILY");
        var slug = (await hospital.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}")).GetProperty("slug").GetString();
        var value = await hospital.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/value");
        var quality = value.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("part").GetString() == "quality");
        Assert.Contains(quality.GetProperty("why").EnumerateArray(), w => w.GetProperty("text").GetString()!
            .EndsWith(": the newest version is from today; updates are expected every day.", StringComparison.Ordinal));

        var english = await PageAsync(hospital, $"/datasets/hospital/{slug}", "en-GB");
        Assert.Contains("Updates are expected every day; the newest version is from today.", english, StringComparison.Ordinal);
        Assert.Contains("<h3>Quality: ", english, StringComparison.Ordinal);
        var french = await PageAsync(hospital, $"/datasets/hospital/{slug}", "fr");
        Assert.Contains("Des mises à jour sont attendues chaque jour\u00a0; la version la plus récente date d'aujourd'hui.", french, StringComparison.Ordinal);
        Assert.Contains("la version la plus récente date d'aujourd'hui\u00a0; des mises à jour sont attendues chaque jour.", french, StringComparison.Ordinal);
        Assert.Contains("<h3>Qualité\u00a0: ", french, StringComparison.Ordinal);
        Assert.Contains(">Qualité\u00a0: ", french, StringComparison.Ordinal);
        Assert.DoesNotContain("Qualité:", french, StringComparison.Ordinal);
        var german = await PageAsync(hospital, $"/datasets/hospital/{slug}", "de");
        Assert.Contains("Aktualisierungen werden täglich erwartet; die neueste Version ist von heute.", german, StringComparison.Ordinal);
    }

    /// <summary>A monthly dataset whose newest version is 100 days old reads "is 3 months old" (it used to read "100 days"),
    /// and its 80% completeness reads "80 %" with a non-breaking space in French and German ("80%" in English, as in the API's
    /// English text).</summary>
    [Fact]
    public async Task DatasetPage_SaysAgesInMonths_AndPercentagesAsEachLanguageWrites()
    {
        using var hospital = fixture.Client(fixture.HospitalSteward);
        // Two columns, the second empty in 2 rows out of 5: 80% of the cells are filled.
        var csv = new StringBuilder("commune,births\n");
        for (var i = 0; i < 50; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"M{i:000},{(i % 5 < 2 ? "" : (i * 3).ToString(CultureInfo.InvariantCulture))}\n");
        }
        var id = await PublishAsync(hospital, fixture.Hospital.Id, "Births per month", csv.ToString(), "MONTHLY");
        using (var scope = fixture.Server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            var created = DateTimeOffset.UtcNow.AddDays(-100);
            await db.DatasetVersions.Where(v => v.DatasetId == id).ExecuteUpdateAsync(u => u.SetProperty(v => v.CreatedAt, created));
        }
        var slug = (await hospital.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}")).GetProperty("slug").GetString();
        var value = await hospital.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/value");
        var why = value.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("part").GetString() == "quality").GetProperty("why")
            .EnumerateArray().Select(w => w.GetProperty("text").GetString()!).ToList();
        Assert.Contains("Completeness 80%: share of filled cells.", why);
        // No English text of the report writes the invariant culture's "80 %".
        Assert.All(value.GetProperty("parts").EnumerateArray().SelectMany(p => p.GetProperty("why").EnumerateArray()),
            w => Assert.DoesNotMatch(@"\d %", w.GetProperty("text").GetString()!));
        Assert.Contains(why, w => w.EndsWith(": the newest version is 3 months old; updates are expected every month.", StringComparison.Ordinal));

        var english = await PageAsync(hospital, $"/datasets/hospital/{slug}", "en-GB");
        Assert.Contains("Updates are expected every month; the newest version is 3 months old.", english, StringComparison.Ordinal);
        Assert.Contains("Completeness 80%: share of filled cells.", english, StringComparison.Ordinal);
        var french = await PageAsync(hospital, $"/datasets/hospital/{slug}", "fr");
        Assert.Contains("Des mises à jour sont attendues chaque mois\u00a0; la version la plus récente date de 3 mois.", french, StringComparison.Ordinal);
        Assert.Contains("Complétude 80\u00a0%\u00a0: part des cellules remplies.", french, StringComparison.Ordinal);
        Assert.Contains(">Complétude\u00a0: 80\u00a0%</title>", french, StringComparison.Ordinal);
        Assert.DoesNotContain("80 %", french, StringComparison.Ordinal);
        Assert.DoesNotContain("80%", french, StringComparison.Ordinal);
        var german = await PageAsync(hospital, $"/datasets/hospital/{slug}", "de");
        Assert.Contains("Aktualisierungen werden monatlich erwartet; die neueste Version ist 3 Monate alt.", german, StringComparison.Ordinal);
        Assert.Contains("Vollständigkeit 80\u00a0%", german, StringComparison.Ordinal);
        Assert.DoesNotContain("80 %", german, StringComparison.Ordinal);
    }

    /// <summary>A page in a language, its HTML entities decoded.</summary>
    private static async Task<string> PageAsync(HttpClient client, string path, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The response to "Mark as read" already shows the lowered unread count in the header (the header loads
    /// before the form is handled, so it used to show the count from before the change until the next page).</summary>
    [Fact]
    public async Task MarkAsRead_TheResponseHeaderCountsTheNotificationAsRead()
    {
        using var hospital = fixture.Client(fixture.HospitalSteward);
        using var company = fixture.Client(fixture.CompanySteward);
        await PublishAsync(hospital, fixture.Hospital.Id, "Pharmacies per commune", Csv("commune", "C", 20, 100, "pharmacies"));
        using var posted = await company.PostAsJsonAsync("/api/wanted", new { title = "Pharmacies per commune wanted", keywords = new[] { "pharmacies" },
            columns = new[] { "commune" }, sampleValues = new[] { "C001", "C002", "C003", "C004" } });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        using var browser = new Security.BrowserForms(fixture.Server.BaseAddress, fixture.HospitalSteward);
        var page = await browser.GetAsync("/notifications");
        var before = UnreadInHeader(page);
        Assert.True(before >= 1, "The match should have left an unread notification.");
        var id = UnreadNotification().Match(page).Groups[1].Value;
        var (status, body, _) = await browser.PostAsync("/notifications", "read-notifications-heading", new Dictionary<string, string> { ["id"] = id });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(before - 1, UnreadInHeader(body));
        Assert.Equal(before - 1, UnreadInHeader(await browser.GetAsync("/notifications")));
    }

    private static int UnreadInHeader(string page)
    {
        var link = HeaderNotificationsLink().Match(page);
        Assert.True(link.Success, "No notifications link in the header.");
        var count = UnreadCount().Match(link.Groups[1].Value);
        return count.Success ? int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("<div class=\"account\">\\s*<a href=\"/notifications\">([^<]*)</a>")]
    private static partial Regex HeaderNotificationsLink();

    [GeneratedRegex(@"\((\d+) unread\)")]
    private static partial Regex UnreadCount();

    [GeneratedRegex("name=\"id\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex UnreadNotification();

    /// <summary>Every explanation template of the value report exists in French, German and Luxembourgish with the same
    /// placeholders (the pages translate the template, then fill it).</summary>
    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("lb")]
    public void ValueReportTexts_AreTranslated(string language)
    {
        var table = JsonStringLocalizer.Table(language);
        var missing = ValueTexts.All.Where(t => !table.ContainsKey(t)).ToList();
        Assert.True(missing.Count == 0, $"Missing {language} translations:\n" + string.Join("\n", missing));
    }
}
