using Agora.Platform.Accounts;
using Agora.Platform.Agreements;
using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Metadata;
using Agora.Platform.Offers;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Agora.Platform.Demo;

/// <summary>
/// Seeds the demo platform (<c>agora serve --demo</c>): three organisations, an account per role in each, a platform
/// operator, the six synthetic datasets ingested as real encrypted versions and published through the same
/// governance path as any dataset, and one finalised agreement (the ministry may query the patient registry under
/// differential privacy) so the demo analyst can query at once. Idempotent: what exists is left alone.
/// </summary>
public sealed partial class DemoSeeder(AgoraDbContext db, MetadataStore store, UserManager<AgoraUser> users, ActorLoader actors,
    OrganisationService organisations, CatalogService catalog, DataPlane data, OfferService offers, AgreementService agreements, TimeProvider clock,
    ILogger<DemoSeeder> logger, Protection.DemoProtection protection, Profiling.ProfileScheduler profiles, DemoValueSeeder valueSeeder)
{
    /// <summary>The password of every demo account (printed by <c>serve --demo</c>; demo data only).</summary>
    public const string DemoPassword = "agora-demo-2026";

    public static IReadOnlyList<DemoAccount> Accounts { get; } = BuildAccounts();

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        foreach (var account in Accounts)
        {
            await EnsureUserAsync(account);
        }
        var uris = new CatalogUris(new Uri("http://127.0.0.1:5000/"));
        foreach (var demo in DemoCatalog.Organisations)
        {
            var organisation = await EnsureOrganisationAsync(demo, cancellationToken);
            var steward = await actors.ForUserAsync(await UserIdAsync(AccountFor(demo, OrganisationRole.DataSteward).Email), cancellationToken);
            foreach (var dataset in DemoCatalog.Datasets.Where(d => d.Publisher == demo))
            {
                if (!await db.Datasets.AnyAsync(d => d.OrganisationId == organisation.Id && d.Slug == dataset.Slug, cancellationToken))
                {
                    await PublishAsync(steward, organisation, dataset, dataset.Describe(uris), cancellationToken);
                }
            }
            // The patient registry gets a protected derived version (made by the worker of serve --demo).
            await protection.EnsureAsync(steward, organisation.Id, cancellationToken);
        }
        await valueSeeder.SeedAsync(cancellationToken);

        await EnsureAgreementAsync(cancellationToken);
    }

    private async Task PublishAsync(Actor steward, Organisation organisation, DemoDataset demo, DcatDataset description, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("agora-demo-").FullName;
        try
        {
            var path = Path.Combine(folder, demo.FileName);
            demo.WriteCsv(path);
            var inspection = data.Store.Inspect(path);
            var stored = await data.Store.IngestAsync(path, inspection.Plan, cancellationToken);
            var dataset = await catalog.CreateAsync(steward, organisation.Id, InputFrom(demo, description), cancellationToken);
            var version = await catalog.AddVersionAsync(steward, dataset.Id, _ => data.NewVersion(stored, "csv", demo.FileName, steward.RequiredUserId, clock.GetUtcNow()),
                cancellationToken);
            await profiles.EnqueueAsync(version.Id, steward.RequiredUserId, organisation.Id, cancellationToken);
            await catalog.SubmitAsync(steward, dataset.Id, cancellationToken);
            await catalog.ApproveAsync(steward, dataset.Id, "Demo content.", cancellationToken);
            LogSeededDataset(logger, organisation.Slug, dataset.Slug, stored.RowCount);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Maps a DCAT-AP description onto what a steward fills in.</summary>
    public static DatasetInput InputFrom(DemoDataset demo, DcatDataset d) => new()
    {
        Slug = demo.Slug,
        Title = d.Title.Entries.ToDictionary(e => e.Language, e => e.Text),
        Description = d.Description.Entries.ToDictionary(e => e.Language, e => e.Text),
        Keywords = d.Keywords.GroupBy(k => k.Language).ToDictionary(g => g.Key, g => g.Select(k => k.Text).ToList()),
        Themes = [.. d.Themes.Select(t => t.Code)],
        Licence = d.Distributions.Select(x => x.Licence?.Code).FirstOrDefault(c => c is not null),
        AccessRights = d.AccessRights?.Code switch
        {
            "PUBLIC" => AccessRights.Public,
            "NON_PUBLIC" => AccessRights.NonPublic,
            _ => AccessRights.Restricted,
        },
        ContactName = d.ContactPoints.Count > 0 ? d.ContactPoints[0].Name : null,
        ContactEmail = d.ContactPoints.Count > 0 ? d.ContactPoints[0].Email : null,
        TemporalStart = d.Temporal?.Start,
        TemporalEnd = d.Temporal?.End,
        Spatial = d.Spatial.Select(s => Vocabularies.Places.FirstOrDefault(p => p.Value.Uri == s.Uri).Key).FirstOrDefault(k => k is not null),
        Frequency = d.Frequency?.Code,
        DataProtection = d.DataProtection.Count > 0 ? d.DataProtection[0].Code : null,
        ApplicableLegislation = [.. d.ApplicableLegislation.Select(l => l.Uri.AbsoluteUri)],
        LandingPage = d.LandingPage?.AbsoluteUri,
    };

    private async Task<Organisation> EnsureOrganisationAsync(DemoOrganisation demo, CancellationToken cancellationToken)
    {
        var admin = await actors.ForUserAsync(await UserIdAsync(AccountFor(demo, OrganisationRole.OrganisationAdmin).Email), cancellationToken);
        var organisation = await organisations.FindAsync(demo.Slug, cancellationToken)
            ?? await organisations.CreateAsync(admin, demo.Slug, demo.Name.In("en"),
                demo.IsPublicSector ? OrganisationKind.Public : OrganisationKind.Private, null, cancellationToken);
        admin = await actors.ForUserAsync(admin.RequiredUserId, cancellationToken);
        foreach (var account in Accounts.Where(a => a.Organisation == demo.Slug && a.Role != OrganisationRole.OrganisationAdmin))
        {
            var userId = await UserIdAsync(account.Email);
            if (!await db.Memberships.AnyAsync(m => m.OrganisationId == organisation.Id && m.UserId == userId, cancellationToken))
            {
                await organisations.SetMemberAsync(admin, organisation.Id, account.Email, account.Role!.Value, cancellationToken);
            }
        }
        var tracked = await db.Organisations.SingleAsync(o => o.Id == organisation.Id, cancellationToken);
        tracked.Homepage ??= demo.Homepage.AbsoluteUri;
        tracked.Description ??= demo.Contact.Name;
        await db.SaveChangesAsync(cancellationToken);
        return tracked;
    }

    private async Task EnsureUserAsync(DemoAccount account)
    {
        if (await users.FindByEmailAsync(account.Email) is not null)
        {
            return;
        }
        var user = new AgoraUser
        {
            UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = account.DisplayName,
            IsPlatformOperator = account.Role is null, CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, DemoPassword);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Cannot create demo account: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }

    private async Task<string> UserIdAsync(string email) =>
        (await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("Demo account missing.")).Id;

    private static DemoAccount AccountFor(DemoOrganisation organisation, OrganisationRole role) =>
        Accounts.Single(a => a.Organisation == organisation.Slug && a.Role == role);

    private static List<DemoAccount> BuildAccounts()
    {
        var accounts = new List<DemoAccount>();
        foreach (var organisation in DemoCatalog.Organisations)
        {
            var domain = organisation.Contact.Email!.Split('@')[1];
            var name = organisation.Name.In("en").Replace(" (demo)", "", StringComparison.Ordinal);
            accounts.Add(new DemoAccount($"admin@{domain}", $"Admin, {name}", organisation.Slug, OrganisationRole.OrganisationAdmin));
            accounts.Add(new DemoAccount($"steward@{domain}", $"Steward, {name}", organisation.Slug, OrganisationRole.DataSteward));
            accounts.Add(new DemoAccount($"analyst@{domain}", $"Analyst, {name}", organisation.Slug, OrganisationRole.Analyst));
        }
        accounts.Add(new DemoAccount("operator@agora-demo.example", "Platform operator (DPO, auditor)", null, null));
        return accounts;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Demo dataset {Organisation}/{Dataset} published ({Rows} rows)")]
    private static partial void LogSeededDataset(ILogger logger, string organisation, string dataset, long rows);
}

/// <summary>A demo account; <see cref="Role"/> is null for the platform operator.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string? Organisation, OrganisationRole? Role)
{
    public string Description => Role is null ? DisplayName : $"{Role} of {Organisation}";
}
