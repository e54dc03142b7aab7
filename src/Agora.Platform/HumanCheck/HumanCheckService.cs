using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Agora.Platform.Keys;
using Microsoft.Extensions.Options;

namespace Agora.Platform.HumanCheck;

/// <summary>The result of checking a form's human check. Only <see cref="Passed"/> lets the form through.</summary>
public enum HumanCheckOutcome
{
    Passed,

    /// <summary>No solution and no e-mailed pass: JavaScript is off, or the form was posted by a program.</summary>
    Missing,

    /// <summary>Not a payload Agora issued (bad encoding, wrong shape, the widget's test mode, an unknown algorithm).</summary>
    Malformed,

    Expired,

    /// <summary>The parameters or the pass were changed after Agora signed them.</summary>
    BadSignature,

    /// <summary>The counter and key do not solve the challenge.</summary>
    WrongSolution,

    /// <summary>Solved for another form (a sign-up challenge cannot unlock an access request).</summary>
    WrongAction,

    /// <summary>Already used once.</summary>
    Replayed,
}

/// <summary>
/// Issues and checks proof-of-work challenges in the ALTCHA v2 format (so the unmodified ALTCHA widget solves them) and
/// the e-mailed passes that replace them for people who cannot run the widget. Challenges are HMAC-signed with a key
/// derived from the platform key ring (the key-ring version travels in the signed data, so keys can rotate), expire, and
/// are single-use across every node that shares the metadata store (<see cref="SpentChallengeStore"/>). They get harder
/// when the network prefix or the action is busy (<see cref="HumanCheckLoad"/>).
/// </summary>
public sealed partial class HumanCheckService(PlatformKeys keys, IOptions<HumanCheckOptions> options, HumanCheckLoad load, TimeProvider clock)
{
    private const string SignaturePurpose = "agora/human-check/challenge-signature";
    private const string KeySignaturePurpose = "agora/human-check/key-signature";
    private const string PassPurpose = "agora/human-check/email-pass";
    private const int KeyLength = 32;
    private readonly ConcurrentDictionary<(string, int), byte[]> _secrets = new();

    public HumanCheckOptions Options => options.Value;

    /// <summary>Action names are short lower-case words with hyphens: <c>signup</c>, <c>access-request</c>.</summary>
    public static bool IsActionName(string action) => ActionPattern().IsMatch(action);

    /// <summary>A new challenge for <paramref name="action"/>, at the tier the current load of the requester's network and
    /// of the action calls for.</summary>
    public AltchaChallenge Issue(string action, string networkPrefix)
    {
        if (!IsActionName(action))
        {
            throw new PlatformException(PlatformError.Validation, "The action is not a known form name (lower-case letters, digits and hyphens).");
        }
        var tier = load.RecordChallenge(networkPrefix, action);
        return Create(action, tier, clock.GetUtcNow().AddMinutes(Options.ChallengeLifetimeMinutes));
    }

    /// <summary>Builds a signed challenge (public for tests and the benchmark, which need a known tier and expiry).</summary>
    public AltchaChallenge Create(string action, int tier, DateTimeOffset expiresAt)
    {
        var range = (long)Options.CounterRange * (long)Math.Pow(Options.TierFactor, Math.Clamp(tier, 0, 2));
        var counter = (uint)RandomNumberGenerator.GetInt32(1, (int)Math.Min(range, int.MaxValue - 1) + 1);
        var nonce = RandomNumberGenerator.GetBytes(16);
        var salt = RandomNumberGenerator.GetBytes(16);
        var derived = DeriveKey(nonce, salt, counter, Options.Cost);
        var kid = keys.Ring.CurrentVersion;
        var parameters = new ChallengeParameters(ChallengeParameters.Pbkdf2Sha256, Options.Cost, expiresAt.ToUnixTimeSeconds(), KeyLength,
            Convert.ToHexStringLower(derived.AsSpan(0, KeyLength / 2)), Convert.ToHexStringLower(HMACSHA256.HashData(Secret(KeySignaturePurpose, kid), derived)),
            Convert.ToHexStringLower(nonce), Convert.ToHexStringLower(salt), new ChallengeData(action, kid, tier));
        return new AltchaChallenge(parameters, Sign(parameters));
    }

    /// <summary>Checks a solution without spending it: expiry, signature, solution, action. Costs two HMACs.</summary>
    public HumanCheckOutcome Check(AltchaSolution solution, string action)
    {
        var parameters = solution.Challenge.Parameters;
        if (parameters.Algorithm != ChallengeParameters.Pbkdf2Sha256 || parameters.KeyLength != KeyLength || parameters.Cost < 1)
        {
            return HumanCheckOutcome.Malformed;
        }
        if (parameters.ExpiresAt <= clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return HumanCheckOutcome.Expired;
        }
        if (!keys.Ring.Versions.Contains(parameters.Data.Kid) || !HexEquals(Sign(parameters), solution.Challenge.Signature))
        {
            return HumanCheckOutcome.BadSignature;
        }
        var derived = Convert.FromHexString(solution.DerivedKey);
        if (!HexEquals(Convert.ToHexStringLower(HMACSHA256.HashData(Secret(KeySignaturePurpose, parameters.Data.Kid), derived)), parameters.KeySignature))
        {
            return HumanCheckOutcome.WrongSolution;
        }
        return parameters.Data.Action == action ? HumanCheckOutcome.Passed : HumanCheckOutcome.WrongAction;
    }

