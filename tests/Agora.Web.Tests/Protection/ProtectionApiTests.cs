using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Web.Tests.Hosting;
using Agora.Web.Tests.Publishing;

namespace Agora.Web.Tests.Protection;

[Collection(AgoraServerCollection.Name)]
public sealed class ProtectionApiTests(AgoraServerFixture fixture)
{
    private static readonly object FullProtection = new
    {
        columns = new object[] { new { column = "patient", method = "siv" }, new { column = "name", method = "redact" } },
        anonymisation = new
        {
            quasiIdentifiers = new object[] { new { column = "birth_year", builder = "interval:10,20" }, new { column = "sex", builder = "suppress" } },
            sensitive = new[] { "diagnosis" },
            k = 3,
            suppression = 0.1,
        },
    };

    [Fact]
    public async Task Protect_MakesADerivedVersion_WithLineage_RiskReportAndSvgChart()
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        var datasetId = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, "Protected patients", PatientsCsv(90));

        // Ingestion is followed by detection: the patient column is found and a treatment suggested.
        var detection = await WaitForAsync(steward, $"/api/datasets/{datasetId}/versions/1/detection");
        var columns = detection.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!);
        Assert.Equal(6, columns.Count);
        Assert.Equal("lu_national_id", columns["patient"].GetProperty("entity").GetString());
        Assert.Equal("hmac", columns["patient"].GetProperty("method").GetString());

        using var accepted = await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/versions/1/protect", FullProtection);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await ApiPublishing.WaitAsync(steward, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal("Succeeded", job.GetProperty("state").GetString());

        var derivation = await steward.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}/versions/2/derivation");
        Assert.Equal(1, derivation.GetProperty("sourceVersion").GetInt32());
        var after = derivation.GetProperty("riskAfter").GetProperty("prosecutor").GetProperty("highest").GetDouble();
        Assert.True(after <= 1.0 / 3 + 1e-9, derivation.GetRawText());
        Assert.True(derivation.GetProperty("riskBefore").GetProperty("prosecutor").GetProperty("highest").GetDouble() > after);

        var risk = await steward.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}/versions/2/risk");
        Assert.Equal(["birth_year", "sex"], risk.GetProperty("quasiIdentifiers").EnumerateArray().Select(q => q.GetString()));
        using var chart = await steward.GetAsync(risk.GetProperty("chartUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
        var svg = await chart.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<rect", svg, StringComparison.Ordinal);
        Assert.Matches(@"<desc id=""risk-desc"">[\d.]+% – [\d.]+%: [\d.]+%", svg);

        // The screen-reader description says each band and its share as French writes it: a non-breaking space before
        // the colon (and the percent sign).
        using var french = new HttpRequestMessage(HttpMethod.Get, risk.GetProperty("chartUrl").GetString());
        french.Headers.AcceptLanguage.ParseAdd("fr");
        using var frenchChart = await steward.SendAsync(french);
        var frenchSvg = WebUtility.HtmlDecode(await frenchChart.Content.ReadAsStringAsync());
        var description = frenchSvg[frenchSvg.IndexOf("<desc", StringComparison.Ordinal)..frenchSvg.IndexOf("</desc>", StringComparison.Ordinal)];
        Assert.Matches("\\d\u00a0% – [\\d,]+\u00a0%\u00a0: [\\d,]+\u00a0%", description);
        Assert.DoesNotContain("%:", description, StringComparison.Ordinal);

        // The derived version holds no original identifier or name.
        var original = PatientsCsv(90);
        var derived = await steward.GetStringAsync($"/api/datasets/{datasetId}/versions/2/download");
        foreach (var line in original.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(20))
        {
            var fields = line.Split(',');
            Assert.DoesNotContain(fields[0], derived, StringComparison.Ordinal);
            Assert.DoesNotContain(fields[1], derived, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Protect_IsForStewards_AndBadRequestsNameEveryProblem()
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        var datasetId = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, "Refused protection", PatientsCsv(30));

        using var analyst = fixture.Client(fixture.HospitalAnalyst);
        using var byAnalyst = await analyst.PostAsJsonAsync($"/api/datasets/{datasetId}/versions/1/protect", FullProtection);
        Assert.Equal(HttpStatusCode.Forbidden, byAnalyst.StatusCode);
        using var company = fixture.Client(fixture.CompanySteward);
        using var byOutsider = await company.PostAsJsonAsync($"/api/datasets/{datasetId}/versions/1/protect", FullProtection);
        Assert.Contains(byOutsider.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        using var anonymous = fixture.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/datasets/{datasetId}/versions/1/detection")).StatusCode);

        using var bad = await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/versions/1/protect", new
        {
            columns = new object[] { new { column = "nope", method = "hmac" }, new { column = "name", method = "rot13" } },
            anonymisation = new { quasiIdentifiers = new object[] { new { column = "sex", builder = "interval:x" } }, k = 0 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await ApiPublishing.ProblemAsync(bad);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("columns:nope", out _), problem.GetRawText());
        Assert.True(errors.TryGetProperty("columns:name", out _), problem.GetRawText());
        Assert.True(errors.TryGetProperty("k", out _), problem.GetRawText());
        var dataset = await steward.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}");
        Assert.Equal(1, dataset.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Reidentify_NeedsAnExplicitGrant_AndEveryAttemptIsAudited()
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        var datasetId = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, "Reversible patients", PatientsCsv(40));
        using var accepted = await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/versions/1/protect",
            new { columns = new object[] { new { column = "patient", method = "siv" } } });
        var job = await ApiPublishing.WaitAsync(steward, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal("Succeeded", job.GetProperty("state").GetString());

        var request = new { columns = new[] { "patient" } };
        using var refused = await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/versions/2/reidentify", request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var analyst = fixture.Client(fixture.HospitalAnalyst);
        using var notAdmin = await analyst.PostAsJsonAsync("/api/organisations/hospital/reidentifiers", new { datasetId, email = "steward@hospital.example" });
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        using var admin = fixture.Client(fixture.HospitalAdmin);
        using var granted = await admin.PostAsJsonAsync("/api/organisations/hospital/reidentifiers", new { datasetId, email = "steward@hospital.example" });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);

        using var reversed = await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/versions/2/reidentify", request);
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        Assert.Equal("no-store", reversed.Headers.CacheControl?.ToString());
        var csv = await reversed.Content.ReadAsStringAsync();
        var firstPatient = PatientsCsv(40).Split('\n')[1].Split(',')[0];
        Assert.Contains(firstPatient, csv, StringComparison.Ordinal);

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?subject={datasetId}");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("reidentification.granted", actions);
        var versions = await steward.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}");
        var derivedId = versions.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("number").GetInt32() == 2).GetProperty("id").GetString();
        var onVersion = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?subject={derivedId}");
        var versionActions = onVersion.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("reidentification.refused", versionActions);
        Assert.Contains("reidentification.performed", versionActions);
        Assert.DoesNotContain(firstPatient, onVersion.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>Waits for a resource that a background job produces (404 until then).</summary>
    private static async Task<JsonElement> WaitForAsync(HttpClient client, string url)
    {
        for (var i = 0; i < 600; i++)
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} did not appear in a minute.");
    }

    /// <summary>Synthetic patients (seeded, not security-relevant): a valid Luxembourg national identification number, a
    /// name, a birth year, a sex and a diagnosis.</summary>
    private static string PatientsCsv(int rows)
    {
        string[] names = ["Anna Muller", "Jean Schmit", "Marie Weber", "Paul Hoffmann", "Claire Wagner", "Luc Kieffer"];
        string[] diagnoses = ["asthma", "diabetes", "influenza", "fracture", "migraine"];
        var csv = new StringBuilder("patient,name,birth_year,sex,diagnosis,stay_days\n");
        for (var i = 0; i < rows; i++)
        {
            var birth = new DateOnly(1940 + i * 7 % 60, 1 + i % 12, 1 + i % 28);
            csv.Append(CultureInfo.InvariantCulture,
                $"{NationalId(birth, i)},{names[i % names.Length]} {i},{birth.Year},{(i % 2 == 0 ? "F" : "M")},{diagnoses[i * 3 % diagnoses.Length]},{i % 9}\n");
        }
        return csv.ToString();
    }

    private static string NationalId(DateOnly birth, int serial) => Agora.Platform.Demo.NationalIdentificationNumber.Create(birth, serial);
}
