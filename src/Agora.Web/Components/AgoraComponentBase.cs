using System.Globalization;
using Agora.Platform;
using Agora.Platform.Organisations;
using Agora.Web.Accounts;
using Agora.Web.ErrorHandling;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;

namespace Agora.Web.Components;

/// <summary>What every page needs: the request, who is acting, the UI strings and the current language.</summary>
public abstract class AgoraComponentBase : ComponentBase
{
    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = null!;

    [Inject]
    public IStringLocalizer<Strings> T { get; set; } = null!;

    [Inject]
    public NavigationManager Navigation { get; set; } = null!;

    protected Actor Actor { get; private set; } = Actor.Anonymous;

    /// <summary>en, fr, de or lb.</summary>
    protected static string Language => JsonStringLocalizer.LanguageOf(CultureInfo.CurrentUICulture);

    /// <summary>The colon after a label that markup follows ("File: <strong>…</strong>"), as the language writes it:
    /// French puts a non-breaking space before it. Text without markup uses a template such as <c>T["{0}: {1}"]</c>.</summary>
    protected string Colon => T["{0}:", ""];

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>A refusal to show instead of the page (for example 404 for another organisation's draft).</summary>
    protected PlatformException? Refusal { get; set; }

    protected sealed override async Task OnInitializedAsync()
    {
        Actor = await HttpContext.GetActorAsync();
        try
        {
            await LoadAsync();
        }
        catch (PlatformException e) when (e.Error is PlatformError.NotFound or PlatformError.Forbidden or PlatformError.Unauthenticated)
        {
            Refuse(e);
        }
    }

    /// <summary>Loads the page's data; <see cref="Actor"/> is ready.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    protected void Refuse(PlatformException e)
    {
        if (e.Error == PlatformError.Unauthenticated)
        {
            Navigation.NavigateTo("/account/signin?returnUrl=" + Uri.EscapeDataString(HttpContext.Request.Path + HttpContext.Request.QueryString));
            return;
        }
        Refusal = e;
        HttpContext.Response.StatusCode = PlatformExceptionHandler.StatusOf(e.Error);
    }

    protected void RequireSignIn()
    {
        if (!Actor.IsAuthenticated)
        {
            Refuse(new PlatformException(PlatformError.Unauthenticated, "Sign in first."));
        }
    }

    protected static string Date(DateTimeOffset value) => value.ToLocalTime().ToString("d", CultureInfo.CurrentCulture);

    protected static string DateTime(DateTimeOffset value) => value.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);

    protected static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
