using Agora.Platform.Accounts;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class PlatformServiceCollectionExtensions
{
    /// <summary>Registers the metadata store (provider from <c>Agora:Metadata:Provider</c>) and the platform's features.</summary>
    public static IServiceCollection AddAgoraPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Agora.Platform.PlatformOptions>().Bind(configuration.GetSection(Agora.Platform.PlatformOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MetadataOptions>().Bind(configuration.GetSection(MetadataOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        var metadata = configuration.GetSection(MetadataOptions.Section).Get<MetadataOptions>() ?? new MetadataOptions();
        var dataDirectory = configuration[$"{Agora.Platform.PlatformOptions.Section}:DataDirectory"] ?? new Agora.Platform.PlatformOptions().DataDirectory;
        switch (metadata.Provider)
        {
            case MetadataProvider.Postgres:
                services.AddDbContext<PostgresAgoraDbContext>(o => o.UseNpgsql(metadata.ConnectionString));
                services.TryAddScoped<AgoraDbContext>(sp => sp.GetRequiredService<PostgresAgoraDbContext>());
                break;
            default:
                var connectionString = metadata.ConnectionString ?? $"Data Source={Path.Combine(Path.GetFullPath(dataDirectory), "metadata.db")};Default Timeout=30";
                services.AddDbContext<SqliteAgoraDbContext>(o => o.UseSqlite(connectionString));
                services.TryAddScoped<AgoraDbContext>(sp => sp.GetRequiredService<SqliteAgoraDbContext>());
                break;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlatformKeys>();
        services.TryAddSingleton<PlatformSigner>();
        services.TryAddScoped<Agora.Platform.Audit.AuditLog>();
        services.TryAddScoped<Agora.Platform.Audit.AuditVerifier>();
        services.TryAddScoped<Agora.Platform.Audit.AuditQuery>();
        services.TryAddScoped<MetadataStore>();
        services.TryAddScoped<ActorLoader>();
        services.TryAddScoped<AccessTokenService>();
        services.TryAddScoped<OrganisationService>();
        services.TryAddSingleton<CatalogSearch>();
        services.TryAddScoped<CatalogService>();
        services.TryAddScoped<CatalogExport>();
        services.TryAddScoped<JobQueue>();
        services.TryAddSingleton<JobSignal>();
        services.TryAddSingleton<DataPlane>();
        services.TryAddScoped<PublishingService>();
        services.TryAddScoped<VersionAccess>();
        services.AddScoped<IJobHandler, IngestJobHandler>();
        services.TryAddScoped<Agora.Platform.Demo.DemoSeeder>();
        services.TryAddScoped<Agora.Platform.Agreements.AccessAudit>();
        services.TryAddScoped<Agora.Platform.Offers.OfferService>();
        services.TryAddScoped<Agora.Platform.Agreements.AgreementService>();
        services.TryAddScoped<Agora.Platform.Agreements.DerivativeDownloads>();
        services.TryAddScoped<Agora.Platform.Querying.BudgetLedger>();
        services.TryAddSingleton<Agora.Platform.Querying.StoreQueryAnswerCache>();
        services.TryAddSingleton(sp => new Agora.Data.Querying.ControlledQueryEngine(sp.GetRequiredService<Agora.Platform.Querying.StoreQueryAnswerCache>()));
        services.TryAddScoped<Agora.Platform.Querying.QueryService>();
        services.TryAddScoped<Agora.Platform.Querying.AlgorithmRegistry>();
        services.TryAddScoped<Agora.Platform.Releases.ReleaseService>();
        return services;
    }

    /// <summary>Accounts (ASP.NET Core Identity on the metadata store) with the platform's password and lockout rules.</summary>
    public static Microsoft.AspNetCore.Identity.IdentityBuilder AddAgoraIdentity(this IServiceCollection services) =>
        services.AddIdentityCore<AgoraUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // NIST SP 800-63B: length over composition rules.
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AgoraDbContext>();

    /// <summary>Runs queued jobs in this process (the default for <c>agora serve</c>).</summary>
    public static IServiceCollection AddAgoraJobWorker(this IServiceCollection services)
    {
        services.AddHostedService<JobWorker>();
        services.AddHostedService<Agora.Platform.Audit.AuditCheckpointService>();
        return services;
    }
}
