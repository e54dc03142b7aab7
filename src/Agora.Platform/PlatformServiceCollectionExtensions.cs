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
        services.TryAddSingleton<Agora.Platform.Profiling.DerivedFiles>();
        services.TryAddScoped<Agora.Platform.Profiling.ProfileScheduler>();
        services.TryAddScoped<Agora.Platform.Profiling.ProfileService>();
        services.AddScoped<IJobHandler, Agora.Platform.Profiling.ProfileJobHandler>();
        services.TryAddSingleton<Agora.Platform.Discovery.PartnerIndex>();
        services.TryAddScoped<Agora.Platform.Discovery.PartnerFinder>();
        services.TryAddScoped<Agora.Platform.Wanted.WantedMatcher>();
        services.TryAddScoped<Agora.Platform.Wanted.WantedBoard>();
        services.TryAddScoped<Agora.Platform.Notifications.NotificationService>();
        services.TryAddScoped<Agora.Platform.Value.DemandCounters>();
        services.TryAddScoped<Agora.Platform.Value.UsageCounts>();
        services.TryAddScoped<Agora.Platform.Value.ValueReportService>();
        services.TryAddScoped<Agora.Platform.Demo.DemoValueSeeder>();
        services.TryAddScoped<Agora.Platform.Demo.DemoSeeder>();
        services.TryAddScoped<Agora.Platform.Protection.ProtectionService>();
        services.TryAddScoped<Agora.Platform.Protection.PseudonymisationKeyStore>();
        services.TryAddScoped<Agora.Platform.Protection.HierarchyLibrary>();
        services.TryAddScoped<Agora.Platform.Protection.ReidentificationService>();
        services.TryAddScoped<Agora.Platform.Protection.DemoProtection>();
        services.TryAddScoped<Agora.Platform.Linkage.LinkageService>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IVersionStoredHook, Agora.Platform.Protection.DetectAfterIngestion>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IVersionStoredHook, Agora.Platform.Profiling.ProfileAfterIngestion>());
        services.AddScoped<IJobHandler, Agora.Platform.Protection.DetectionJobHandler>();
        services.AddScoped<IJobHandler, Agora.Platform.Protection.RiskJobHandler>();
        services.AddScoped<IJobHandler, Agora.Platform.Protection.ProtectionJobHandler>();
        services.AddScoped<IJobHandler, Agora.Platform.Linkage.LinkJobHandler>();

        services.AddOptions<Agora.Platform.HumanCheck.HumanCheckOptions>().Bind(configuration.GetSection(Agora.Platform.HumanCheck.HumanCheckOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Agora.Platform.HumanCheck.HumanCheckLoad>();
        services.TryAddSingleton<Agora.Platform.HumanCheck.HumanCheckService>();
        services.TryAddScoped<Agora.Platform.HumanCheck.SpentChallengeStore>();
        services.AddOptions<Agora.Platform.Mail.MailOptions>().Bind(configuration.GetSection(Agora.Platform.Mail.MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Agora.Platform.Mail.MailOutbox>();
        services.AddOptions<Agora.Platform.Catalog.Harvesting.HarvestOptions>().Bind(configuration.GetSection(Agora.Platform.Catalog.Harvesting.HarvestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Agora.Platform.Catalog.Harvesting.HarvestFetcher>();
        services.TryAddScoped<Agora.Platform.Catalog.Harvesting.HarvestService>();
        services.AddScoped<IJobHandler, Agora.Platform.Catalog.Harvesting.HarvestJobHandler>();

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
        services.TryAddSingleton(_ => Agora.Platform.Dataspace.DspSchemas.Default);
        services.AddHttpClient(Agora.Platform.Dataspace.DspClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddScoped<Agora.Platform.Dataspace.DataspaceParticipants>();
        services.TryAddScoped<Agora.Platform.Dataspace.DspClient>();
        services.TryAddScoped<Agora.Platform.Dataspace.DataspaceProvider>();
        services.TryAddScoped<Agora.Platform.Dataspace.DataspaceConsumer>();
        services.AddScoped<IJobHandler, Agora.Platform.Dataspace.DataspaceSendJobHandler>();
        services.AddScoped<IJobHandler, Agora.Platform.Dataspace.DataspaceAgreementJobHandler>();
        services.AddScoped<IJobHandler, Agora.Platform.Dataspace.DataspaceTransferStartJobHandler>();
        services.AddScoped<IJobHandler, Agora.Platform.Dataspace.DataspaceNegotiationMessageJobHandler>();
        services.AddOptions<Agora.Platform.Dataspace.DataspaceOptions>().Bind(configuration.GetSection(Agora.Platform.Dataspace.DataspaceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
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
