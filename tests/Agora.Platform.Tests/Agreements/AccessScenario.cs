using System.Globalization;
using System.Text;
using Agora.Platform.Agreements;
using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Offers;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Agora.Platform.Tests.Metadata;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Policies;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Agreements;

/// <summary>
/// A hospital (provider) with two stewards, a ministry (consumer) with an analyst and a steward, and a company with a
/// steward; one published dataset of 400 synthetic patients ingested as a real encrypted version (one row per patient:
/// id, age, sex, region, stay_days; the region "islands" has only two patients).
/// </summary>
public sealed class AccessScenario : IAsyncDisposable
{
    private AccessScenario(TestStore store) => Store = store;

    public TestStore Store { get; }

    public Organisation Hospital { get; private set; } = null!;

    public Organisation Ministry { get; private set; } = null!;

    public Organisation Company { get; private set; } = null!;

    public Actor HospitalSteward { get; private set; } = null!;

    public Actor HospitalSecondSteward { get; private set; } = null!;

    public Actor MinistryAnalyst { get; private set; } = null!;

    public Actor MinistrySteward { get; private set; } = null!;

    public Actor CompanySteward { get; private set; } = null!;

    public Dataset Dataset { get; private set; } = null!;

    public string Relation => OfferService.RelationName(Dataset);

    public static async Task<AccessScenario> CreateAsync(MetadataProvider provider)
    {
        var scenario = new AccessScenario(await TestStore.CreateAsync(provider));
        await scenario.ArrangeAsync();
        return scenario;
    }

    private async Task ArrangeAsync()
    {
        var hospitalAdmin = await Store.CreateUserAsync("admin@hospital.example");
        var steward = await Store.CreateUserAsync("steward@hospital.example");
        var steward2 = await Store.CreateUserAsync("steward2@hospital.example");
        var ministryAdmin = await Store.CreateUserAsync("admin@ministry.example");
        var analyst = await Store.CreateUserAsync("analyst@ministry.example");
        var ministrySteward = await Store.CreateUserAsync("steward@ministry.example");
        var companyAdmin = await Store.CreateUserAsync("admin@company.example");
        Hospital = await OrganisationAsync(hospitalAdmin, "hospital", OrganisationKind.Public,
            ("steward@hospital.example", OrganisationRole.DataSteward), ("steward2@hospital.example", OrganisationRole.DataSteward));
        Ministry = await OrganisationAsync(ministryAdmin, "ministry", OrganisationKind.Public,
            ("analyst@ministry.example", OrganisationRole.Analyst), ("steward@ministry.example", OrganisationRole.DataSteward));
        Company = await OrganisationAsync(companyAdmin, "company", OrganisationKind.Private);
        HospitalSteward = await Store.ActorAsync(steward);
        HospitalSecondSteward = await Store.ActorAsync(steward2);
        MinistryAnalyst = await Store.ActorAsync(analyst);
        MinistrySteward = await Store.ActorAsync(ministrySteward);
        CompanySteward = await Store.ActorAsync(companyAdmin);
        Dataset = await PublishAsync();
    }

    private async Task<Organisation> OrganisationAsync(string adminId, string slug, OrganisationKind kind, params (string Email, OrganisationRole Role)[] members)
    {
        await using var scope = Store.Scope();
        var organisations = scope.ServiceProvider.GetRequiredService<OrganisationService>();
        var organisation = await organisations.CreateAsync(await Store.ActorAsync(adminId), slug, slug.ToUpperInvariant(), kind, null, CancellationToken.None);
        var admin = await Store.ActorAsync(adminId);
        foreach (var (email, role) in members)
        {
            await organisations.SetMemberAsync(admin, organisation.Id, email, role, CancellationToken.None);
        }
        return organisation;
    }

    public static string PatientsCsv()
    {
        var random = new Random(20261126);
        var regions = new[] { "north", "south", "east", "west" };
        var csv = new StringBuilder("person_id,age,sex,region,stay_days\n");
        for (var i = 1; i <= 400; i++)
        {
            var region = i <= 2 ? "islands" : regions[random.Next(regions.Length)];
            csv.Append(CultureInfo.InvariantCulture, $"{i},{18 + random.Next(70)},{(random.Next(2) == 0 ? "F" : "M")},{region},{random.Next(30)}\n");
        }
        return csv.ToString();
    }

