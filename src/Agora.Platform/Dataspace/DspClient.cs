using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Agora.Platform.Dataspace;

/// <summary>
/// Sends DSP messages to another connector with the token it issued to us. Every message sent, and every response read,
/// is checked against the official schema; an error object from the other side becomes a clear refusal.
/// </summary>
public sealed class DspClient(IHttpClientFactory http, DataspaceParticipants participants, DspSchemas schemas)
{
    public const string HttpClientName = "dataspace";

    public async Task<JsonObject> GetAsync(DataspaceParticipant participant, string url, string expectedType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return (await SendAsync(participant, request, expectedType, cancellationToken))!;
    }

    /// <summary>Posts a message; returns the response body when <paramref name="expectedType"/> is set.</summary>
    public async Task<JsonObject?> PostAsync(DataspaceParticipant participant, string url, JsonObject message, string? expectedType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = DspMessage.Text(message, "@type") ?? throw new InvalidOperationException("A DSP message without @type.");
        var problems = schemas.Validate(message, type);
        if (problems.Count > 0)
        {
            // Our own message not matching the schema is a bug, never the user's fault.
            throw new InvalidOperationException($"Agora built a {type} that does not match the DSP schema: {string.Join("; ", problems)}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return await SendAsync(participant, request, expectedType, cancellationToken);
    }

    /// <summary>Posts a CatalogRequestMessage to <paramref name="url"/> (the catalogue request address, or a page link the
    /// provider gave) and returns the catalogue with the <c>next</c> and <c>previous</c> page links of its <c>Link</c> header.</summary>
    public async Task<(JsonObject Catalog, string? Next, string? Previous)> CatalogPageAsync(DataspaceParticipant participant, string url, JsonObject message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = schemas.Validate(message, "CatalogRequestMessage");
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Agora built a CatalogRequestMessage that does not match the DSP schema: {string.Join("; ", problems)}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        string? next = null, previous = null;
        var catalog = (await SendAsync(participant, request, "Catalog", cancellationToken, response =>
        {
            var links = response.Headers.TryGetValues("Link", out var values) ? values : [];
            next = LinkOf(links, "next", new Uri(url));
            previous = LinkOf(links, "previous", new Uri(url));
        }))!;
        return (catalog, next, previous);
    }

    /// <summary>The target of the first link with relation <paramref name="relation"/> (RFC 8288), resolved against the
    /// request address.</summary>
    public static string? LinkOf(IEnumerable<string> headers, string relation, Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var link in headers.SelectMany(h => h.Split(',')))
        {
            var parts = link.Split(';');
            var target = parts[0].Trim();
            if (target.Length < 2 || target[0] != '<' || target[^1] != '>')
            {
                continue;
            }
            var isRelation = parts.Skip(1).Select(p => p.Trim()).Any(p => p.StartsWith("rel=", StringComparison.OrdinalIgnoreCase)
                && p[4..].Trim('"').Split(' ').Contains(relation, StringComparer.OrdinalIgnoreCase));
            if (isRelation && Uri.TryCreate(requestUri, target[1..^1], out var resolved))
            {
                return resolved.ToString();
            }
        }
        return null;
    }

    /// <summary>Opens the pull data address received in a TransferStartMessage.</summary>
    public async Task<HttpResponseMessage> PullAsync(string endpoint, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new PlatformException(PlatformError.Conflict, $"The provider refused the data download ({status}).");
        }
        return response;
    }

    private async Task<JsonObject?> SendAsync(DataspaceParticipant participant, HttpRequestMessage request, string? expectedType,
        CancellationToken cancellationToken, Action<HttpResponseMessage>? readHeaders = null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", participants.OutboundTokenOf(participant));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        readHeaders?.Invoke(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var reasons = ReasonsOf(body);
            throw new DspRemoteException((int)response.StatusCode,
                $"{participant.Name} answered {(int)response.StatusCode}{(reasons.Length > 0 ? ": " + reasons : ".")}");
        }
        if (expectedType is null)
        {
            return null;
        }
        try
        {
            return DspMessage.Parse(body, expectedType, schemas);
        }
        catch (DspException e)
        {
            throw new DspRemoteException(502, $"{participant.Name} sent an invalid {expectedType}: {e.Message}");
        }
    }

    private static string ReasonsOf(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject error && error["reason"] is JsonArray reasons)
            {
                return string.Join(" ", reasons.Select(r => r?.ToString()));
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return "";
    }
}

/// <summary>The other connector refused a message or answered something invalid.</summary>
public sealed class DspRemoteException : Exception
{
    public DspRemoteException(int status, string message)
        : base(message) => Status = status;

    public DspRemoteException()
    {
    }

    public DspRemoteException(string message)
        : base(message)
    {
    }

    public DspRemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; }
}
