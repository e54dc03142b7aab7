using System.Globalization;
using System.Text;
using Agora.Data.Files;
using Agora.Data.Storage;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Profiling;
using Agora.Platform.Publishing;
using Agora.Platform.Tests.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Platform.Tests.Value;

/// <summary>Two organisations on a fresh store (either provider) and a way to add real datasets: the CSV is ingested
/// into the encrypted store, recorded, profiled by the real job and, unless asked otherwise, published.</summary>
internal sealed class PublishedWorld : IAsyncDisposable
{
    private PublishedWorld(TestStore store)
    {
        Store = store;
    }

    public TestStore Store { get; }

    public Organisation Hospital { get; private set; } = null!;

    public Organisation Company { get; private set; } = null!;

    public Actor HospitalSteward { get; private set; } = null!;

    public Actor CompanySteward { get; private set; } = null!;

    /// <summary>A signed-in person of no organisation.</summary>
    public Actor Outsider { get; private set; } = null!;

    public static async Task<PublishedWorld> CreateAsync(MetadataProvider provider)
    {
        var world = new PublishedWorld(await TestStore.CreateAsync(provider));
        var hospitalId = await world.Store.CreateUserAsync("steward@hospital.example");
        var companyId = await world.Store.CreateUserAsync("steward@company.example");
        var outsiderId = await world.Store.CreateUserAsync("someone@elsewhere.example");
        world.Hospital = await world.WithAsync(async s => await s.GetRequiredService<OrganisationService>()
            .CreateAsync(await world.Store.ActorAsync(hospitalId), "hospital", "Hospital", OrganisationKind.Public, null, CancellationToken.None));
        world.Company = await world.WithAsync(async s => await s.GetRequiredService<OrganisationService>()
            .CreateAsync(await world.Store.ActorAsync(companyId), "company", "Company", OrganisationKind.Private, null, CancellationToken.None));
        world.HospitalSteward = await world.Store.ActorAsync(hospitalId);
        world.CompanySteward = await world.Store.ActorAsync(companyId);
        world.Outsider = await world.Store.ActorAsync(outsiderId);
        return world;
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Store.Scope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Ingests <paramref name="csv"/> as a new dataset of the steward's organisation, profiles it and publishes it.</summary>
    public async Task<Dataset> AddAsync(Actor steward, Organisation organisation, string title, string csv, AccessRights access = AccessRights.Public,
        bool publish = true, string? frequency = null, string[]? keywords = null)
    {
        var folder = Directory.CreateTempSubdirectory("agora-world-").FullName;
        try
        {
            var path = Path.Combine(folder, "data.csv");
            await File.WriteAllTextAsync(path, csv, Encoding.UTF8);
            return await AddStoredAsync(steward, organisation, title, data => data.Store.IngestAsync(path, data.Store.Inspect(path).Plan, CancellationToken.None),
                access, publish, frequency, keywords);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Records what <paramref name="store"/> put in the version store (ingested, or derived as protection and
    /// linkage do) as a new dataset of the steward's organisation, profiles it and, unless asked otherwise, publishes it.</summary>
    public async Task<Dataset> AddStoredAsync(Actor steward, Organisation organisation, string title, Func<DataPlane, Task<StoredVersion>> store,
        AccessRights access = AccessRights.Public, bool publish = true, string? frequency = null, string[]? keywords = null)
    {
        var dataset = await WithAsync(async s =>
        {
            var data = s.GetRequiredService<DataPlane>();
            var catalog = s.GetRequiredService<CatalogService>();
            var stored = await store(data);
            var created = await catalog.CreateAsync(steward, organisation.Id, new DatasetInput
            {
                Title = new() { ["en"] = title },
                Description = new() { ["en"] = title + ", for tests." },
                Keywords = keywords is null ? new() : new() { ["en"] = [.. keywords] },
                Themes = ["HEAL"],
                Licence = "CC_BY_4_0",
                AccessRights = access,
                ContactEmail = "data@example.org",
                Frequency = frequency,
            }, CancellationToken.None);
            var version = await catalog.AddVersionAsync(steward, created.Id, _ => new DatasetVersion
            {
                ContentHash = stored.ContentHash,
                StoragePath = Path.GetRelativePath(data.DataDirectory, Path.Combine(data.Store.Root, stored.RelativePath)),
                WrappedKey = stored.WrappedKey.ToString(),
                RowCount = stored.RowCount,
                ByteSize = stored.SizeBytes,
                SourceFormat = stored.SourceFormat == TabularFormat.Csv ? "csv" : "parquet",
                SourceFileName = stored.SourceFormat == TabularFormat.Csv ? "data.csv" : "data.parquet",
                Columns = [.. stored.Columns.Select(c => new VersionColumn(c.Name, c.Type.ToString(), true))],
                CreatedById = steward.RequiredUserId,
                CreatedAt = DateTimeOffset.UtcNow,
            }, CancellationToken.None);
            await s.GetRequiredService<ProfileScheduler>().EnqueueAsync(version.Id, steward.RequiredUserId, organisation.Id, CancellationToken.None);
            return created;
        });
        await RunJobsAsync();
        if (publish)
        {
            await PublishAsync(steward, dataset.Id);
        }
        return await GetAsync(steward, dataset.Id);
    }

    public Task PublishAsync(Actor steward, Guid datasetId) => WithAsync(async s =>
    {
        var catalog = s.GetRequiredService<CatalogService>();
        await catalog.SubmitAsync(steward, datasetId, CancellationToken.None);
        return await catalog.ApproveAsync(steward, datasetId, "ok", CancellationToken.None);
    });

    public Task<Dataset> GetAsync(Actor actor, Guid datasetId) =>
        WithAsync(s => s.GetRequiredService<CatalogService>().GetAsync(actor, datasetId, CancellationToken.None));

    /// <summary>Runs every waiting job with the real worker code; returns how many ran.</summary>
    public async Task<int> RunJobsAsync()
    {
        await using var scope = Store.Scope();
        var worker = new JobWorker(scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>(), scope.ServiceProvider.GetRequiredService<JobSignal>(),
            NullLogger<JobWorker>.Instance);
        var ran = 0;
        while (await worker.RunOneAsync([ProfileScheduler.JobKind], CancellationToken.None))
        {
            ran++;
        }
        return ran;
    }

    /// <summary>A CSV of <paramref name="rows"/> rows: a code column (<paramref name="codes"/> codes, repeated), an
    /// identifier column (one value per row) and a whole-number measure.</summary>
    public static string Csv(string codeColumn, string codePrefix, int codes, int rows, string idColumn = "person_id", string idPrefix = "P",
        int idOffset = 0, string measure = "amount")
    {
        var builder = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{codeColumn},{idColumn},{measure}\n");
        for (var i = 0; i < rows; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{codePrefix}{i % codes:000},{idPrefix}{i + idOffset:00000},{(i * 37) % 100}\n");
        }
        return builder.ToString();
    }

    public async ValueTask DisposeAsync() => await Store.DisposeAsync();
}
