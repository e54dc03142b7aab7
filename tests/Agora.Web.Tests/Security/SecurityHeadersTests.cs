using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Agora.Testing;
using Agora.Web.Tests.Hosting;

namespace Agora.Web.Tests.Security;

[Collection(AgoraServerCollection.Name)]
public sealed partial class SecurityHeadersTests(AgoraServerFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/signup")]
    [InlineData("/api/datasets")]
    [InlineData("/catalog.ttl")]
    [InlineData("/no-such-page")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path)
    {
        using var client = fixture.Client();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var response = await client.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var scripts = Directive(csp, "script-src");
        Assert.Equal("'self'", scripts);
        Assert.Equal("'self'", Directive(csp, "style-src"));
        Assert.Equal("'none'", Directive(csp, "frame-ancestors"));
        Assert.Equal("'self'", Directive(csp, "worker-src"));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        // Over plain HTTP a browser ignores HSTS; it is sent over TLS only (see Https_ServesTheConfiguredCertificate_WithHsts).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>The API reference page may run its one inline script, allowed by that script's hash and nothing else.</summary>
    [Fact]
    public async Task ApiReferencePage_AllowsExactlyItsInlineScript()
    {
        using var client = fixture.Client();
        using var response = await client.GetAsync("/scalar/v1");
        var html = await response.Content.ReadAsStringAsync();
        var scripts = Directive(string.Join(";", response.Headers.GetValues("Content-Security-Policy")), "script-src");
        Assert.DoesNotContain("unsafe-inline", scripts, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", scripts, StringComparison.Ordinal);
        var inline = InlineScript().Matches(html);
        Assert.NotEmpty(inline);
        foreach (Match script in inline)
        {
            Assert.Contains("'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups[1].Value))) + "'", scripts, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pages_HaveNoInlineScriptOrStyle()
    {
        using var client = fixture.Client();
        foreach (var path in new[] { "/", "/datasets", "/account/signup", "/account/signin", "/human-check/email?action=signup" })
        {
            var html = await client.GetStringAsync(path);
            Assert.Empty(InlineScript().Matches(html));
            Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        }
    }

    /// <summary>Kestrel serves HTTPS with a certificate from configuration (here a self-signed one made for the test),
    /// and answers over TLS carry HSTS.</summary>
    [Fact]
    public async Task Https_ServesTheConfiguredCertificate_WithHsts()
    {
        var folder = Directory.CreateTempSubdirectory("agora-tls-").FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var pfx = Path.Combine(folder, "agora.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        await using var server = await AgoraTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = pfx,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = "test-password",
        });
        Assert.Equal("https", server.BaseAddress.Scheme);
        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                presented = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.RawData);
                return cert?.Thumbprint == certificate.Thumbprint;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(certificate.Thumbprint, presented?.Thumbprint);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Directory.Delete(folder, recursive: true);
    }

    private static string Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..];

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
