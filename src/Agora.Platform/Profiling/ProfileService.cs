using System.Text.Json;
using Agora.Data.Profiling;
using Agora.Platform.Audit;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Profiling;

/// <summary>Where a version's profile stands.</summary>
public enum ProfileState
{
    /// <summary>The profiling job has not finished yet.</summary>
    Pending,

    /// <summary>The profile is there.</summary>
    Ready,

    /// <summary>The profiling job failed; <see cref="QualityView.Message"/> says why.</summary>
    Failed,
}

/// <summary>The quality dimensions, with timeliness computed for the moment they are shown.</summary>
public sealed record QualityDimensions(double Completeness, double? Validity, double Uniqueness, double? Consistency, double? Timeliness, double Overall);

/// <summary>Timeliness in its parts: the declared period and how old the newest version is.</summary>
public sealed record TimelinessFacts(string? FrequencyCode, TimeSpan? Period, DateTimeOffset LastUpdated, TimeSpan Age);

/// <summary>
/// A version's quality as a viewer may see it. Everyone who may see the dataset gets the dimensions, the failed checks and
/// per-column counts; <see cref="Profile"/> (min, max, top values, histograms: data) only those who may read the data.
/// </summary>
public sealed record QualityView(
    Guid DatasetId,
    Guid VersionId,
    int VersionNumber,
    ProfileState State,
    string? Message,
    DateTimeOffset? ProfiledAt,
    long Rows,
    QualityDimensions? Dimensions,
    TimelinessFacts Timeliness,
    IReadOnlyList<QualityFinding> Findings,
    IReadOnlyList<ColumnQuality> Columns,
    IReadOnlyList<string> Notes,
    bool RulesChangedSince,
    TableProfile? Profile);

