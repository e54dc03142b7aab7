using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Agora.Platform.Catalog.Harvesting;

/// <summary>Fetches a catalogue document over http(s), with a size cap and a time limit, refusing non-public addresses
/// unless configured otherwise. The address check is made on the address actually connected to (after DNS), so a name
/// that resolves to 127.0.0.1 or re-resolves between check and use cannot slip through.</summary>
public sealed class HarvestFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly HarvestOptions _options;

    public HarvestFetcher(IOptions<HarvestOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            UseCookies = false,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds) };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Agora-Harvester", "1.0"));
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/turtle, application/ld+json;q=0.9, application/json;q=0.5");
    }

    /// <summary>The document and its media type (from Content-Type).</summary>
    public async Task<(string Content, string? MediaType)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme is not ("http" or "https"))
        {
            throw new PlatformException(PlatformError.Validation, "A catalogue address must start with http:// or https://.");
        }
        try
        {
            using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new PlatformException(PlatformError.Validation,
                    $"The catalogue at {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            if (response.Content.Headers.ContentLength > _options.MaxBytes)
            {
                throw TooLarge();
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > _options.MaxBytes)
                {
                    throw TooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
            return (HarvestService.Decode(buffer.ToArray()), response.Content.Headers.ContentType?.MediaType);
        }
        catch (HttpRequestException e)
        {
            throw new PlatformException(PlatformError.Validation, $"The catalogue at {url} cannot be fetched: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PlatformException(PlatformError.Validation, $"The catalogue at {url} did not answer within {_options.TimeoutSeconds} s.");
        }
    }

    private PlatformException TooLarge() =>
        new(PlatformError.TooLarge, $"The catalogue document is larger than the limit of {_options.MaxBytes:N0} bytes.");

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => _options.AllowPrivateAddresses || IsPublic(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} is not a public address (set Agora:Harvest:AllowPrivateAddresses to allow it)");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether an address is on the public internet: not loopback, private (RFC 1918, ULA), link-local, CGNAT,
    /// multicast, unspecified or documentation space.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224
                || (b[0] == 192 && b[1] == 0 && b[2] == 2) || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8));
    }

    public void Dispose() => _client.Dispose();
}
