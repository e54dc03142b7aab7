using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Web.Tests.Hosting;

namespace Agora.Web.Tests.Publishing;

[Collection(AgoraServerCollection.Name)]
public sealed class PublishingApiTests(AgoraServerFixture fixture)
{
    private const string Csv = "code;name;beds;opened\n001;Kirchberg;420;1983-05-01\n002;Esch;310;1976-09-12\n003;Ettelbruck;150;2001-01-15\n";

    [Fact]
    public async Task Upload_SemicolonLatin1Csv_IsInspectedWithTypesAndEncoding()
    {
        using var client = fixture.Client(fixture.HospitalSteward);
        var latin1 = Encoding.Latin1.GetBytes("commune;habitants\nDifferdange;30000\nEsch-sur-Alzette;36000\nKäerjeng;11000\n");
        using var response = await ApiPublishing.UploadAsync(client, fixture.Hospital.Id, "communes.csv", latin1);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var plan = body.GetProperty("inspection").GetProperty("plan");
        Assert.Equal(";", plan.GetProperty("csv").GetProperty("delimiter").GetString());
        var columns = plan.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["commune", "habitants"], columns.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("integer", columns[1].GetProperty("type").GetString(), ignoreCase: true);
        Assert.Contains(body.GetProperty("inspection").GetProperty("sampleRows").EnumerateArray(), r => r[0].GetString() == "Käerjeng");
    }

    [Fact]
    public async Task Publish_ThroughTheApi_CreatesAVersionWithCorrectedColumns()
    {
        using var client = fixture.Client(fixture.HospitalSteward);
        var datasetId = await ApiPublishing.PublishNewAsync(client, fixture.Hospital.Id, "Hospitals",
            Csv, [new { ordinal = 1, name = "hospital", type = (string?)null }, new { ordinal = 0, drop = true }]);
        var dataset = await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}");
        Assert.Equal("Draft", dataset.GetProperty("state").GetString());
        var version = Assert.Single(dataset.GetProperty("versions").EnumerateArray());
        Assert.Equal(3, version.GetProperty("rows").GetInt64());
        Assert.Equal(["hospital", "beds", "opened"], version.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(64, version.GetProperty("contentHash").GetString()!.Length);
    }

    [Theory]
    [InlineData("empty.csv", "", "empty-file")]
    [InlineData("blank.csv", "\n\n\n", "empty-file")]
    [InlineData("dupes.csv", "a,b,a\n1,2,3\n", "duplicate-column-name")]
    public async Task Upload_BadFile_AnswersProblemDetailsWithTheRuleAndStoresNothing(string name, string content, string rule)
    {
        using var client = fixture.Client(fixture.HospitalSteward);
        var uploads = Path.Combine(fixture.Server.DataDirectory, "uploads");
        var before = Directory.Exists(uploads) ? Directory.GetDirectories(uploads).Length : 0;
        using var response = await ApiPublishing.UploadAsync(client, fixture.Hospital.Id, name, Encoding.UTF8.GetBytes(content));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiPublishing.ProblemAsync(response);
        Assert.Contains(rule, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, Directory.Exists(uploads) ? Directory.GetDirectories(uploads).Length : 0);
    }

    /// <summary>Problems past the inspected head of the file are found by ingestion: the job fails naming the rule, line
    /// and column, and neither a dataset nor a version is left behind.</summary>
    [Theory]
    [InlineData("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n", "ragged-row", "line 3")]
    [InlineData("quotes.csv", "a,b\n1,\"open\n2,3\n", "unbalanced-quote", "line 2")]
    public async Task Ingest_BadRows_FailsTheJobWithTheRuleAndLeavesNothing(string name, string content, string rule, string where)
    {
        using var client = fixture.Client(fixture.HospitalSteward);
        using var upload = await ApiPublishing.UploadAsync(client, fixture.Hospital.Id, name, Encoding.UTF8.GetBytes(content));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploadId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var title = "Bad rows " + Guid.NewGuid().ToString("N");
        using var confirm = await client.PostAsJsonAsync($"/api/uploads/{uploadId}/confirm",
            new { columns = Array.Empty<object>(), dataset = new { title = new Dictionary<string, string> { ["en"] = title } } });
        var job = await ApiPublishing.WaitAsync(client, (await confirm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Contains(rule, job.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(where, job.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        var organisation = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.NotEqual(JsonValueKind.Undefined, organisation.ValueKind);
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(fixture.Server.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Agora.Platform.Metadata.AgoraDbContext>(scope.ServiceProvider);
        Assert.DoesNotContain(db.Datasets.AsEnumerable(), d => d.Title.ContainsValue(title));
    }

    [Fact]
    public async Task Upload_BinaryData_IsRefused()
    {
        using var client = fixture.Client(fixture.HospitalSteward);
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        using var response = await ApiPublishing.UploadAsync(client, fixture.Hospital.Id, "noise.csv", bytes);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("binary", (await ApiPublishing.ProblemAsync(response)).GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_Answers413()
    {
        using var client = fixture.Client(fixture.HospitalSteward);
        var big = Encoding.UTF8.GetBytes("a,b\n" + string.Concat(Enumerable.Repeat("12345,67890\n", (int)(AgoraServerFixture.MaxUploadBytes / 12) + 100)));
        using var response = await ApiPublishing.UploadAsync(client, fixture.Hospital.Id, "big.csv", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_ByAnAnalystOrAnotherOrganisation_IsForbidden()
    {
        foreach (var token in new[] { fixture.HospitalAnalyst, fixture.CompanySteward })
        {
            using var client = fixture.Client(token);
            using var response = await ApiPublishing.UploadAsync(client, fixture.Hospital.Id, "x.csv", Encoding.UTF8.GetBytes(Csv));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            await ApiPublishing.ProblemAsync(response);
        }
    }

    [Fact]
    public async Task Upload_WithoutOrWithAForgedToken_Answers401()
    {
        using var anonymous = fixture.Client();
        using var none = await ApiPublishing.UploadAsync(anonymous, fixture.Hospital.Id, "x.csv", Encoding.UTF8.GetBytes(Csv));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var forged = fixture.Client("agora_pat_forgedforgedforgedforgedforgedforgedforg");
        using var refused = await forged.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
