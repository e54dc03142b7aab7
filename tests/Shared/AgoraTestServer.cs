using Agora.Platform.Accounts;
using Agora.Platform.Organisations;
using Agora.Privacy.Keys;
using Agora.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Testing;

/// <summary>A real Agora (Kestrel on a free loopback port, its own data folder and SQLite store, or a fresh PostgreSQL
/// database) for tests. Shared by the web, CLI and browser tests (linked source file).</summary>
public sealed class AgoraTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDataDirectory;

    private AgoraTestServer(WebApplication app, string dataDirectory, bool ownsDataDirectory)
    {
        _app = app;
        _ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri(app.Urls.First());
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<AgoraTestServer> StartAsync(IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("agora-test-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Agora:DataDirectory"] = dataDirectory,
            ["Agora:MasterKey"] = KeyRing.GenerateText(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        var app = AgoraWebApplication.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return new AgoraTestServer(app, dataDirectory, owns);
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Creates an account (through Identity, as sign-up does) and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string password = "correct-horse-42", string? displayName = null, bool isOperator = false)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AgoraUser>>();
        var user = new AgoraUser { UserName = email, Email = email, DisplayName = displayName ?? email.Split('@')[0], CreatedAt = DateTimeOffset.UtcNow,
            IsPlatformOperator = isOperator,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        return user.Id;
    }

    /// <summary>Creates an organisation with <paramref name="adminUserId"/> as its admin, then gives roles to others.</summary>
    public async Task<Organisation> CreateOrganisationAsync(string slug, string adminUserId, OrganisationKind kind = OrganisationKind.Public,
        params (string Email, OrganisationRole Role)[] members)
    {
        using var scope = Services.CreateScope();
        var loader = scope.ServiceProvider.GetRequiredService<ActorLoader>();
        var organisations = scope.ServiceProvider.GetRequiredService<OrganisationService>();
        var admin = await loader.ForUserAsync(adminUserId, CancellationToken.None);
        var organisation = await organisations.CreateAsync(admin, slug, slug.ToUpperInvariant(), kind, null, CancellationToken.None);
        admin = await loader.ForUserAsync(adminUserId, CancellationToken.None);
        foreach (var (email, role) in members)
        {
            await organisations.SetMemberAsync(admin, organisation.Id, email, role, CancellationToken.None);
        }
        return organisation;
    }

    /// <summary>Issues a personal access token for a user.</summary>
    public async Task<string> IssueTokenAsync(string userId, TokenScopes scopes = TokenScopes.All)
    {
        using var scope = Services.CreateScope();
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokenService>();
        var (_, secret) = await tokens.CreateAsync(userId, "test", scopes, TimeSpan.FromDays(1), CancellationToken.None);
        return secret;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDataDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
