using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Agora.Platform.HumanCheck;
using Agora.Web.HumanCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Security;

/// <summary>Configuration section <c>Agora:RateLimits</c>. Counters live in each node's memory (ASP.NET Core has no
/// shared limiter); behind a load balancer of N nodes the effective limits are up to N times these.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Agora:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests per minute from one network prefix (/24 IPv4, /48 IPv6) without an account.</summary>
    [Range(1, int.MaxValue)]
    public int AnonymousPerMinute { get; set; } = 600;

    /// <summary>Requests per minute of one account (browser session or token), wherever they come from.</summary>
    [Range(1, int.MaxValue)]
    public int AccountPerMinute { get; set; } = 1200;

    /// <summary>Posts of protected forms (sign-up, sign-in, e-mail links, access requests) and challenges fetched, per
    /// network prefix per 10 minutes. Generous for a shared office or a school behind one address; the proof of work
    /// prices each submission on top.</summary>
    [Range(1, int.MaxValue)]
    public int ProtectedFormsPerTenMinutes { get; set; } = 120;
}

/// <summary>
/// Rate limits per network prefix and per account, answering 429 with <c>Retry-After</c>: ProblemDetails for the API
/// and programs, the "Too many requests" page for people. Two limiters are chained: a general one (per account when
/// signed in, else per prefix) and a stricter one for protected forms (per prefix, whoever is signed in).
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddAgoraRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var settings = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => General(context, settings)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => ProtectedForms(context, settings)));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> General(HttpContext context, RateLimitOptions settings)
    {
        if (!settings.Enabled || IsReExecuted(context))
        {
            return RateLimitPartition.GetNoLimiter("none");
        }
        var account = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        return account is not null
            ? RateLimitPartition.GetFixedWindowLimiter("u:" + account, _ => Window(settings.AccountPerMinute, TimeSpan.FromMinutes(1)))
            : RateLimitPartition.GetFixedWindowLimiter("n:" + NetworkPrefix.Of(context.Connection.RemoteIpAddress),
                _ => Window(settings.AnonymousPerMinute, TimeSpan.FromMinutes(1)));
    }

    private static RateLimitPartition<string> ProtectedForms(HttpContext context, RateLimitOptions settings)
    {
        var endpoint = context.GetEndpoint();
        var counts = settings.Enabled && !IsReExecuted(context) && endpoint?.Metadata.GetMetadata<ProtectedFormAttribute>() is not null
            && (HttpMethods.IsPost(context.Request.Method) || context.Request.Path.StartsWithSegments("/api/human-check", StringComparison.OrdinalIgnoreCase));
        return counts
            ? RateLimitPartition.GetFixedWindowLimiter("f:" + NetworkPrefix.Of(context.Connection.RemoteIpAddress),
                _ => Window(settings.ProtectedFormsPerTenMinutes, TimeSpan.FromMinutes(10)))
            : RateLimitPartition.GetNoLimiter("none");
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>The error page a refusal is re-rendered into must not be refused again.</summary>
    private static bool IsReExecuted(HttpContext context) => context.Features.Get<IStatusCodeReExecuteFeature>() is not null;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
        context.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
        var wantsPage = !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (wantsPage)
        {
            // The status-code page middleware renders the localised "Too many requests" page.
            return;
        }
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = string.Create(CultureInfo.InvariantCulture, $"Try again in {retryAfter} seconds."),
            },
        });
    }
}
