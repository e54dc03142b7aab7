using System.Text;
using System.Text.Json;
using Agora.Platform.HumanCheck;
using Agora.Platform.Keys;
using Agora.Privacy.Keys;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agora.Platform.Tests.HumanCheck;

/// <summary>Builds a <see cref="HumanCheckService"/> on a fresh key ring, and solves its challenges the way the widget does.</summary>
internal static class HumanChecks
{
    public static HumanCheckService Create(TimeProvider clock, HumanCheckOptions? options = null, string? keyRing = null)
    {
        var settings = options ?? new HumanCheckOptions { CounterRange = 50, Cost = 10 };
        var keys = new PlatformKeys(Options.Create(new PlatformOptions { MasterKey = keyRing ?? KeyRing.GenerateText() }), NullLogger<PlatformKeys>.Instance);
        return new HumanCheckService(keys, Options.Create(settings), new HumanCheckLoad(Options.Create(settings), clock), clock);
    }

    /// <summary>Scans counters from 0 like the widget until the derived key starts with the prefix.</summary>
    public static (uint Counter, string DerivedKey) Solve(AltchaChallenge challenge)
    {
        var parameters = challenge.Parameters;
        var nonce = Convert.FromHexString(parameters.Nonce);
        var salt = Convert.FromHexString(parameters.Salt);
        for (uint counter = 0; counter < 100_000_000; counter++)
        {
            var key = Convert.ToHexStringLower(HumanCheckService.DeriveKey(nonce, salt, counter, parameters.Cost));
            if (key.StartsWith(parameters.KeyPrefix, StringComparison.Ordinal))
            {
                return (counter, key);
            }
        }
        throw new InvalidOperationException("not solved");
    }

    /// <summary>The base64 payload the widget posts: the challenge as received (any key order) and the solution.</summary>
    public static string Payload(string challengeJson, uint counter, string derivedKey)
    {
        var challenge = JsonDocument.Parse(challengeJson).RootElement;
        var json = JsonSerializer.Serialize(new { challenge, solution = new { counter, derivedKey, time = 812.5 } });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    public static string SolvedPayload(AltchaChallenge challenge)
    {
        var (counter, key) = Solve(challenge);
        return Payload(challenge.ToJson(), counter, key);
    }
}
