using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Tests.Security;

/// <summary>
/// Every API endpoint that reads a JSON body, sent bodies built from its request type (read from the endpoint's
/// <see cref="IAcceptsMetadata"/>) with one member broken at a time: each member declared non-nullable left out, sent as
/// <c>null</c>, its list or dictionary given a <c>null</c> element; and every member given a value of the wrong JSON type.
/// The answer must be a 400 ProblemDetails whose <c>errors</c> name the field by its path from the body's root
/// (<c>columns[0].column</c>): never a 500, never a 2xx that stored something half-valid. A member left out that its type
/// fills with a default (<c>= []</c>) is a valid body and needs only to be answered without a 5xx.
/// Its own server: before the fix some of these bodies were stored.
/// </summary>
public sealed class RequestBodyTests(SecurityFixture fixture) : IClassFixture<SecurityFixture>
{
    /// <summary>The endpoints that read a JSON body. <see cref="EveryJsonBodyEndpoint_IsInTheTable"/> fails when an
    /// endpoint is added or removed without this table following.</summary>
    private static readonly string[] JsonBodyEndpoints =
    [
        "POST /api/agreements/{id:guid}/queries",
        "POST /api/requests/{id:guid}/withdraw",
        "POST /api/dataspace/negotiations/{id:guid}/terminate",
        "POST /api/datasets/{id:guid}/withdraw",
        "POST /api/datasets/{id:guid}/approve",
        "POST /api/agreements/{id:guid}/revoke",
        "POST /api/dataspace/negotiations",
        "POST /api/dataspace/participants",
        "POST /api/dataspace/participants/{id:guid}/offers",
        "POST /api/datasets/",
        "POST /api/datasets/{id:guid}/algorithms",
        "POST /api/datasets/{id:guid}/offers",
        "POST /api/datasets/{id:guid}/reject",
        "POST /api/datasets/{id:guid}/versions/{number:int}/protect",
        "POST /api/datasets/{id:guid}/versions/{number:int}/reidentify",
        "POST /api/datasets/{id:guid}/versions/{number:int}/risk",
        "POST /api/linkage/",
        "POST /api/linkage/{slug}/contributions",
        "POST /api/linkage/{slug}/invitations",
        "POST /api/linkage/{slug}/join",
        "POST /api/linkage/{slug}/joins",
        "POST /api/offers/{id:guid}/requests",
        "POST /api/organisations/",
        "POST /api/organisations/{slug}/harvests",
        "POST /api/organisations/{slug}/reidentifiers/",
        "POST /api/releases/{id:guid}/review",
        "POST /api/requests/{id:guid}/approve",
        "POST /api/requests/{id:guid}/counter-offer",
        "POST /api/requests/{id:guid}/reject",
        "POST /api/tokens",
        "POST /api/uploads/{id:guid}/confirm",
        "POST /api/wanted/",
        "PUT /api/dataspace/participants/{id:guid}/token",
        "PUT /api/datasets/{id:guid}",
        "PUT /api/datasets/{id:guid}/hierarchies/{attribute}",
        "PUT /api/datasets/{id:guid}/quality/rules",
        "PUT /api/organisations/{slug}/members",
    ];

    public static TheoryData<string> Endpoints => new(JsonBodyEndpoints);

