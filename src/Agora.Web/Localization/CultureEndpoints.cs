using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Localization;

public static class CultureEndpoints
{
    public static IEndpointRouteBuilder MapCultureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{language}", SetCulture).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The language switch: a plain link, so it works without JavaScript. Remembers the choice in the standard
    /// culture cookie and goes back to the page (local addresses only).</summary>
    public static RedirectHttpResult SetCulture(HttpContext context, string language, string? returnUrl)
    {
        if (JsonStringLocalizer.Languages.Contains(language, StringComparer.Ordinal))
        {
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(JsonStringLocalizer.Cultures[language])),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps });
        }
        return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
