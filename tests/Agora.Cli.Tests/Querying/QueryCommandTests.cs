using System.Text.Json;
using Agora.Platform.Accounts;
using Agora.Platform.Demo;
using Agora.Platform.Metadata;
using Agora.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Cli.Tests.Querying;

public sealed class QueryCommandTests
{
    /// <summary>The demo seeds a finalised agreement, so the ministry's analyst queries the patient registry at once with
    /// <c>agora query --dataset</c>: noisy counts with their intervals come back; row-level SQL is refused with its rule.</summary>
    [Fact]
    public async Task DemoAnalyst_QueriesThePatientRegistry_AndGetsOnlyProtectedAggregates()
    {
        await using var server = await AgoraTestServer.StartAsync();
        Guid datasetId;
        string token;
        using (var scope = server.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            datasetId = await db.Datasets.Where(d => d.Slug == "patient-registry").Select(d => d.Id).SingleAsync();
            var analyst = await scope.ServiceProvider.GetRequiredService<UserManager<AgoraUser>>().FindByEmailAsync("analyst@ministry.agora-demo.example");
            token = await server.IssueTokenAsync(analyst!.Id);
        }
        string[] common = ["query", "--server", server.BaseAddress.ToString(), "--token", token, "--dataset", datasetId.ToString()];

        var released = await AgoraProcess.RunAsync([.. common, "--sql", "SELECT sex, COUNT(*) AS patients FROM patient_registry GROUP BY sex"]);
        Assert.True(released.ExitCode == 0, released.Error);
        var lines = released.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sex\tpatients", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Matches(@"^[FM]\t-?\d+ \[", line));
        Assert.Contains("Spent epsilon 0.5", released.Error, StringComparison.Ordinal);

        var json = await AgoraProcess.RunAsync([.. common, "--json", "--sql", "SELECT sex, COUNT(*) AS patients FROM patient_registry GROUP BY sex"]);
        Assert.True(json.ExitCode == 0, json.Error);
        var answer = JsonDocument.Parse(json.Output).RootElement;
        Assert.True(answer.GetProperty("fromCache").GetBoolean());

        var refused = await AgoraProcess.RunAsync([.. common, "--sql", "SELECT * FROM patient_registry"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("aggregates-only", refused.Error, StringComparison.Ordinal);
        Assert.Equal("", refused.Output);
    }
}
