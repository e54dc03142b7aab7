using System.Net;
using System.Text.RegularExpressions;

namespace Agora.Web.Tests.Security;

/// <summary>Posts the server-rendered forms the way a browser without JavaScript does: a cookie jar, the form's hidden
/// fields (anti-forgery token, the Blazor form name) read from the page, plus the visible fields the test fills in.</summary>
internal sealed partial class BrowserForms : IDisposable
{
    private readonly HttpClient _client;

    public BrowserForms(Uri baseAddress, string? token = null)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        if (token is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
    }

    public CookieContainer Cookies { get; }

    public HttpClient Client => _client;

    public async Task<string> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="path"/>, takes the hidden fields of the form named <paramref name="formName"/>, adds
    /// <paramref name="fields"/> and posts it to the page.</summary>
    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> PostAsync(string path, string formName, IDictionary<string, string> fields)
    {
        var page = await GetAsync(path);
        var values = HiddenFields(page, formName);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }
        using var response = await _client.PostAsync(path, new FormUrlEncodedContent(values));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    /// <summary>The hidden inputs inside the form whose <c>_handler</c> is <paramref name="formName"/>.</summary>
    public static Dictionary<string, string> HiddenFields(string page, string formName)
    {
        foreach (Match form in Form().Matches(page))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match input in HiddenInput().Matches(form.Value))
            {
                fields[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
            }
            if (fields.GetValueOrDefault("_handler") == formName)
            {
                return fields;
            }
        }
        throw new InvalidOperationException($"No form '{formName}' on the page.");
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex Form();

    [GeneratedRegex("<input(?=[^>]*type=\"hidden\")(?=[^>]*name=\"(?<name>[^\"]*)\")(?=[^>]*value=\"(?<value>[^\"]*)\")[^>]*>")]
    private static partial Regex HiddenInput();
}
