using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Platform.HumanCheck;
using Agora.Platform.Tests.Accounts;
using CsCheck;

namespace Agora.Platform.Tests.HumanCheck;

public sealed class AltchaProtocolTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Vectors computed with altcha-lib 2.8.0 (the ALTCHA reference server library): its PBKDF2 key derivation,
    /// canonical JSON, challenge signature and key signature, for secrets "challenge-secret" and "key-secret".</summary>
    [Fact]
    public void KeyDerivationAndSignatures_MatchAltchaLib()
    {
        var derived = HumanCheckService.DeriveKey(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"),
            Convert.FromHexString("f0e0d0c0b0a090807060504030201000"), 1234, 1000);
        Assert.Equal("147bb3fdebcadc6d56fe3273a9e7393e2bd8867aff082d50625ac5e423da0372", Convert.ToHexStringLower(derived));
        var keySignature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("key-secret"), derived));
        Assert.Equal("7e72210549d3277c5cdded16bd4b1ad4bb3b56eb921aedacbb02db0fcb7fddba", keySignature);
        var parameters = new ChallengeParameters("PBKDF2/SHA-256", 1000, 1900000000, 32, "147bb3fdebcadc6d56fe3273a9e7393e", keySignature,
            "000102030405060708090a0b0c0d0e0f", "f0e0d0c0b0a090807060504030201000", new ChallengeData("signup", 1, 0));
        Assert.Equal("""{"algorithm":"PBKDF2/SHA-256","cost":1000,"data":{"action":"signup","kid":1,"tier":0},"expiresAt":1900000000,"keyLength":32,"keyPrefix":"147bb3fdebcadc6d56fe3273a9e7393e","keySignature":"7e72210549d3277c5cdded16bd4b1ad4bb3b56eb921aedacbb02db0fcb7fddba","nonce":"000102030405060708090a0b0c0d0e0f","salt":"f0e0d0c0b0a090807060504030201000"}""",
            parameters.CanonicalJson());
        Assert.Equal("abbcf2bef20c5574bd241f7bd261828c79c507de5f270e840e6b34a7b2caf070",
            HumanCheckService.Signature(Encoding.UTF8.GetBytes("challenge-secret"), parameters));
    }

    [Fact]
    public void SolvedChallenge_Passes()
    {
        var checks = HumanChecks.Create(new ManualClock(Now));
        var challenge = checks.Issue("signup", "192.0.2.0/24");
        var (solution, problem) = AltchaPayload.Parse(HumanChecks.SolvedPayload(challenge));
        Assert.Equal(PayloadProblem.None, problem);
        Assert.Equal(HumanCheckOutcome.Passed, checks.Check(solution!, "signup"));
    }

    [Fact]
    public void Challenge_IsWhatTheWidgetExpects()
    {
        var checks = HumanChecks.Create(new ManualClock(Now), new Agora.Platform.HumanCheck.HumanCheckOptions());
        var json = JsonNode.Parse(checks.Issue("signup", "192.0.2.0/24").ToJson())!;
        var parameters = json["parameters"]!;
        Assert.Equal("PBKDF2/SHA-256", parameters["algorithm"]!.GetValue<string>());
        Assert.Equal(1000, parameters["cost"]!.GetValue<int>());
        Assert.Equal(32, parameters["keyPrefix"]!.GetValue<string>().Length);
        Assert.Equal(Now.AddMinutes(30).ToUnixTimeSeconds(), parameters["expiresAt"]!.GetValue<long>());
        Assert.Equal(64, json["signature"]!.GetValue<string>().Length);
    }

    [Fact]
    public void WrongCounterOrKey_IsRefused()
    {
        var checks = HumanChecks.Create(new ManualClock(Now));
        var challenge = checks.Issue("signup", "192.0.2.0/24");
        var (counter, key) = HumanChecks.Solve(challenge);
        var otherKey = Convert.ToHexStringLower(HumanCheckService.DeriveKey(Convert.FromHexString(challenge.Parameters.Nonce),
            Convert.FromHexString(challenge.Parameters.Salt), counter + 1, challenge.Parameters.Cost));
        var (solution, _) = AltchaPayload.Parse(HumanChecks.Payload(challenge.ToJson(), counter + 1, otherKey));
        Assert.Equal(HumanCheckOutcome.WrongSolution, checks.Check(solution!, "signup"));
        var flipped = key[..^1] + (key[^1] == '0' ? '1' : '0');
        (solution, _) = AltchaPayload.Parse(HumanChecks.Payload(challenge.ToJson(), counter, flipped));
        Assert.Equal(HumanCheckOutcome.WrongSolution, checks.Check(solution!, "signup"));
    }

    /// <summary>Changing any signed parameter (to make the work easier, extend the expiry, switch the form…) breaks the
    /// signature; a parameter Agora never issues makes the payload malformed.</summary>
    [Theory]
    [InlineData("cost", 1)]
    [InlineData("expiresAt", 4102444800)]
    [InlineData("keyPrefix", "00000000000000000000000000000000")]
    [InlineData("nonce", "00000000000000000000000000000000")]
    [InlineData("salt", "00000000000000000000000000000000")]
    [InlineData("keySignature", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("data.action", "access-request")]
    [InlineData("data.tier", 0)]
    [InlineData("data.kid", 7)]
    [InlineData("algorithm", "SHA-256")]
    [InlineData("keyLength", 16)]
    [InlineData("extra", "x")]
    public void TamperedParameter_IsRefused(string path, object value)
    {
        var checks = HumanChecks.Create(new ManualClock(Now), new Agora.Platform.HumanCheck.HumanCheckOptions { CounterRange = 50, Cost = 10, PrefixBusyPerMinute = 1 });
        checks.Issue("signup", "192.0.2.0/24");
        var challenge = checks.Issue("signup", "192.0.2.0/24");
        Assert.Equal(1, challenge.Parameters.Data.Tier);
        var (counter, key) = HumanChecks.Solve(challenge);
        var json = JsonNode.Parse(challenge.ToJson())!;
        var target = path.StartsWith("data.", StringComparison.Ordinal) ? json["parameters"]!["data"]! : json["parameters"]!;
        target[path.Replace("data.", "", StringComparison.Ordinal)] = JsonValue.Create(value);
        var (solution, problem) = AltchaPayload.Parse(HumanChecks.Payload(json.ToJsonString(), counter, key));
        var outcome = problem == PayloadProblem.None ? checks.Check(solution!, "signup") : HumanCheckOutcome.Malformed;
        Assert.NotEqual(HumanCheckOutcome.Passed, outcome);
        Assert.Contains(outcome, new[] { HumanCheckOutcome.BadSignature, HumanCheckOutcome.Malformed });
    }

    [Fact]
    public void ExpiredChallenge_IsRefused()
    {
        var clock = new ManualClock(Now);
        var checks = HumanChecks.Create(clock);
        var challenge = checks.Issue("signup", "192.0.2.0/24");
        var (solution, _) = AltchaPayload.Parse(HumanChecks.SolvedPayload(challenge));
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HumanCheckOutcome.Passed, checks.Check(solution!, "signup"));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HumanCheckOutcome.Expired, checks.Check(solution!, "signup"));
    }

    [Fact]
    public void SolutionForAnotherForm_IsRefused()
    {
        var checks = HumanChecks.Create(new ManualClock(Now));
        var (solution, _) = AltchaPayload.Parse(HumanChecks.SolvedPayload(checks.Issue("signup", "192.0.2.0/24")));
        Assert.Equal(HumanCheckOutcome.WrongAction, checks.Check(solution!, "access-request"));
    }

    [Fact]
    public void ChallengeOfAnotherKeyRing_IsRefused()
    {
        var clock = new ManualClock(Now);
        var (solution, _) = AltchaPayload.Parse(HumanChecks.SolvedPayload(HumanChecks.Create(clock).Issue("signup", "192.0.2.0/24")));
        Assert.Equal(HumanCheckOutcome.BadSignature, HumanChecks.Create(clock).Check(solution!, "signup"));
    }

    [Fact]
    public void OlderKeyRingVersion_StillVerifies_AfterRotation()
    {
        var clock = new ManualClock(Now);
        var version1 = "1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var version2 = "2:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var (solution, _) = AltchaPayload.Parse(HumanChecks.SolvedPayload(HumanChecks.Create(clock, keyRing: version1).Issue("signup", "192.0.2.0/24")));
        var rotated = HumanChecks.Create(clock, keyRing: version1 + "," + version2);
        Assert.Equal(HumanCheckOutcome.Passed, rotated.Check(solution!, "signup"));
        Assert.Equal(2, rotated.Issue("signup", "192.0.2.0/24").Parameters.Data.Kid);
    }

    [Theory]
    [InlineData("", PayloadProblem.Missing)]
    [InlineData("not base64!", PayloadProblem.NotBase64)]
    [InlineData("bm90IGpzb24=", PayloadProblem.NotJson)]
    [InlineData("W10=", PayloadProblem.WrongShape)]
    public void BrokenPayload_SaysWhatIsWrong(string payload, PayloadProblem expected) =>
        Assert.Equal(expected, AltchaPayload.Parse(payload).Problem);

    /// <summary>The widget's test mode posts a payload any server that skips verification would accept.</summary>
    [Fact]
    public void WidgetTestModePayload_IsRefused()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"challenge":null,"solution":null,"test":true}"""));
        Assert.Equal(PayloadProblem.TestPayload, AltchaPayload.Parse(payload).Problem);
    }

    [Fact]
    public void OversizedPayload_IsRefusedBeforeDecoding() =>
        Assert.Equal(PayloadProblem.TooLarge, AltchaPayload.Parse(new string('A', AltchaPayload.MaxLength + 4)).Problem);

    /// <summary>No input makes the parser throw: it always says what is wrong.</summary>
    [Fact]
    public void AnyPayload_ParsesWithoutThrowing()
    {
        var checks = HumanChecks.Create(new ManualClock(Now));
        var valid = HumanChecks.SolvedPayload(checks.Issue("signup", "192.0.2.0/24"));
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(valid));
        Gen.OneOf(
                Gen.String.Select(s => Convert.ToBase64String(Encoding.UTF8.GetBytes(s))),
                Gen.String,
                Gen.Int[0, json.Length - 1].SelectMany(i => Gen.Char.Select(c => Convert.ToBase64String(Encoding.UTF8.GetBytes(json[..i] + c + json[(i + 1)..])))))
            .Sample(payload =>
            {
                var (solution, problem) = AltchaPayload.Parse(payload);
                if (solution is not null)
                {
                    checks.Check(solution, "signup");
                }
                return solution is not null || problem != PayloadProblem.None;
            }, iter: 2000);
    }

    [Fact]
    public void BusyNetwork_GetsHarderChallenges()
    {
        var options = new Agora.Platform.HumanCheck.HumanCheckOptions { PrefixBusyPerMinute = 3, PrefixVeryBusyPerMinute = 6, CounterRange = 1000 };
        var checks = HumanChecks.Create(new ManualClock(Now), options);
        var tiers = Enumerable.Range(0, 8).Select(_ => checks.Issue("signup", "198.51.100.0/24").Parameters.Data.Tier).ToList();
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2], tiers);
        Assert.Equal(0, checks.Issue("signup", "203.0.113.0/24").Parameters.Data.Tier);
    }

    [Fact]
    public void BusyAction_GetsHarderChallenges_FromEveryNetwork()
    {
        var options = new Agora.Platform.HumanCheck.HumanCheckOptions { ActionBusyPerMinute = 2, CounterRange = 1000 };
        var checks = HumanChecks.Create(new ManualClock(Now), options);
        for (var i = 0; i < 3; i++)
        {
            checks.Issue("signup", $"10.0.{i}.0/24");
        }
        Assert.Equal(1, checks.Issue("signup", "10.9.9.0/24").Parameters.Data.Tier);
        Assert.Equal(0, checks.Issue("access-request", "10.9.9.0/24").Parameters.Data.Tier);
    }

    [Fact]
    public void LoadWindow_Forgets_AfterTwoMinutes()
    {
        var clock = new ManualClock(Now);
        var checks = HumanChecks.Create(clock, new Agora.Platform.HumanCheck.HumanCheckOptions { PrefixBusyPerMinute = 2, CounterRange = 1000 });
        for (var i = 0; i < 4; i++)
        {
            checks.Issue("signup", "198.51.100.0/24");
        }
        Assert.Equal(1, checks.Issue("signup", "198.51.100.0/24").Parameters.Data.Tier);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, checks.Issue("signup", "198.51.100.0/24").Parameters.Data.Tier);
    }

    [Fact]
    public void EmailPass_OpensItsFormForItsAddress_Only()
    {
        var clock = new ManualClock(Now);
        var checks = HumanChecks.Create(clock);
        var pass = checks.CreateEmailPass("signup", "Ana@Example.org");
        Assert.Equal(HumanCheckOutcome.Passed, checks.CheckEmailPass(pass, "signup", "ana@example.org", out var spend));
        Assert.StartsWith("p:", spend.Key, StringComparison.Ordinal);
        Assert.Equal("ana@example.org", checks.EmailOfPass(pass, "signup"));
        Assert.Equal(HumanCheckOutcome.WrongAction, checks.CheckEmailPass(pass, "signup", "bob@example.org", out _));
        Assert.Equal(HumanCheckOutcome.WrongAction, checks.CheckEmailPass(pass, "access-request", null, out _));
        var parts = pass.Split('.');
        var forged = string.Join('.', parts[0], parts[1], Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"a":"signup","e":"mallory@example.org","x":4102444800,"n":"00"}""")).TrimEnd('='), parts[3]);
        Assert.Equal(HumanCheckOutcome.BadSignature, checks.CheckEmailPass(forged, "signup", "mallory@example.org", out _));
        Assert.Equal(HumanCheckOutcome.Malformed, checks.CheckEmailPass("v1.x", "signup", null, out _));
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HumanCheckOutcome.Expired, checks.CheckEmailPass(pass, "signup", "ana@example.org", out _));
    }

    [Theory]
    [InlineData("192.0.2.77", "192.0.2.0/24")]
    [InlineData("::ffff:192.0.2.77", "192.0.2.0/24")]
    [InlineData("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::/48")]
    [InlineData("::1", "::/48")]
    public void NetworkPrefix_IsSlash24OrSlash48(string address, string prefix) =>
        Assert.Equal(prefix, NetworkPrefix.Of(System.Net.IPAddress.Parse(address)));
}
