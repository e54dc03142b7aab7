using System.Diagnostics;
using System.Text.Json;
using Agora.Privacy.Keys;

namespace Agora.Cli.Tests.Pseudonymisation;

public sealed class PseudonymisationCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-cli-pseudo-").FullName;
    private readonly string _keyText = KeyRing.GenerateText();
    private readonly string _keyFile;
    private readonly string _input;

    public PseudonymisationCommandsTests()
    {
        _keyFile = Path.Combine(_folder, "domain.key");
        File.WriteAllText(_keyFile, _keyText + "\n");
        _input = Path.Combine(_folder, "patients.csv");
        File.WriteAllText(_input, "matricule,nom,courriel,ip,date_de_naissance,diagnostic\n"
            + "1893120105732,Jean Dupont,jean.dupont@post.lu,192.168.1.20,1985-07-30,J45\n"
            + "1893120105732,Jean Dupont,jean.dupont@post.lu,192.168.1.21,1985-07-30,E11\n"
            + "1985073012345,Anne Schmit,anne.schmit@pt.lu,10.1.1.1,1990-01-02,I10\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int ExitCode, string Output, string Error)> Agora(params string[] arguments)
    {
        var (exit, output, error) = await AgoraProcess.RunAsync(arguments);
        return (exit, output, error);
    }

    private void AssertNoKeyMaterial(params string[] texts)
    {
        var key = _keyText[(_keyText.IndexOf(':', StringComparison.Ordinal) + 1)..];
        foreach (var text in texts)
        {
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(key[..12], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Detect_WritesTheReportFieldsPerColumn()
    {
        var report = Path.Combine(_folder, "report.json");
        var (exit, output, _) = await Agora("detect", _input, "--report", report);
        Assert.Equal(0, exit);
        Assert.Contains("email_address", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var byColumn = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("column").GetString()!);
        Assert.Equal(6, byColumn.Count);
        Assert.Equal("email_address", byColumn["courriel"].GetProperty("entity").GetString());
        Assert.Equal("direct_identifier", byColumn["courriel"].GetProperty("suggestion").GetString());
        Assert.Equal("birth_date", byColumn["date_de_naissance"].GetProperty("entity").GetString());
        Assert.Equal("quasi_identifier", byColumn["date_de_naissance"].GetProperty("suggestion").GetString());
        Assert.Equal(JsonValueKind.Null, byColumn["diagnostic"].GetProperty("entity").ValueKind);
        Assert.Equal("sensitive", byColumn["diagnostic"].GetProperty("suggestion").GetString());
        Assert.True(byColumn["courriel"].GetProperty("confidence").GetDouble() > 0.9);
    }

    [Fact]
    public async Task Pseudonymise_ThenReidentify_RoundTripsWithoutPrintingKeys()
    {
        var output = Path.Combine(_folder, "out.parquet");
        var run = await Agora("pseudonymise", _input, "--out", output, "--column", "matricule=siv", "--column", "nom=token",
            "--column", "courriel=email-domain", "--column", "ip=ip-prefix", "--column", "date_de_naissance=shift-date", "--subject", "matricule",
            "--domain", "hospital-study", "--key-file", _keyFile);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(output + ".vault.parquet"));
        Assert.DoesNotContain("Jean Dupont", File.ReadAllText(output), StringComparison.Ordinal);
        var restored = Path.Combine(_folder, "restored.csv");
        var back = await Agora("reidentify", output, "--out", restored, "--column", "matricule", "--column", "nom", "--column", "ip",
            "--column", "date_de_naissance=shift-date", "--subject", "matricule", "--domain", "hospital-study", "--key-file", _keyFile);
        Assert.True(back.ExitCode == 0, back.Error);
        var lines = File.ReadAllLines(restored);
        Assert.StartsWith("1893120105732,Jean Dupont,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",192.168.1.20,1985-07-30,J45", lines[1], StringComparison.Ordinal);
        AssertNoKeyMaterial(run.Output, run.Error, back.Output, back.Error);
    }

    [Fact]
    public async Task MissingKeyFile_FailsWithAClearErrorAndNoOutput()
    {
        var output = Path.Combine(_folder, "out.csv");
        var (exit, _, error) = await Agora("pseudonymise", _input, "--out", output, "--column", "nom=hmac", "--domain", "d", "--key-file",
            Path.Combine(_folder, "absent.key"));
        Assert.Equal(1, exit);
        Assert.Contains("absent.key: not found", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task MalformedKeyFile_IsRefusedWithoutEchoingIt()
    {
        var bad = Path.Combine(_folder, "bad.key");
        File.WriteAllText(bad, "1:c2VjcmV0LWJ1dC10b28tc2hvcnQ=");
        var (exit, output, error) = await Agora("pseudonymise", _input, "--out", Path.Combine(_folder, "o.csv"), "--column", "nom=hmac",
            "--domain", "d", "--key-file", bad);
        Assert.Equal(1, exit);
        Assert.Contains("must be 32 bytes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other-domain", false)]
    [InlineData("hospital-study", true)]
    public async Task Reidentify_WithTheWrongDomainOrKey_FailsAndLeavesNoOutput(string domain, bool otherKey)
    {
        var pseudonymised = Path.Combine(_folder, "p.parquet");
        Assert.Equal(0, (await Agora("pseudonymise", _input, "--out", pseudonymised, "--column", "matricule=siv", "--column", "nom=token",
            "--domain", "hospital-study", "--key-file", _keyFile)).ExitCode);
        var keyFile = _keyFile;
        if (otherKey)
        {
            keyFile = Path.Combine(_folder, "other.key");
            File.WriteAllText(keyFile, KeyRing.GenerateText());
        }
        var restored = Path.Combine(_folder, "restored.csv");
        var (exit, _, error) = await Agora("reidentify", pseudonymised, "--out", restored, "--column", "matricule", "--domain", domain,
            "--key-file", keyFile);
        Assert.Equal(1, exit);
        Assert.Contains("does not open with this domain's key", error, StringComparison.Ordinal);
        Assert.False(File.Exists(restored));
        var tokens = await Agora("reidentify", pseudonymised, "--out", restored, "--column", "nom", "--domain", domain, "--key-file", keyFile);
        Assert.Equal(1, tokens.ExitCode);
        Assert.Contains("vault entry does not open", tokens.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(restored));
    }

    [Fact]
    public async Task UnsupportedMethodForTheColumnType_NamesTheColumn()
    {
        var (exit, _, error) = await Agora("pseudonymise", _input, "--out", Path.Combine(_folder, "o.csv"), "--column", "diagnostic=fpe",
            "--domain", "d", "--key-file", _keyFile);
        Assert.Equal(1, exit);
        Assert.Contains("format-preserving encryption needs at least 6 digits", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "o.csv")));

        var typed = Path.Combine(_folder, "typed.parquet");
        Assert.Equal(0, (await Agora("pseudonymise", _input, "--out", typed, "--column", "nom=hmac", "--domain", "d", "--key-file", _keyFile)).ExitCode);
        var ip = await Agora("pseudonymise", typed, "--out", Path.Combine(_folder, "o2.csv"), "--column", "ip=shift-date", "--subject", "nom",
            "--domain", "d", "--key-file", _keyFile);
        Assert.Equal(1, ip.ExitCode);
        Assert.Contains("shift-date needs dates", ip.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReversingAOneWayMethod_IsRefused()
    {
        var (exit, _, error) = await Agora("reidentify", _input, "--out", Path.Combine(_folder, "o.csv"), "--column", "nom=hmac",
            "--domain", "d", "--key-file", _keyFile);
        Assert.Equal(1, exit);
        Assert.Contains("hmac is one-way", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableInput_FailsWithTheFileName()
    {
        var broken = Path.Combine(_folder, "broken.parquet");
        File.WriteAllText(broken, "this is not parquet");
        foreach (var arguments in new[]
        {
            new[] { "detect", broken },
            ["pseudonymise", broken, "--out", Path.Combine(_folder, "o.csv"), "--column", "a=hmac", "--domain", "d", "--key-file", _keyFile],
            ["pseudonymise", Path.Combine(_folder, "absent.csv"), "--out", Path.Combine(_folder, "o.csv"), "--column", "a=hmac", "--domain", "d", "--key-file", _keyFile],
        })
        {
            var (exit, _, error) = await Agora(arguments);
            Assert.Equal(1, exit);
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.Contains(arguments[1] == broken ? "broken.parquet" : "absent.csv", error, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Path.Combine(_folder, "o.csv")));
    }
}
