using System.Security.Cryptography;
using Agora.Privacy.Keys;
using Agora.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Tests.Hosting;

/// <summary>The keys behind sign-in cookies and anti-forgery tokens are stored encrypted with the master key ring.</summary>
public sealed class DataProtectionKeyTests
{
    [Fact]
    public async Task DataProtectionKeys_AreEncryptedAtRest_AndOpenOnlyWithTheSameMasterKey()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("agora-dp-").FullName;
        try
        {
            var masterKey = KeyRing.GenerateText();
            string protectedText;
            await using (var first = await AgoraTestServer.StartAsync(new Dictionary<string, string?> { ["Agora:MasterKey"] = masterKey }, dataDirectory))
            {
                protectedText = Protector(first).Protect("session of alice");
            }

            var keyFiles = Directory.GetFiles(Path.Combine(dataDirectory, "keys", "data-protection"), "*.xml");
            Assert.NotEmpty(keyFiles);
            foreach (var file in keyFiles)
            {
                var xml = await File.ReadAllTextAsync(file);
                Assert.Contains("<encryptedKey", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            }

            await using (var restarted = await AgoraTestServer.StartAsync(new Dictionary<string, string?> { ["Agora:MasterKey"] = masterKey }, dataDirectory))
            {
                Assert.Equal("session of alice", Protector(restarted).Unprotect(protectedText));
            }

            await using var stranger = await AgoraTestServer.StartAsync(new Dictionary<string, string?> { ["Agora:MasterKey"] = KeyRing.GenerateText() }, dataDirectory);
            Assert.ThrowsAny<CryptographicException>(() => Protector(stranger).Unprotect(protectedText));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static IDataProtector Protector(AgoraTestServer server) =>
        server.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("agora-test");
}
