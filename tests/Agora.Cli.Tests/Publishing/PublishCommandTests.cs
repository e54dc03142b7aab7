using System.Net.Http.Json;
using System.Text.Json;
using Agora.Platform.Organisations;
using Agora.Testing;

namespace Agora.Cli.Tests.Publishing;

public sealed class PublishCommandTests
{
    /// <summary><c>agora publish</c> against a running Agora: a new dataset in the steward's organisation, then a second
    /// version of it; both versions are listed with their row counts.</summary>
    [Fact]
    public async Task Publish_NewDatasetThenNewVersion_StoresBothVersions()
    {
        await using var server = await AgoraTestServer.StartAsync();
        var admin = await server.CreateUserAsync("admin@hospital.example");
        var steward = await server.CreateUserAsync("steward@hospital.example");
        await server.CreateOrganisationAsync("hospital", admin, OrganisationKind.Public, ("steward@hospital.example", OrganisationRole.DataSteward));
        var token = await server.IssueTokenAsync(steward);
        var folder = Directory.CreateTempSubdirectory("agora-publish-").FullName;
        try
        {
            var first = Path.Combine(folder, "beds.csv");
            await File.WriteAllTextAsync(first, "ward;beds\nA;10\nB;12\n");
            var created = await AgoraProcess.RunAsync(["publish", first, "--server", server.BaseAddress.ToString(), "--token", token,
                "--organisation", "hospital", "--title", "Hospital beds"]);
            Assert.True(created.ExitCode == 0, created.Error);
            var datasetId = System.Text.RegularExpressions.Regex.Match(created.Output, @"Dataset ([0-9a-f-]{36})").Groups[1].Value;
            Assert.NotEmpty(datasetId);

            var second = Path.Combine(folder, "beds-2.csv");
            await File.WriteAllTextAsync(second, "ward;beds\nA;11\nB;12\nC;4\n");
            var added = await AgoraProcess.RunAsync(["publish", second, "--server", server.BaseAddress.ToString(), "--token", token, "--dataset", datasetId]);
            Assert.True(added.ExitCode == 0, added.Error);

            using var client = server.CreateClient(token);
            var dataset = await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}");
            Assert.Equal("Hospital beds", dataset.GetProperty("metadata").GetProperty("title").GetProperty("en").GetString());
            var versions = dataset.GetProperty("versions").EnumerateArray().ToList();
            Assert.Equal([1, 2], versions.Select(v => v.GetProperty("number").GetInt32()));
            Assert.Equal([2L, 3L], versions.Select(v => v.GetProperty("rows").GetInt64()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Publish_WithAnAddressThatIsNotHttp_SaysSoWithoutAStackTrace()
    {
        var result = await AgoraProcess.RunAsync(["publish", "missing.csv", "--server", "ftp://example.org", "--token", "t", "--organisation", "x"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--server must be an http or https address", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
