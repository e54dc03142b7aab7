using Agora.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Agora.Web.Tests.Hosting;

/// <summary>A real Kestrel server on a free loopback port, shared by the tests of a collection.</summary>
public sealed class AgoraServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async Task InitializeAsync()
    {
        _app = AgoraWebApplication.Build([], builder => builder.WebHost.UseUrls("http://127.0.0.1:0"));
        await _app.StartAsync();
        var address = _app.Urls.First();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AgoraServerCollection : ICollectionFixture<AgoraServer>
{
    public const string Name = "server";
}