/// <summary>Profiles and quality rules of datasets, under the catalogue's visibility rules.</summary>
public sealed class ProfileService(AgoraDbContext db, CatalogService catalog, DerivedFiles files, ProfileScheduler scheduler, AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The quality of a version (the newest when <paramref name="versionNumber"/> is null); 404 when the dataset
    /// is not visible or has no version.</summary>
    public async Task<QualityView> GetAsync(Actor actor, Guid datasetId, int? versionNumber, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        return await ViewAsync(actor, dataset, VersionOf(dataset, versionNumber), cancellationToken);
    }

    public async Task<QualityView> ViewAsync(Actor actor, Dataset dataset, DatasetVersion version, CancellationToken cancellationToken)
    {
        var row = await db.Set<VersionProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.VersionId == version.Id, cancellationToken);
        var rules = await db.Set<QualityRuleSet>().AsNoTracking().SingleOrDefaultAsync(r => r.DatasetId == dataset.Id, cancellationToken);
        var newest = dataset.Versions.Count == 0 ? version.CreatedAt : dataset.Versions.Max(v => v.CreatedAt);
        var period = UpdateFrequencies.PeriodOf(dataset.Frequency);
        var age = clock.GetUtcNow() - newest;
        var timeliness = new TimelinessFacts(dataset.Frequency, period, newest, age < TimeSpan.Zero ? TimeSpan.Zero : age);
        if (row is null)
        {
            var job = await scheduler.LatestJobAsync(version.Id, cancellationToken);
            var failed = job?.State == JobState.Failed;
            return new QualityView(dataset.Id, version.Id, version.Number, failed ? ProfileState.Failed : ProfileState.Pending, failed ? job!.Message : null,
                null, version.RowCount, null, timeliness, [], [], [], false, null);
        }
        double? timelinessScore = period is { } p ? QualityAssessment.TimelinessOf(timeliness.Age, p) : null;
        var assessed = new[] { row.Completeness, row.Validity, row.Uniqueness, row.Consistency, timelinessScore }.Where(d => d is not null).Select(d => d!.Value);
        var dimensions = new QualityDimensions(row.Completeness, row.Validity, row.Uniqueness, row.Consistency, timelinessScore, assessed.Average());
        var profile = CatalogService.CanReadData(actor, dataset) ? files.ReadProfile(version.Id) : null;
        return new QualityView(dataset.Id, version.Id, version.Number, ProfileState.Ready, null, row.ProfiledAt, row.Rows, dimensions, timeliness,
            Deserialize<QualityFinding>(row.Findings), Deserialize<ColumnQuality>(row.Columns), Deserialize<string>(row.Notes),
            (rules?.Revision ?? 0) != row.RulesRevision, profile);
    }

    /// <summary>The full profile of a version (schema agora.profile/1) for those who may read the data; the export is
    /// audited because the profile holds values.</summary>
    public async Task<TableProfile> ExportAsync(Actor actor, Guid datasetId, int versionNumber, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        var version = VersionOf(dataset, versionNumber);
        if (!CatalogService.CanReadData(actor, dataset))
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                "The profile holds values of the data; it is available to those who may read the data.");
        }
        var profile = files.ReadProfile(version.Id)
            ?? throw new PlatformException(PlatformError.NotFound, "This version has no profile yet.");
        await audit.AppendAsync(new AuditEvent("profile.exported", actor.UserId, dataset.OrganisationId, "dataset-version", version.Id.ToString(),
            new Dictionary<string, string?> { ["dataset"] = dataset.Id.ToString(), ["version"] = version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            cancellationToken);
        return profile;
    }

    /// <summary>The declared rules (anyone who may see the dataset: they are metadata) and their revision.</summary>
    public async Task<(QualityExpectations Rules, int Revision)> GetRulesAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        await catalog.GetAsync(actor, datasetId, cancellationToken);
        var rules = await db.Set<QualityRuleSet>().AsNoTracking().SingleOrDefaultAsync(r => r.DatasetId == datasetId, cancellationToken);
        return (QualityRules.Parse(rules?.Expectations), rules?.Revision ?? 0);
    }

    /// <summary>Declares a dataset's constraints and consistency rules (data stewards of the owner), checked against the
    /// newest version's columns, and re-profiles that version with them.</summary>
    public async Task<Job?> DeclareRulesAsync(Actor actor, Guid datasetId, QualityExpectations declared, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        if (!CatalogService.CanEdit(actor, dataset))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the owning organisation declare its quality rules.");
        }
        var latest = dataset.Versions.OrderByDescending(v => v.Number).FirstOrDefault()
            ?? throw new PlatformException(PlatformError.Conflict, "Upload a first version before declaring quality rules.");
        QualityRules.Validate(declared, [.. latest.Columns.Select(c => c.Name)]);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rules = await db.Set<QualityRuleSet>().SingleOrDefaultAsync(r => r.DatasetId == datasetId, cancellationToken);
        if (rules is null)
        {
            rules = new QualityRuleSet { DatasetId = datasetId, UpdatedById = actor.RequiredUserId };
            db.Add(rules);
        }
        rules.Expectations = QualityRules.Serialize(declared);
        rules.Revision++;
        rules.UpdatedById = actor.RequiredUserId;
        rules.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("quality.rules-declared", actor.UserId, dataset.OrganisationId, "dataset", dataset.Id.ToString(),
            new Dictionary<string, string?>
            {
                ["revision"] = rules.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["constraints"] = declared.Columns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["rules"] = declared.Consistency.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await scheduler.EnqueueAsync(latest.Id, actor.RequiredUserId, dataset.OrganisationId, cancellationToken);
    }

    /// <summary>Profiles a version again (data stewards of the owner).</summary>
    public async Task<Job> ReprofileAsync(Actor actor, Guid datasetId, int versionNumber, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        if (!CatalogService.CanEdit(actor, dataset))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the owning organisation re-profile its versions.");
        }
        return await scheduler.EnqueueAsync(VersionOf(dataset, versionNumber).Id, actor.RequiredUserId, dataset.OrganisationId, cancellationToken);
    }

    public static DatasetVersion VersionOf(Dataset dataset, int? number) =>
        (number is null ? dataset.Versions.OrderByDescending(v => v.Number).FirstOrDefault() : dataset.Versions.SingleOrDefault(v => v.Number == number))
        ?? throw new PlatformException(PlatformError.NotFound, number is null ? "The dataset has no version yet." : "No such version.");

    private static List<T> Deserialize<T>(string json) => JsonSerializer.Deserialize<List<T>>(json, ProfileJson.Options) ?? [];
}