    /// <summary>How the specification reads a body: the web defaults with enums as names, and nothing more (no check of
    /// the server's own), to tell which members a body leaves null.</summary>
    private static readonly JsonSerializerOptions Reference = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public void EveryJsonBodyEndpoint_IsInTheTable()
    {
        var actual = JsonEndpoints().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var missing = actual.Except(JsonBodyEndpoints).ToList();
        Assert.True(missing.Count == 0, "Endpoints that read a JSON body but are not in RequestBodyTests.JsonBodyEndpoints:\n" + string.Join("\n", missing));
        var stale = JsonBodyEndpoints.Except(actual).ToList();
        Assert.True(stale.Count == 0, "Entries of RequestBodyTests.JsonBodyEndpoints that no longer read a JSON body:\n" + string.Join("\n", stale));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task BrokenMembers_AreA400NamingTheField(string key)
    {
        var (endpoint, type) = JsonEndpoints().Single(e => e.Key == key) is var found ? (found.Endpoint, found.Type) : default;
        var sample = Sample(type, 0) as JsonObject ?? throw new InvalidOperationException($"{type} is not a JSON object");
        var failures = new List<string>();
        using var client = fixture.Server.CreateClient(fixture.Tokens[CallerOf(key)]);
        foreach (var broken in Break(type, sample))
        {
            var text = broken.Body.ToJsonString();
            using var response = await client.SendAsync(Post(key, fixture.PathOf(endpoint), text, "application/json"));
            var answer = await response.Content.ReadAsStringAsync();
            var leavesNull = broken.Case != "omitted" || LeavesNull(type, text, broken.Field);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{broken.Case} '{broken.Field}': {(int)response.StatusCode} {Short(answer)}");
            }
            else if (leavesNull && (response.StatusCode != HttpStatusCode.BadRequest || !NamesField(response, answer, broken.Field)))
            {
                failures.Add($"{broken.Case} '{broken.Field}': {(int)response.StatusCode} {Short(answer)}");
            }
        }
        Assert.True(failures.Count == 0, $"{key} ({type.Name}), body {sample.ToJsonString()}:\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task MalformedBodiesAndWrongContentTypes_AreRefusedWithout5xx(string key)
    {
        var (endpoint, type) = JsonEndpoints().Single(e => e.Key == key) is var found ? (found.Endpoint, found.Type) : default;
        var sample = Sample(type, 0)!.ToJsonString();
        using var client = fixture.Server.CreateClient(fixture.Tokens[CallerOf(key)]);
        var failures = new List<string>();
        async Task Expect(string body, string contentType, params HttpStatusCode[] allowed)
        {
            using var response = await client.SendAsync(Post(key, fixture.PathOf(endpoint), body, contentType));
            var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            if (!allowed.Contains(response.StatusCode) || !isProblem)
            {
                failures.Add($"[{contentType}] {body} → {(int)response.StatusCode} {response.Content.Headers.ContentType}: {Short(await response.Content.ReadAsStringAsync())}");
            }
        }
        await Expect(sample[..(sample.Length / 2)], "application/json", HttpStatusCode.BadRequest);
        await Expect("{\"a\":1,}", "application/json", HttpStatusCode.BadRequest);
        await Expect("[]", "application/json", HttpStatusCode.BadRequest);
        await Expect("\"text\"", "application/json", HttpStatusCode.BadRequest);
        await Expect(sample, "text/plain", HttpStatusCode.UnsupportedMediaType);
        await Expect(sample, "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType);
        // No body at all, or the JSON null: refused, or (when the body is optional) answered as without one.
        await Expect("", "application/json", HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.Forbidden);
        await Expect("null", "application/json", HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.Forbidden);
        Assert.True(failures.Count == 0, $"{key}:\n" + string.Join("\n", failures));
    }

    private IEnumerable<(string Key, RouteEndpoint Endpoint, Type Type)> JsonEndpoints() =>
        from endpoint in fixture.Endpoints
        let accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()
        where accepts?.RequestType is not null && accepts.ContentTypes.Contains("application/json")
        from key in AuthorisationMatrixTests.Keys(endpoint)
        select (key, endpoint, accepts.RequestType!);

    /// <summary>Who may send this endpoint's body, from the authorisation matrix: the steward when allowed, else the first
    /// caller who gets through; where nobody gets through (the fixture has no such thing), the steward still reaches
    /// model binding, which is where the body is checked.</summary>
    private static Caller CallerOf(string key)
    {
        var outcomes = AuthorisationMatrixTests.Expected[key].Split(' ');
        Caller[] preference = [Caller.Steward, Caller.Admin, Caller.Operator, Caller.Analyst, Caller.OtherSteward];
        return preference.FirstOrDefault(c => outcomes[(int)c] == "ok", Caller.Steward);
    }

    private static HttpRequestMessage Post(string key, string path, string body, string contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(key[..key.IndexOf(' ', StringComparison.Ordinal)]), path)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    private static bool NamesField(HttpResponseMessage response, string answer, string field)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }
        using var document = JsonDocument.Parse(answer);
        return document.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);
    }

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>Does reading <paramref name="body"/> the plain way leave <paramref name="field"/> null (a member left out
    /// without a default), rather than filling it with the type's default?</summary>
    private static bool LeavesNull(Type type, string body, string field)
    {
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(body, type, Reference);
        }
        catch (JsonException)
        {
            // A C# 'required' member: the plain way refuses too.
            return true;
        }
        foreach (var step in Steps(field))
        {
            value = value is null ? null
                : step is int index ? ((System.Collections.IList)value)[index]
                : Reference.GetTypeInfo(value.GetType()).Properties.Single(p => p.Name == (string)step).Get!(value);
        }
        return value is null;
    }

