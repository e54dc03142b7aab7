using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Platform.Accounts;
using Agora.Platform.Organisations;
using Agora.Testing;
using Agora.Web.Tests.Publishing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Tests.Security;

/// <summary>The six kinds of caller of the authorisation matrix, in the order the matrix runs them (the ones that may
/// change things last).</summary>
public enum Caller
{
    Anonymous,
    OtherSteward,
    Operator,
    Analyst,
    Steward,
    Admin,
}

/// <summary>
/// A server with one organisation (hospital: admin, steward, analyst, and a member to remove), another organisation's
/// steward, a platform operator, and the things routes point at: the hospital's draft dataset with a version, a staged
/// upload and a job of its steward, a spare token of the analyst, a harvest source.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public AgoraTestServer Server { get; private set; } = null!;

    public Dictionary<Caller, string?> Tokens { get; } = [];

    public Guid Hospital { get; private set; }

    public Guid DraftDataset { get; private set; }

    public string DraftSlug { get; private set; } = "";

    public Guid Upload { get; private set; }

    public Guid Job { get; private set; }

    public Guid SpareToken { get; private set; }

    public string RemovableMember { get; private set; } = "";

    public IReadOnlyList<RouteEndpoint> Endpoints { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Server = await AgoraTestServer.StartAsync(new Dictionary<string, string?>
        {
            // The matrix and the fuzzing send a few thousand requests from one address.
            ["Agora:RateLimits:Enabled"] = "false",
        });
        var admin = await Server.CreateUserAsync("admin@hospital.example");
        var steward = await Server.CreateUserAsync("steward@hospital.example");
        var analyst = await Server.CreateUserAsync("analyst@hospital.example");
        RemovableMember = await Server.CreateUserAsync("leaving@hospital.example");
        var companyAdmin = await Server.CreateUserAsync("admin@company.example");
        var otherSteward = await Server.CreateUserAsync("steward@company.example");
        var operatorId = await Server.CreateUserAsync("dpo@agora.example");
        using (var scope = Server.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AgoraUser>>();
            var dpo = await users.FindByIdAsync(operatorId);
            dpo!.IsPlatformOperator = true;
            await users.UpdateAsync(dpo);
        }
        Hospital = (await Server.CreateOrganisationAsync("hospital", admin, OrganisationKind.Public,
            ("steward@hospital.example", OrganisationRole.DataSteward), ("analyst@hospital.example", OrganisationRole.Analyst),
            ("leaving@hospital.example", OrganisationRole.Analyst))).Id;
        await Server.CreateOrganisationAsync("company", companyAdmin, OrganisationKind.Private, ("steward@company.example", OrganisationRole.DataSteward));
        Tokens[Caller.Anonymous] = null;
        Tokens[Caller.Admin] = await Server.IssueTokenAsync(admin);
        Tokens[Caller.Steward] = await Server.IssueTokenAsync(steward);
        Tokens[Caller.Analyst] = await Server.IssueTokenAsync(analyst);
        Tokens[Caller.OtherSteward] = await Server.IssueTokenAsync(otherSteward);
        Tokens[Caller.Operator] = await Server.IssueTokenAsync(operatorId);

        using var client = Server.CreateClient(Tokens[Caller.Steward]);
        // A draft without a description: it cannot be submitted, so the matrix's submits never change its state.
        DraftDataset = await ApiPublishing.PublishNewAsync(client, Hospital, "Beds", "ward;beds\nA;10\nB;12\n");
        DraftSlug = (await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{DraftDataset}")).GetProperty("slug").GetString()!;
        using var upload = await ApiPublishing.UploadAsync(client, Hospital, "more.csv", Encoding.UTF8.GetBytes("ward;beds\nC;3\n"));
        Upload = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var second = await ApiPublishing.UploadAsync(client, Hospital, "job.csv", Encoding.UTF8.GetBytes("ward;beds\nD;4\n"), DraftDataset);
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var confirm = await client.PostAsJsonAsync($"/api/uploads/{secondId}/confirm", new { columns = Array.Empty<object>() });
        Job = (await confirm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await ApiPublishing.WaitAsync(client, Job);

        using var analystClient = Server.CreateClient(Tokens[Caller.Analyst]);
        using var spare = await analystClient.PostAsJsonAsync("/api/tokens", new { name = "spare", scopes = new[] { "read" }, days = 1 });
        SpareToken = (await spare.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetProperty("id").GetGuid();

        Endpoints = [.. Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];
    }

    /// <summary>The path of a route with every parameter filled with the fixture's things.</summary>
    public string PathOf(RouteEndpoint endpoint)
    {
        var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}]+)\}", m => Value(pattern, m.Groups[1].Value.Split(':', '=', '?')[0]));
        return path.Replace("//", "/", StringComparison.Ordinal);
    }

    private string Value(string pattern, string parameter) => parameter.ToLowerInvariant() switch
    {
        "id" when pattern.StartsWith("/api/uploads", StringComparison.Ordinal) => Upload.ToString(),
        "id" when pattern.StartsWith("/api/jobs", StringComparison.Ordinal) => Job.ToString(),
        "id" when pattern.StartsWith("/api/tokens", StringComparison.Ordinal) => SpareToken.ToString(),
        "id" => DraftDataset.ToString(),
        "uploadid" => Upload.ToString(),
        "jobid" => Job.ToString(),
        "slug" when pattern.StartsWith("/datasets/", StringComparison.Ordinal) => DraftSlug,
        "slug" or "organisationslug" => "hospital",
        "userid" => RemovableMember,
        "number" or "versionnumber" => "1",
        "attribute" => "ward",
        "name" => "matrix-algorithm",
        "grantid" or "contributionid" or "resultid" => "00000000-0000-0000-0000-00000000abcd",
        "pid" => "urn:uuid:00000000-0000-0000-0000-00000000abcd",
        "projectslug" => "matrix-project",
        "code" => "404",
        "language" => "fr",
        "documentname" => "v1",
        _ => throw new InvalidOperationException($"The security tests do not know what to put in {{{parameter}}} of {pattern}: add it to SecurityFixture."),
    };

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "security";
}
