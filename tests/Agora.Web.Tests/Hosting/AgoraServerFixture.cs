using Agora.Platform.Organisations;
using Agora.Testing;

namespace Agora.Web.Tests.Hosting;

/// <summary>One real server for the API tests, with two organisations and their people.</summary>
public sealed class AgoraServerFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 1024 * 1024;

    public AgoraTestServer Server { get; private set; } = null!;

    public Organisation Hospital { get; private set; } = null!;

    public Organisation Company { get; private set; } = null!;

    public string HospitalSteward { get; private set; } = null!;

    public string HospitalAnalyst { get; private set; } = null!;

    public string CompanySteward { get; private set; } = null!;

    public string HospitalAdmin { get; private set; } = null!;

    public string CompanyAdmin { get; private set; } = null!;

    public string Operator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await AgoraTestServer.StartAsync(new Dictionary<string, string?> { ["Agora:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var hospitalAdmin = await Server.CreateUserAsync("admin@hospital.example");
        await Server.CreateUserAsync("steward@hospital.example");
        await Server.CreateUserAsync("analyst@hospital.example");
        var companyAdmin = await Server.CreateUserAsync("admin@company.example");
        await Server.CreateUserAsync("steward@company.example");
        Hospital = await Server.CreateOrganisationAsync("hospital", hospitalAdmin, OrganisationKind.Public,
            ("steward@hospital.example", OrganisationRole.DataSteward), ("analyst@hospital.example", OrganisationRole.Analyst));
        Company = await Server.CreateOrganisationAsync("company", companyAdmin, OrganisationKind.Private,
            ("steward@company.example", OrganisationRole.DataSteward));
        HospitalSteward = await TokenForAsync("steward@hospital.example");
        HospitalAnalyst = await TokenForAsync("analyst@hospital.example");
        CompanySteward = await TokenForAsync("steward@company.example");
        HospitalAdmin = await TokenForAsync("admin@hospital.example");
        CompanyAdmin = await TokenForAsync("admin@company.example");
        await Server.CreateUserAsync("operator@agora.example", isOperator: true);
        Operator = await TokenForAsync("operator@agora.example");
    }

    public HttpClient Client(string? token = null) => Server.CreateClient(token);

    private async Task<string> TokenForAsync(string email)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(Server.Services);
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Agora.Platform.Accounts.AgoraUser>>(scope.ServiceProvider);
        var user = await users.FindByEmailAsync(email);
        return await Server.IssueTokenAsync(user!.Id);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AgoraServerCollection : ICollectionFixture<AgoraServerFixture>
{
    public const string Name = "server";
}
