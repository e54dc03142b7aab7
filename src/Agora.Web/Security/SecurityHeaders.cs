using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Agora.Web.Security;

/// <summary>
/// The response headers every Agora answer carries. The Content-Security-Policy allows scripts, styles, workers and
/// connections from Agora's own origin only: no inline script or style, no <c>eval</c>, no <c>blob:</c> workers, no third
/// party, and no framing (clickjacking). HSTS is sent on HTTPS only, where browsers honour it.
/// </summary>
public static partial class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API reference page (Scalar) starts with one inline script and sets inline styles. It gets a policy of
    /// its own: scripts from Agora's origin plus that one script by its SHA-256 hash (computed from the page as served,
    /// for that fixed address only, whose script holds no request input), inline styles allowed.</summary>
    public const string ApiReferencePath = "/scalar/v1";

    private const string PolicyKey = "agora:csp";

    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items.TryGetValue(PolicyKey, out var policy) && policy is string custom ? custom : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }
            return Task.CompletedTask;
        });
        return next(context);
    }).UseWhen(context => context.Request.Path.Equals(ApiReferencePath, StringComparison.Ordinal), page => page.Use(AllowInlineScriptsOfPageAsync));

    private static async Task AllowInlineScriptsOfPageAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        var html = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var hashes = InlineScripts().Matches(html)
            .Select(m => "'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(m.Groups[1].Value))) + "'");
        context.Items[PolicyKey] = "default-src 'self'; script-src 'self' " + string.Join(' ', hashes) + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            "font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    [System.Text.RegularExpressions.GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex InlineScripts();
}
