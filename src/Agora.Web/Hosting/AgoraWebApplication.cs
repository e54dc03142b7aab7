using System.Text.Json.Serialization.Metadata;
using Agora.Platform;
using Agora.Platform.Accounts;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Agora.Web.Accounts;
using Agora.Web.Audit;
using Agora.Web.Catalog;
using Agora.Web.Discovery;
using Agora.Web.Notifications;
using Agora.Web.Profiling;
using Agora.Web.Value;
using Agora.Web.Wanted;
using Agora.Web.Publishing;
using Agora.Web.Organisations;
using Agora.Web.Protection;
using Agora.Web.Linkage;
using Agora.Web.Components;
using Agora.Web.ErrorHandling;
using Agora.Web.Health;
using Agora.Web.HumanCheck;
using Agora.Web.Security;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;

namespace Agora.Web.Hosting;

/// <summary>Builds the Agora web host. Used by <c>agora serve</c> and by the tests, so both run the same application.</summary>
public static class AgoraWebApplication
{
    private const string SelectorScheme = "Agora";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(AgoraWebApplication).Assembly.GetName().Name,
        });
        // Request-level framework logs are noise and may carry query strings; our own events are source-generated.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        configure?.Invoke(builder);

        var services = builder.Services;
        var configuration = builder.Configuration;
        var dataDirectory = Path.GetFullPath(configuration[$"{PlatformOptions.Section}:DataDirectory"] ?? new PlatformOptions().DataDirectory);
        Directory.CreateDirectory(dataDirectory);

        services.AddAgoraPlatform(configuration);
        // Hosted services start in order: the store is migrated before the worker claims jobs.
        if (configuration.GetValue("Agora:Metadata:MigrateOnStart", true))
        {
            services.AddHostedService<MetadataMigrationService>();
        }
        if (configuration.GetValue("Agora:Worker:Enabled", true))
        {
            services.AddAgoraJobWorker();
        }

        services.AddDataProtection()
            .SetApplicationName("Agora")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys", "data-protection")));
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<PlatformKeys>((options, keys) => options.XmlEncryptor = new MasterKeyXmlEncryptor(keys));

        services.AddAgoraIdentity()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SelectorScheme;
                options.DefaultChallengeScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, SelectorScheme, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? AccessTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/signin";
            options.LogoutPath = "/account/signout";
            options.AccessDeniedPath = "/account/denied";
            options.Cookie.Name = "agora.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // The API answers 401/403 ProblemDetails instead of redirecting to the sign-in page.
            options.Events.OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization();

        services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        services.AddLocalization();
        services.AddSingleton<IStringLocalizer<Strings>>(sp => new StringLocalizer<Strings>(sp.GetRequiredService<IStringLocalizerFactory>()));

        services.AddProblemDetails();
        services.AddExceptionHandler<PlatformExceptionHandler>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // A body that leaves a non-nullable member null is refused while it is read (400 naming the field), never a 500.
            options.SerializerOptions.TypeInfoResolver = (options.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(NonNullableMembers.Reject);
        });
        // A body or parameter that cannot be bound throws, so the exception handler can name the field (instead of an empty 400).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.AddHttpContextAccessor();
        services.AddScoped<HumanCheckGate>();
        services.AddScoped<Notifications.NotificationsChanged>();
        services.AddAgoraRateLimits(configuration);
        var maxUpload = configuration.GetValue($"{PlatformOptions.Section}:MaxUploadBytes", new PlatformOptions().MaxUploadBytes);
        // The transport limits sit a little above the upload limit so that the platform itself answers 413 with a clear message.
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = maxUpload + (1024 * 1024));
        builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = maxUpload + (2 * 1024 * 1024));

        var app = builder.Build();

        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // People get a page in their language; programs keep RFC 9457 ProblemDetails.
        app.UseWhen(WantsHtml, html =>
        {
            // A new scope: the failed page already initialised this request's NavigationManager.
            html.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
            // An unexpected failure while rendering a page shows the error page, never a JSON body or a stack trace.
            html.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error/500",
                CreateScopeForErrors = true,
                StatusCodeSelector = e => e is PlatformException p ? PlatformExceptionHandler.StatusOf(p.Error) : StatusCodes.Status500InternalServerError,
            });
        });
        // Routing after the status pages, so a re-executed error page is routed again.
        app.UseRouting();
        app.UseRequestLocalization(options =>
        {
            // Browsers asking for plain "fr" get French; the language switch picks the Luxembourg variant. PageCultures write
            // "80 %" with a non-breaking space in French, German and Luxembourgish.
            var cultures = JsonStringLocalizer.Cultures.Values.Concat(JsonStringLocalizer.Languages.Skip(1)).Select(PageCultures.Of).ToList();
            options.DefaultRequestCulture = new RequestCulture("en-GB");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(AgoraWebApplication).Assembly, "Agora.Web.wwwroot"),
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        // Binding failures throw (ThrowOnBadRequest) so that the API can name the field; everything outside /api keeps
        // the bare status it had before, which the status code pages turn into the error page.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !context.Response.HasStarted)
            {
                context.Response.StatusCode = e.StatusCode;
                // A form posted without its anti-forgery token: re-running this request for the error page would read the
                // same refused form again and fail with a 500, so it gets the bare 400 that pages give such a post.
                if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }
            }
        });

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealthEndpoints();
        app.MapCultureEndpoints();
        app.MapAccountEndpoints();
        app.MapCatalogEndpoints();
        app.MapDcatEndpoints();
        app.MapAuditEndpoints();
        app.MapPublishingEndpoints();
        app.MapOrganisationEndpoints();
        app.MapProtectionEndpoints();
        app.MapLinkageEndpoints();
        app.MapProfileEndpoints();
        app.MapPartnerEndpoints();
        app.MapWantedEndpoints();
        app.MapNotificationEndpoints();
        app.MapValueEndpoints();

        app.MapHumanCheckEndpoints();
        app.MapHarvestEndpoints();
        app.MapSchemaEndpoints();

        Agora.Web.Offers.OfferEndpoints.MapOfferEndpoints(app);
        Agora.Web.Agreements.AgreementEndpoints.MapAgreementEndpoints(app);
        Agora.Web.Querying.QueryEndpoints.MapQueryEndpoints(app);
        Agora.Web.Releases.ReleaseEndpoints.MapReleaseEndpoints(app);
        Agora.Web.Dataspace.DataspaceEndpoints.MapDataspaceEndpoints(app);
        app.MapRazorComponents<App>();
        return app;
    }

    internal static bool WantsHtml(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
