using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Agora.Platform.HumanCheck;

/// <summary>What a challenge is for: the form action it unlocks, the key-ring version that signed it and the tier of
/// difficulty it was issued at. Signed with the rest of the parameters, so none of it can be changed.</summary>
public sealed record ChallengeData(string Action, int Kid, int Tier);

/// <summary>
/// ALTCHA v2 challenge parameters as Agora issues them: PBKDF2/SHA-256 in deterministic mode (the server picks the secret
/// counter, publishes the first half of its derived key as <c>keyPrefix</c> and signs the whole key as
/// <c>keySignature</c>, so checking a solution costs two HMACs and no key derivation).
/// </summary>
public sealed record ChallengeParameters(
    string Algorithm, int Cost, long ExpiresAt, int KeyLength, string KeyPrefix, string KeySignature, string Nonce, string Salt,
    ChallengeData Data)
{
    public const string Pbkdf2Sha256 = "PBKDF2/SHA-256";

    /// <summary>The parameters as the ALTCHA libraries sign them: JavaScript's <c>JSON.stringify</c> of the object with its
    /// keys sorted, no white space. Every value is validated to be plain ASCII (hex, digits, a lower-case action name),
    /// so no escaping rule of JavaScript and .NET can differ.</summary>
    public string CanonicalJson()
    {
        var json = new StringBuilder(512);
        json.Append("{\"algorithm\":").Append(Quote(Algorithm))
            .Append(",\"cost\":").Append(Cost.ToString(CultureInfo.InvariantCulture))
            .Append(",\"data\":{\"action\":").Append(Quote(Data.Action))
            .Append(",\"kid\":").Append(Data.Kid.ToString(CultureInfo.InvariantCulture))
            .Append(",\"tier\":").Append(Data.Tier.ToString(CultureInfo.InvariantCulture))
            .Append("},\"expiresAt\":").Append(ExpiresAt.ToString(CultureInfo.InvariantCulture))
            .Append(",\"keyLength\":").Append(KeyLength.ToString(CultureInfo.InvariantCulture))
            .Append(",\"keyPrefix\":").Append(Quote(KeyPrefix))
            .Append(",\"keySignature\":").Append(Quote(KeySignature))
            .Append(",\"nonce\":").Append(Quote(Nonce))
            .Append(",\"salt\":").Append(Quote(Salt))
            .Append('}');
        return json.ToString();
    }

    private static string Quote(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7e || c is '"' or '\\')
            {
                throw new ArgumentException("Challenge parameters are plain ASCII without quotes or backslashes.", nameof(value));
            }
        }
        return "\"" + value + "\"";
    }
}

/// <summary>A signed challenge: what <c>GET /api/human-check/challenge</c> answers and the widget solves.</summary>
public sealed record AltchaChallenge(ChallengeParameters Parameters, string Signature)
{
    /// <summary>The JSON the widget reads: <c>{"parameters":{…},"signature":"…"}</c>.</summary>
    public string ToJson() => "{\"parameters\":" + Parameters.CanonicalJson() + ",\"signature\":\"" + Signature + "\"}";
}

/// <summary>What the widget posts back (base64 of JSON) once it has found the counter.</summary>
public sealed record AltchaSolution(AltchaChallenge Challenge, uint Counter, string DerivedKey);

/// <summary>Why a payload is not a solution. Parsing never throws on bad input: it says what is wrong.</summary>
public enum PayloadProblem
{
    None,
    Missing,
    TooLarge,
    NotBase64,
    NotJson,
    TestPayload,
    WrongShape,
}

/// <summary>Reads the widget's payload strictly: exactly the parameters Agora issues, with exactly the types it issues
/// them with. Anything else (an extra parameter, a number where a string belongs) is a tampered challenge.</summary>
public static class AltchaPayload
{
    /// <summary>Agora's payloads are about 900 bytes of base64; anything much larger is refused before decoding.</summary>
    public const int MaxLength = 4096;

    private static readonly HashSet<string> ParameterNames =
        ["algorithm", "cost", "data", "expiresAt", "keyLength", "keyPrefix", "keySignature", "nonce", "salt"];

    private static readonly HashSet<string> DataNames = ["action", "kid", "tier"];

    public static (AltchaSolution? Solution, PayloadProblem Problem) Parse(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return (null, PayloadProblem.Missing);
        }
        if (payload.Length > MaxLength)
        {
            return (null, PayloadProblem.TooLarge);
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(payload.Trim());
        }
        catch (FormatException)
        {
            return (null, PayloadProblem.NotBase64);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return (null, PayloadProblem.NotJson);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, PayloadProblem.WrongShape);
            }
            // The widget's test mode posts {"test":true}; a server that accepted it would accept anyone.
            if (root.TryGetProperty("test", out var test) && test.ValueKind != JsonValueKind.False && test.ValueKind != JsonValueKind.Null)
            {
                return (null, PayloadProblem.TestPayload);
            }
            try
            {
                var challenge = root.GetProperty("challenge");
                var solution = root.GetProperty("solution");
                var parameters = ReadParameters(challenge.GetProperty("parameters"));
                var signature = Hex(challenge.GetProperty("signature"), 64);
                if (parameters is null || signature is null || challenge.EnumerateObject().Count() != 2
                    || !solution.GetProperty("counter").TryGetUInt32(out var counter)
                    || Hex(solution.GetProperty("derivedKey"), 64) is not { } derivedKey)
                {
                    return (null, PayloadProblem.WrongShape);
                }
                return (new AltchaSolution(new AltchaChallenge(parameters, signature), counter, derivedKey), PayloadProblem.None);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return (null, PayloadProblem.WrongShape);
            }
        }
    }

    private static ChallengeParameters? ReadParameters(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !SameNames(element, ParameterNames))
        {
            return null;
        }
        var data = element.GetProperty("data");
        if (data.ValueKind != JsonValueKind.Object || !SameNames(data, DataNames))
        {
            return null;
        }
        var action = data.GetProperty("action").GetString();
        if (action is null || !HumanCheckService.IsActionName(action)
            || !data.GetProperty("kid").TryGetInt32(out var kid) || !data.GetProperty("tier").TryGetInt32(out var tier)
            || !element.GetProperty("cost").TryGetInt32(out var cost) || !element.GetProperty("keyLength").TryGetInt32(out var keyLength)
            || !element.GetProperty("expiresAt").TryGetInt64(out var expiresAt)
            || element.GetProperty("algorithm").GetString() is not { } algorithm || algorithm.Length > 32
            || Hex(element.GetProperty("keyPrefix"), 32) is not { } keyPrefix
            || Hex(element.GetProperty("keySignature"), 64) is not { } keySignature
            || Hex(element.GetProperty("nonce"), 32) is not { } nonce
            || Hex(element.GetProperty("salt"), 32) is not { } salt)
        {
            return null;
        }
        foreach (var c in algorithm)
        {
            if (c < 0x20 || c > 0x7e || c is '"' or '\\')
            {
                return null;
            }
        }
        return new ChallengeParameters(algorithm, cost, expiresAt, keyLength, keyPrefix, keySignature, nonce, salt, new ChallengeData(action, kid, tier));
    }

    private static bool SameNames(JsonElement element, HashSet<string> names)
    {
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name))
            {
                return false;
            }
            count++;
        }
        return count == names.Count;
    }

    /// <summary>A lower-case hex string of exactly <paramref name="length"/> characters, or null.</summary>
    private static string? Hex(JsonElement element, int length)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var text = element.GetString()!;
        if (text.Length != length)
        {
            return null;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is < 'a' or > 'f')
            {
                return null;
            }
        }
        return text;
    }
}
