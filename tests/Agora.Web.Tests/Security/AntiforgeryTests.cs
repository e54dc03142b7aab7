using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Tests.Security;

/// <summary>Every form Agora serves refuses a post without its anti-forgery token (400), signed in or not; endpoints
/// that take form content without a token are exactly the listed API uploads, which browsers cannot be tricked into
/// sending with the session cookie (SameSite=Lax) and which programs call with a bearer token.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AntiforgeryTests(SecurityFixture fixture)
{
    private static readonly string[] TokenlessUploads =
        ["POST /api/uploads", "POST /api/datasets/{id:guid}/versions", "POST /api/organisations/{slug}/harvests/upload",
            "POST /api/datasets/{id:guid}/hierarchies/{attribute}/file"];

    public static TheoryData<Caller> Callers => [Caller.Anonymous, Caller.Steward];

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EveryForm_WithoutItsToken_IsRefused(Caller caller)
    {
        var forms = fixture.Endpoints.Where(AcceptsForms).ToList();
        Assert.Contains(forms, f => f.RoutePattern.RawText == "/account/signup");
        Assert.Contains(forms, f => f.RoutePattern.RawText == "/account/signout");
        var accepted = new List<string>();
        foreach (var endpoint in forms)
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
            if (fixture.Tokens[caller] is { } token)
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }
            var path = fixture.PathOf(endpoint);
            using var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "anything", ["Input.Email"] = "x@example.org", ["title"] = "x",
            }));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"{path}: {(int)response.StatusCode}");
            }
        }
        Assert.True(accepted.Count == 0, "Forms that accepted a post without an anti-forgery token:\n" + string.Join("\n", accepted));
    }

    // A browser's post (Accept: text/html) goes through the error pages; a form endpoint that reads its fields used to
    // fail there with a 500 when re-run for the error page.
    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EveryForm_PostedByABrowserWithoutItsToken_IsABadRequest_NeverAServerError(Caller caller)
    {
        var failed = new List<string>();
        foreach (var endpoint in fixture.Endpoints.Where(AcceptsForms))
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
            client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
            if (fixture.Tokens[caller] is { } token)
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }
            var path = fixture.PathOf(endpoint);
            using var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "anything", ["values"] = "x", ["title"] = "x",
            }));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failed.Add($"{path}: {(int)response.StatusCode}");
            }
        }
        Assert.True(failed.Count == 0, "Forms that did not answer 400 to a browser's post without an anti-forgery token:\n" + string.Join("\n", failed));
    }

    [Fact]
    public void OnlyTheListedUploads_TakeFormsWithoutAToken()
    {
        var tokenless = fixture.Endpoints
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null && e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Any(IsForm) == true)
            .Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation != true)
            .SelectMany(AuthorisationMatrixTests.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(TokenlessUploads.Order(StringComparer.Ordinal), tokenless);
    }

    /// <summary>Pages (all accept POST) and API endpoints that read forms and require the token.</summary>
    private static bool AcceptsForms(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
        || endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation == true
        || (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
            && endpoint.RoutePattern.RawText!.StartsWith("/account/", StringComparison.Ordinal));

    private static bool IsForm(string contentType) =>
        contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