    private static IEnumerable<object> Steps(string field)
    {
        foreach (var part in field.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            yield return bracket < 0 ? part : part[..bracket];
            if (bracket >= 0)
            {
                yield return int.Parse(part[(bracket + 1)..part.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private sealed record Broken(string Case, string Field, JsonObject Body);

    /// <summary>Every way to break one member of <paramref name="sample"/>, for each member of each object in it.</summary>
    private static IEnumerable<Broken> Break(Type type, JsonObject sample)
    {
        foreach (var (path, member, nullability, typeInfo) in Members(type, ""))
        {
            var field = path.Length == 0 ? member.Name : path + "." + member.Name;
            if (IsNonNullable(nullability))
            {
                yield return new Broken("omitted", field, Edit(sample, path, o => o.Remove(member.Name)));
                yield return new Broken("null", field, Edit(sample, path, o => o[member.Name] = null));
            }
            if (ElementOf(nullability) is { } element && IsNonNullable(element))
            {
                var dictionary = typeInfo.Kind == JsonTypeInfoKind.Dictionary;
                yield return new Broken(dictionary ? "{key:null}" : "[null]", field + (dictionary ? ".en" : "[0]"),
                    Edit(sample, path, o => o[member.Name] = dictionary ? new JsonObject { ["en"] = null } : new JsonArray((JsonNode?)null)));
            }
            if (member.PropertyType != typeof(JsonElement) && member.PropertyType != typeof(object) && !typeof(JsonNode).IsAssignableFrom(member.PropertyType))
            {
                JsonNode wrong = typeInfo.Kind == JsonTypeInfoKind.None ? new JsonObject { ["wrong"] = true } : JsonValue.Create("wrong");
                yield return new Broken("wrong type", field, Edit(sample, path, o => o[member.Name] = wrong));
            }
        }
    }

    /// <summary>Every JSON member of the type and, below it, of the objects it holds (the first element of a list).</summary>
    private static IEnumerable<(string Path, JsonPropertyInfo Member, NullabilityInfo? Nullability, JsonTypeInfo TypeInfo)> Members(Type type, string path, int depth = 0)
    {
        var info = Reference.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object || depth > 6)
        {
            yield break;
        }
        var context = new NullabilityInfoContext();
        foreach (var member in info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null))
        {
            var nullability = member.AttributeProvider is PropertyInfo property ? context.Create(property) : null;
            var memberInfo = Reference.GetTypeInfo(member.PropertyType);
            yield return (path, member, nullability, memberInfo);
            var field = path.Length == 0 ? member.Name : path + "." + member.Name;
            var inner = memberInfo.Kind switch
            {
                JsonTypeInfoKind.Object => (Type: Underlying(member.PropertyType), Path: field),
                JsonTypeInfoKind.Enumerable => (Type: memberInfo.ElementType!, Path: field + "[0]"),
                _ => default,
            };
            if (inner.Type is not null)
            {
                foreach (var nested in Members(inner.Type, inner.Path, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsNonNullable(NullabilityInfo? info) => info is not null && !info.Type.IsValueType && info.ReadState == NullabilityState.NotNull;

    private static NullabilityInfo? ElementOf(NullabilityInfo? info) =>
        info is null ? null : info.ElementType ?? (info.Type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(info.Type)
            && info.GenericTypeArguments.Length is 1 or 2 ? info.GenericTypeArguments[^1] : null);

    private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>A copy of the body with the object at <paramref name="path"/> changed.</summary>
    private static JsonObject Edit(JsonObject sample, string path, Action<JsonObject> change)
    {
        var copy = sample.DeepClone().AsObject();
        JsonNode? node = copy;
        if (path.Length > 0)
        {
            foreach (var step in Steps(path))
            {
                node = step is int index ? node!.AsArray()[index] : node!.AsObject()[(string)step];
            }
        }
        change(node!.AsObject());
        return copy;
    }

    /// <summary>A body with every member filled with a plausible value of its type (one element per list).</summary>
    private JsonNode? Sample(Type type, int depth, string name = "")
    {
        type = Underlying(type);
        if (type == typeof(string))
        {
            return "x";
        }
        if (type == typeof(bool))
        {
            return true;
        }
        if (type == typeof(Guid))
        {
            // The fixture's own organisation and dataset, so a body that got through would act on real things.
            return name switch
            {
                "organisationId" => fixture.Hospital.ToString(),
                "datasetId" => fixture.DraftDataset.ToString(),
                _ => "00000000-0000-0000-0000-00000000abcd",
            };
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "2026-01-01T00:00:00Z";
        }
        if (type == typeof(DateOnly))
        {
            return "2026-01-01";
        }
        if (type == typeof(TimeSpan))
        {
            return "00:01:00";
        }
        if (type.IsEnum)
        {
            return Enum.GetNames(type)[0];
        }
        if (type.IsPrimitive || type == typeof(decimal))
        {
            return 1;
        }
        if (type == typeof(JsonElement) || type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type))
        {
            return new JsonObject();
        }
        var info = Reference.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                return new JsonArray(Sample(info.ElementType!, depth + 1));
            case JsonTypeInfoKind.Dictionary:
                return new JsonObject { ["en"] = Sample(info.ElementType!, depth + 1) };
            case JsonTypeInfoKind.Object when depth < 6:
                var body = new JsonObject();
                foreach (var member in info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null))
                {
                    body[member.Name] = Sample(member.PropertyType, depth + 1, member.Name);
                }
                return body;
            default:
                return null;
        }
    }
}