    /// <summary>Publishes the patients file as a (further) restricted dataset of the hospital.</summary>
    public async Task<Dataset> PublishAsync(string slug = "patient-stays", string title = "Patient stays")
    {
        await using var scope = Store.Scope();
        var services = scope.ServiceProvider;
        var data = services.GetRequiredService<DataPlane>();
        var catalog = services.GetRequiredService<CatalogService>();
        var folder = Directory.CreateTempSubdirectory("agora-access-").FullName;
        try
        {
            var path = Path.Combine(folder, "patients.csv");
            await File.WriteAllTextAsync(path, PatientsCsv());
            var stored = await data.Store.IngestAsync(path, data.Store.Inspect(path).Plan);
            var dataset = await catalog.CreateAsync(HospitalSteward, Hospital.Id, new DatasetInput
            {
                Slug = slug, Title = new() { ["en"] = title }, Description = new() { ["en"] = "Stays." }, Themes = ["HEAL"],
                AccessRights = AccessRights.Restricted, ContactEmail = "data@hospital.example",
            }, CancellationToken.None);
            await catalog.AddVersionAsync(HospitalSteward, dataset.Id, _ => new DatasetVersion
            {
                ContentHash = stored.ContentHash, StoragePath = Path.GetRelativePath(data.DataDirectory, Path.Combine(data.Store.Root, stored.RelativePath)),
                WrappedKey = stored.WrappedKey.ToString(), RowCount = stored.RowCount, ByteSize = stored.SizeBytes, SourceFormat = "csv",
                SourceFileName = "patients.csv", Columns = [.. stored.Columns.Select(c => new VersionColumn(c.Name, c.Type.ToString(), true))],
                CreatedById = HospitalSteward.RequiredUserId, CreatedAt = DateTimeOffset.UtcNow,
            }, CancellationToken.None);
            await catalog.SubmitAsync(HospitalSteward, dataset.Id, CancellationToken.None);
            await catalog.ApproveAsync(HospitalSteward, dataset.Id, null, CancellationToken.None);
            return await catalog.GetAsync(HospitalSteward, dataset.Id, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Differential privacy for scientific research by public bodies: ε = 1 in total, 0.1 per query.</summary>
    public static OfferTerms DpTerms(bool autoApprove = false) => new()
    {
        Title = "DP aggregates for research",
        Actions = [PolicyVocabulary.AggregateQuery, PolicyVocabulary.ApprovedAlgorithm],
        Purposes = ["agora:ScientificResearch"],
        OrganisationKinds = ["agora:PublicBody"],
        OutputControl = OutputControlKind.DifferentialPrivacy,
        BudgetMeasure = PrivacyMeasure.PureDp,
        BudgetTotal = 1.0,
        BudgetPerQuery = 0.1,
        BudgetDelta = 1e-5,
        Privacy = new PrivacyMetadata
        {
            Bounds = new(StringComparer.OrdinalIgnoreCase) { ["age"] = [0, 120], ["stay_days"] = [0, 60] },
            PublicKeys = new(StringComparer.OrdinalIgnoreCase) { ["sex"] = ["F", "M"] },
        },
        AttributionText = "Source: Hospital patient stays",
        AutoApprove = autoApprove,
    };

    /// <summary>Statistical disclosure control, two reviewers for held outputs.</summary>
    public static OfferTerms SdcTerms(int reviewers = 2) => new()
    {
        Title = "Checked aggregates",
        Actions = [PolicyVocabulary.AggregateQuery],
        Purposes = ["agora:OfficialStatistics"],
        OutputControl = OutputControlKind.StatisticalDisclosureControl,
        Privacy = new PrivacyMetadata { PrivacyUnitColumn = "person_id" },
        ReviewersRequired = reviewers,
    };

    public Task<OfferView> OfferAsync(OfferTerms terms) =>
        Store.WithAsync(s => s.GetRequiredService<OfferService>().CreateAsync(HospitalSteward, Dataset.Id, terms, CancellationToken.None));

    public Task<NegotiationView> RequestAsync(Guid offerId, string purpose = "agora:HealthResearch", Actor? by = null, Guid? organisation = null) =>
        Store.WithAsync(s => s.GetRequiredService<AgreementService>().RequestAsync(by ?? MinistryAnalyst, offerId, organisation ?? Ministry.Id, purpose,
            "Length of stay by region.", CancellationToken.None));

    public Task<NegotiationView> ApproveAsync(Guid negotiationId, Actor? by = null) =>
        Store.WithAsync(s => s.GetRequiredService<AgreementService>().ApproveAsync(by ?? HospitalSteward, negotiationId, "ok", CancellationToken.None));

    /// <summary>Offer → request → approval: the agreement id.</summary>
    public async Task<Guid> AgreementAsync(OfferTerms terms)
    {
        var offer = await OfferAsync(terms);
        var request = await RequestAsync(offer.Offer.Id, terms.OutputControl == OutputControlKind.DifferentialPrivacy ? "agora:HealthResearch" : "agora:OfficialStatistics");
        var approved = await ApproveAsync(request.Negotiation.Id);
        return approved.Negotiation.AgreementId!.Value;
    }

    public Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action) => Store.WithAsync(action);

    public async Task<List<string>> AuditActionsAsync()
    {
        await using var scope = Store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        return [.. db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action)];
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
