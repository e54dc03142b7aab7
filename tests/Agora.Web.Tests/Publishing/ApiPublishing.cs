using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Agora.Web.Tests.Publishing;

/// <summary>Drives the publishing API the way the CLI does.</summary>
internal static class ApiPublishing
{
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid organisationId, string fileName, byte[] content, Guid? datasetId = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(organisationId.ToString()), "organisationId" },
            { new ByteArrayContent(content), "file", fileName },
        };
        if (datasetId is { } id)
        {
            form.Add(new StringContent(id.ToString()), "datasetId");
        }
        return await client.PostAsync("/api/uploads", form);
    }

    /// <summary>Uploads, confirms as a new dataset and waits for the ingestion job; returns the dataset id.</summary>
    public static async Task<Guid> PublishNewAsync(HttpClient client, Guid organisationId, string title, string csv, object[]? columns = null)
    {
        using var upload = await UploadAsync(client, organisationId, "data.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploadId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var confirm = await client.PostAsJsonAsync($"/api/uploads/{uploadId}/confirm",
            new { columns = columns ?? [], dataset = new { title = new Dictionary<string, string> { ["en"] = title } } });
        Assert.Equal(HttpStatusCode.Accepted, confirm.StatusCode);
        var job = await confirm.Content.ReadFromJsonAsync<JsonElement>();
        var finished = await WaitAsync(client, job.GetProperty("id").GetGuid());
        Assert.Equal("Succeeded", finished.GetProperty("state").GetString());
        return finished.GetProperty("result").GetProperty("datasetId").GetGuid();
    }

    /// <summary>Describes a dataset (CC BY 4.0; public unless told otherwise), submits it and approves it as its steward.</summary>
    public static async Task DescribeAndPublishAsync(HttpClient steward, Guid datasetId, string title, string keyword, string theme = "HEAL",
        string access = "Public", string? frequency = null)
    {
        using var described = await steward.PutAsJsonAsync($"/api/datasets/{datasetId}", new
        {
            title = new Dictionary<string, string> { ["en"] = title },
            description = new Dictionary<string, string> { ["en"] = title + ", for tests." },
            keywords = new Dictionary<string, string[]> { ["en"] = [keyword] },
            themes = new[] { theme },
            licence = "CC_BY_4_0",
            accessRights = access,
            contactEmail = "data@example.org",
            frequency,
        });
        Assert.True(described.StatusCode == HttpStatusCode.OK, await described.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsync($"/api/datasets/{datasetId}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsJsonAsync($"/api/datasets/{datasetId}/approve", new { comment = "ok" })).StatusCode);
    }

    /// <summary>Waits until the dataset's newest version is profiled (with <paramref name="rows"/> rows when given); a
    /// failed profiling fails at once. Generous: CI runs this beside every other suite on two cores.</summary>
    public static async Task WaitForProfileAsync(HttpClient steward, Guid datasetId, long? rows = null)
    {
        for (var i = 0; ; i++)
        {
            var quality = await steward.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}/quality");
            var state = quality.GetProperty("state").GetString();
            Assert.NotEqual("Failed", state);
            if (state == "Ready" && (rows is null || quality.GetProperty("rows").GetInt64() == rows))
            {
                return;
            }
            Assert.True(i < 1800, $"The version was not profiled{(rows is null ? "" : $" with {rows} rows")} in three minutes.");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonElement> WaitAsync(HttpClient client, Guid jobId)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            if (job.GetProperty("state").GetString() is "Succeeded" or "Failed")
            {
                return job;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The job did not finish in a minute.");
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