    /// <summary>The single-use key of a checked solution (its nonce, unique per challenge) and when it can be forgotten.</summary>
    public static (string Key, DateTimeOffset ExpiresAt) SpendKey(AltchaSolution solution) =>
        ("c:" + solution.Challenge.Parameters.Nonce, DateTimeOffset.FromUnixTimeSeconds(solution.Challenge.Parameters.ExpiresAt));

    /// <summary>A signed, expiring pass for one action and one e-mail address: the link Agora e-mails to people who
    /// cannot run the widget. Format <c>v1.KID.PAYLOAD.MAC</c> (payload base64url JSON).</summary>
    public string CreateEmailPass(string action, string email)
    {
        if (!IsActionName(action))
        {
            throw new PlatformException(PlatformError.Validation, "The action is not a known form name.");
        }
        var kid = keys.Ring.CurrentVersion;
        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new EmailPass(action, NormaliseEmail(email),
            clock.GetUtcNow().AddMinutes(Options.EmailPassLifetimeMinutes).ToUnixTimeSeconds(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));
        var body = "v1." + kid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Base64Url(payload);
        return body + "." + Convert.ToHexStringLower(HMACSHA256.HashData(Secret(PassPurpose, kid), Encoding.ASCII.GetBytes(body)));
    }

    /// <summary>Reads a pass's e-mail address if the pass is authentic and unexpired (to pre-fill a form); null otherwise.</summary>
    public string? EmailOfPass(string? pass, string action) =>
        ReadPass(pass, out var parsed) == HumanCheckOutcome.Passed && parsed!.Action == action ? parsed.Email : null;

    /// <summary>Checks a pass without spending it. <paramref name="email"/>, when given, must be the address it was sent to.</summary>
    public HumanCheckOutcome CheckEmailPass(string? pass, string action, string? email, out (string Key, DateTimeOffset ExpiresAt) spend)
    {
        spend = default;
        var outcome = ReadPass(pass, out var parsed);
        if (outcome != HumanCheckOutcome.Passed)
        {
            return outcome;
        }
        if (parsed!.Action != action || (email is not null && NormaliseEmail(email) != parsed.Email))
        {
            return HumanCheckOutcome.WrongAction;
        }
        spend = ("p:" + parsed.Nonce, DateTimeOffset.FromUnixTimeSeconds(parsed.ExpiresAt));
        return HumanCheckOutcome.Passed;
    }

    /// <summary>PBKDF2-HMAC-SHA-256 of <c>nonce ‖ uint32_be(counter)</c> with the salt: ALTCHA v2's key derivation.</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> salt, uint counter, int cost)
    {
        Span<byte> password = stackalloc byte[nonce.Length + 4];
        nonce.CopyTo(password);
        BinaryPrimitives.WriteUInt32BigEndian(password[nonce.Length..], counter);
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, cost, HashAlgorithmName.SHA256, KeyLength);
    }

    private HumanCheckOutcome ReadPass(string? pass, out EmailPass? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(pass))
        {
            return HumanCheckOutcome.Missing;
        }
        var parts = pass.Trim().Split('.');
        if (pass.Length > 1024 || parts.Length != 4 || parts[0] != "v1" || !int.TryParse(parts[1], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var kid))
        {
            return HumanCheckOutcome.Malformed;
        }
        if (!keys.Ring.Versions.Contains(kid))
        {
            return HumanCheckOutcome.BadSignature;
        }
        var body = parts[0] + "." + parts[1] + "." + parts[2];
        if (!HexEquals(Convert.ToHexStringLower(HMACSHA256.HashData(Secret(PassPurpose, kid), Encoding.ASCII.GetBytes(body))), parts[3]))
        {
            return HumanCheckOutcome.BadSignature;
        }
        try
        {
            parsed = System.Text.Json.JsonSerializer.Deserialize<EmailPass>(FromBase64Url(parts[2]));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            return HumanCheckOutcome.Malformed;
        }
        if (parsed is null || parsed.Action is null || parsed.Email is null || parsed.Nonce is null)
        {
            return HumanCheckOutcome.Malformed;
        }
        return parsed.ExpiresAt <= clock.GetUtcNow().ToUnixTimeSeconds() ? HumanCheckOutcome.Expired : HumanCheckOutcome.Passed;
    }

    private string Sign(ChallengeParameters parameters) => Signature(Secret(SignaturePurpose, parameters.Data.Kid), parameters);

    /// <summary>ALTCHA's challenge signature: hex HMAC-SHA-256 of the canonical JSON of the parameters.</summary>
    public static string Signature(byte[] secret, ChallengeParameters parameters) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(parameters.CanonicalJson())));

    private byte[] Secret(string purpose, int kid) => _secrets.GetOrAdd((purpose, kid), key => keys.Ring.DeriveKey(key.Item1, key.Item2));

    private static bool HexEquals(string expected, string actual) =>
        expected.Length == actual.Length
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    private static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Convert.FromBase64String(padded);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex ActionPattern();

    private sealed record EmailPass(
        [property: System.Text.Json.Serialization.JsonPropertyName("a")] string Action,
        [property: System.Text.Json.Serialization.JsonPropertyName("e")] string Email,
        [property: System.Text.Json.Serialization.JsonPropertyName("x")] long ExpiresAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("n")] string Nonce);
}
