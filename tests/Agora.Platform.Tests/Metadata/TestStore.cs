using Agora.Platform.Accounts;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Privacy.Keys;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agora.Platform.Tests.Metadata;

/// <summary>
/// A fresh, migrated metadata store on the provider asked for: a SQLite file in a temporary folder, or a new database on
/// the PostgreSQL server that <c>scripts/test</c> starts (connection string in AGORA_TEST_POSTGRES). Store tests are
/// theories over <see cref="Providers"/>, so every behaviour is checked on both.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;
    private readonly string? _postgresDatabase;

    private TestStore(ServiceProvider services, string folder, string? postgresDatabase)
    {
        _services = services;
        _folder = folder;
        _postgresDatabase = postgresDatabase;
    }

    public static TheoryData<MetadataProvider> Providers => [MetadataProvider.Sqlite, MetadataProvider.Postgres];

    public static async Task<TestStore> CreateAsync(MetadataProvider provider, TimeProvider? clock = null, string? masterKey = null)
    {
        var folder = Directory.CreateTempSubdirectory("agora-store-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Agora:DataDirectory"] = folder,
            ["Agora:MasterKey"] = masterKey ?? KeyRing.GenerateText(),
            ["Agora:Metadata:Provider"] = provider.ToString(),
        };
        string? database = null;
        if (provider == MetadataProvider.Postgres)
        {
            var server = Environment.GetEnvironmentVariable("AGORA_TEST_POSTGRES")
                ?? throw new InvalidOperationException("AGORA_TEST_POSTGRES is not set: run the tests with scripts/test, which starts PostgreSQL.");
            database = "agora_test_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
            }
            settings["Agora:Metadata:ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }
        services.AddAgoraPlatform(configuration);
        services.AddAgoraIdentity();
        var provider2 = services.BuildServiceProvider();
        var store = new TestStore(provider2, folder, database);
        await using (var scope = store.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<Platform.Metadata.MetadataStore>().MigrateAsync(CancellationToken.None);
        }
        return store;
    }

    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    public string DataDirectory => _folder;

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Scope();
        return await action(scope.ServiceProvider);
    }

    public async Task<string> CreateUserAsync(string email)
    {
        await using var scope = Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AgoraUser>>();
        var user = new AgoraUser { UserName = email, Email = email, DisplayName = email };
        var result = await users.CreateAsync(user, "correct-horse-42");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user.Id;
    }

    public async Task<Actor> ActorAsync(string userId)
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<ActorLoader>().ForUserAsync(userId, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("AGORA_TEST_POSTGRES"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
