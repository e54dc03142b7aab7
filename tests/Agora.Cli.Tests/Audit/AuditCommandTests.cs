using Agora.Platform.Organisations;
using Agora.Privacy.Keys;
using Agora.Testing;
using Microsoft.Data.Sqlite;

namespace Agora.Cli.Tests.Audit;

public sealed class AuditCommandTests
{
    /// <summary>A server records actions; after it stops, <c>agora audit verify</c> accepts the log, then names the entry
    /// that was edited behind the platform's back.</summary>
    [Fact]
    public async Task Verify_IntactThenEditedLog_PassesThenNamesTheEntry()
    {
        var key = KeyRing.GenerateText();
        var folder = Directory.CreateTempSubdirectory("agora-audit-cli-").FullName;
        var environment = new Dictionary<string, string> { ["Agora__MasterKey"] = key };
        try
        {
            await using (var server = await AgoraTestServer.StartAsync(new Dictionary<string, string?> { ["Agora:MasterKey"] = key }, folder))
            {
                var admin = await server.CreateUserAsync("admin@example.org");
                await server.CreateUserAsync("steward@example.org");
                await server.CreateOrganisationAsync("audited", admin, OrganisationKind.Public, ("steward@example.org", OrganisationRole.DataSteward));
                await server.IssueTokenAsync(admin);
            }
            var intact = await AgoraProcess.RunAsync(environment, "audit", "verify", "--data-dir", folder);
            Assert.True(intact.ExitCode == 0, intact.Error);
            Assert.Contains("intact: 3 entries", intact.Output, StringComparison.Ordinal);

            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "metadata.db")}"))
            {
                await connection.OpenAsync();
                await using var edit = connection.CreateCommand();
                edit.CommandText = "UPDATE AuditEntries SET Details = '{\"role\":\"OrganisationAdmin\"}' WHERE Sequence = 2";
                Assert.Equal(1, await edit.ExecuteNonQueryAsync());
            }
            SqliteConnection.ClearAllPools();
            var broken = await AgoraProcess.RunAsync(environment, "audit", "verify", "--data-dir", folder);
            Assert.Equal(1, broken.ExitCode);
            Assert.Contains("broken at entry 2", broken.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
