using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Privacy.Wording;

namespace Agora.Cli.CommandLine;

/// <summary>The CLI's side of the JSON API: sends requests and turns ProblemDetails into one clear line.</summary>
internal sealed class AgoraApiClient(HttpClient client) : IDisposable
{
    /// <summary>A client for the Agora at <paramref name="server"/> that sends <paramref name="token"/> as a bearer token
    /// (it owns its connection; dispose it).</summary>
    public static AgoraApiClient Connect(Uri server, string? token, TimeSpan timeout)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UserFacingException("Give a token with --token or AGORA_TOKEN (create one on the Access tokens page).", ExitCodes.Usage);
        }
        var http = new HttpClient { BaseAddress = server, Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new AgoraApiClient(http);
    }

    public void Dispose() => client.Dispose();

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        await ReadAsync(await SendAsync(() => client.GetAsync(path, cancellationToken)), cancellationToken);

    public async Task<JsonElement> PostJsonAsync(string path, object body, CancellationToken cancellationToken) =>
        await ReadAsync(await SendAsync(() => client.PostAsJsonAsync(path, body, cancellationToken)), cancellationToken);

    public async Task<JsonElement> PostTextAsync(string path, string body, string mediaType, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, mediaType);
        return await ReadAsync(await SendAsync(() => client.PostAsync(path, content, cancellationToken)), cancellationToken);
    }

    public async Task<JsonElement> SendFileAsync(string path, FileInfo file, IReadOnlyList<KeyValuePair<string, string>> fields,
        CancellationToken cancellationToken)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        await using var stream = file.OpenRead();
        content.Add(new StreamContent(stream), "file", file.Name);
        return await ReadAsync(await SendAsync(() => client.PostAsync(path, content, cancellationToken)), cancellationToken);
    }

    /// <summary>Polls a job until it ends, showing its progress on a terminal.</summary>
    public async Task<JsonElement> WaitForJobAsync(Guid id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var job = await GetAsync($"api/jobs/{id}", cancellationToken);
            var state = job.GetProperty("state").GetString();
            if (state is "Succeeded" or "Failed")
            {
                if (!Console.IsErrorRedirected)
                {
                    Console.Error.Write("\r\x1b[K");
                }
                return job;
            }
            if (!Console.IsErrorRedirected)
            {
                Console.Error.Write(string.Create(EnglishText.Culture, $"\r{state} {job.GetProperty("progress").GetDouble():P0}"));
            }
            await Task.Delay(500, cancellationToken);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException e)
        {
            throw new UserFacingException("cannot reach the server: " + e.Message, ExitCodes.Remote);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }
            var message = $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}";
            try
            {
                var problem = JsonDocument.Parse(text).RootElement;
                if (problem.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } d)
                {
                    message += ": " + d;
                }
                else if (problem.TryGetProperty("title", out var title))
                {
                    message += ": " + title.GetString();
                }
            }
            catch (JsonException)
            {
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                message += " (is the token valid, unexpired and not revoked?)";
            }
            throw new UserFacingException(message, ExitCodes.Remote);
        }
    }
}
