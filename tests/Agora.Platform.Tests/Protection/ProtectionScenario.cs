using System.Globalization;
using System.Text;
using Agora.Data.Storage;
using Agora.Platform.Catalog;
using Agora.Platform.Demo;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Agora.Platform.Tests.Metadata;
using Agora.Privacy.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Platform.Tests.Protection;

/// <summary>A store with an organisation (admin, steward, analyst), a way to publish a CSV through the real publishing
/// service, and a worker that runs every queued job (ingestion, detection, protection, linkage) in this process.</summary>
internal sealed class ProtectionScenario : IAsyncDisposable
{
    private ProtectionScenario(TestStore store) => Store = store;

    public TestStore Store { get; }

    public Organisation Hospital { get; private set; } = null!;

    public string AdminId { get; private set; } = "";

    public string StewardId { get; private set; } = "";

    public string AnalystId { get; private set; } = "";

    public static async Task<ProtectionScenario> CreateAsync(MetadataProvider provider, string? masterKey = null)
    {
        var scenario = new ProtectionScenario(await TestStore.CreateAsync(provider, masterKey: masterKey));
        scenario.AdminId = await scenario.Store.CreateUserAsync("admin@hospital.example");
        scenario.StewardId = await scenario.Store.CreateUserAsync("steward@hospital.example");
        scenario.AnalystId = await scenario.Store.CreateUserAsync("analyst@hospital.example");
        scenario.Hospital = await scenario.CreateOrganisationAsync("hospital", scenario.AdminId,
            ("steward@hospital.example", OrganisationRole.DataSteward), ("analyst@hospital.example", OrganisationRole.Analyst));
        return scenario;
    }

    public Task<Actor> ActorAsync(string userId) => Store.ActorAsync(userId);

    public async Task<Organisation> CreateOrganisationAsync(string slug, string adminId, params (string Email, OrganisationRole Role)[] members)
    {
        var organisation = await Store.WithAsync(async s => await s.GetRequiredService<OrganisationService>()
            .CreateAsync(await Store.ActorAsync(adminId), slug, slug.ToUpperInvariant(), OrganisationKind.Public, null, CancellationToken.None));
        foreach (var (email, role) in members)
        {
            await Store.WithAsync(async s =>
            {
                await s.GetRequiredService<OrganisationService>().SetMemberAsync(await Store.ActorAsync(adminId), organisation.Id, email, role, CancellationToken.None);
                return 0;
            });
        }
        return organisation;
    }

    /// <summary>Uploads a CSV as a new dataset (or a new version), runs ingestion and detection, returns the dataset.</summary>
    public async Task<Dataset> PublishAsync(string userId, Guid organisationId, string csv, string title, Guid? datasetId = null)
    {
        var actor = await ActorAsync(userId);
        var upload = await Store.WithAsync(s => s.GetRequiredService<PublishingService>()
            .StageAsync(actor, organisationId, datasetId, "data.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)), CancellationToken.None));
        await Store.WithAsync(s => s.GetRequiredService<PublishingService>().ConfirmAsync(actor, upload.Id, [],
            datasetId is null ? new DatasetInput { Title = new() { ["en"] = title } } : null, CancellationToken.None));
        await RunJobsAsync();
        return await Store.WithAsync(async s =>
        {
            var db = s.GetRequiredService<AgoraDbContext>();
            var id = datasetId ?? await db.Datasets.Where(d => d.OrganisationId == organisationId).OrderByDescending(d => d.CreatedAt).Select(d => d.Id).FirstAsync();
            return await s.GetRequiredService<CatalogService>().GetAsync(actor, id, CancellationToken.None);
        });
    }

    public Task<Dataset> DatasetAsync(string userId, Guid datasetId) =>
        Store.WithAsync(async s => await s.GetRequiredService<CatalogService>().GetAsync(await Store.ActorAsync(userId), datasetId, CancellationToken.None));

    /// <summary>Runs queued jobs until none is left; fails the test when a job failed unexpectedly.</summary>
    public async Task<List<Job>> RunJobsAsync()
    {
        await using var scope = Store.Scope();
        var kinds = scope.ServiceProvider.GetServices<IJobHandler>().Select(h => h.Kind).ToArray();
        var worker = new JobWorker(scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>(), scope.ServiceProvider.GetRequiredService<JobSignal>(),
            NullLogger<JobWorker>.Instance);
        while (await worker.RunOneAsync(kinds, CancellationToken.None))
        {
        }
        return await Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().Jobs.AsNoTracking().ToListAsync());
    }

    /// <summary>Reads a stored version decrypted, as text rows (header first).</summary>
    public async Task<List<Dictionary<string, string?>>> RowsAsync(DatasetVersion version)
    {
        return await Store.WithAsync(s =>
        {
            using var reader = s.GetRequiredService<DataPlane>().Store.OpenRead(version.ContentHash, WrappedKey.Parse(version.WrappedKey));
            var preview = reader.Preview(100_000);
            return Task.FromResult(preview.Rows.Select(r => preview.Columns.Select((c, i) => (c, r[i])).ToDictionary(p => p.c, p => p.Item2)).ToList());
        });
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();

    public static readonly string[] Diagnoses = ["asthma", "diabetes", "influenza", "fracture", "migraine", "hypertension"];

    private static readonly string[] Names = ["Anna Muller", "Jean Schmit", "Marie Weber", "Paul Hoffmann", "Claire Wagner", "Luc Kieffer", "Sophie Reuter", "Marc Thill"];

    /// <summary>Synthetic patients (seeded, not security-relevant): a valid Luxembourg national identifier, a name, an e-mail
    /// address, a birth date, a postcode, a sex and a diagnosis; <paramref name="firstSerial"/> shifts the identifiers so two
    /// files share some people.</summary>
    public static string PatientsCsv(int rows, int seed = 7, int firstPerson = 0)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("matricule,nom,email,date_de_naissance,code_postal,sexe,diagnostic\n");
        for (var i = 0; i < rows; i++)
        {
            var person = firstPerson + i;
            var birth = new DateOnly(1940, 1, 1).AddDays(person * 37 % 25_000);
            var name = Names[person % Names.Length];
            csv.Append(CultureInfo.InvariantCulture,
                $"{NationalIdentificationNumber.Create(birth, person % 1000)},{name},{name.Replace(' ', '.').ToLowerInvariant()}{person}@post.lu,{birth:yyyy-MM-dd},L-{1000 + (person * 131 % 8000)},{(person % 2 == 0 ? "F" : "M")},{Diagnoses[random.Next(Diagnoses.Length)]}\n");
        }
        return csv.ToString();
    }
}
