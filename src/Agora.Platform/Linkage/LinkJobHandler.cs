using System.Globalization;
using System.Text.Json;
using Agora.Data.Files;
using Agora.Data.Pseudonymisation;
using Agora.Data.Storage;
using Agora.Platform.Audit;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Protection;
using Agora.Platform.Publishing;
using Agora.Privacy.Keys;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Linkage;

/// <summary>Joins two contributions of a linkage project on their pseudonyms inside the platform: both encrypted versions
/// are opened in one private DuckDB connection and the join is written straight into a new encrypted version of the
/// requesting organisation's linkage dataset ("Linkage: project name", restricted), with lineage to both sides.</summary>
public sealed class LinkJobHandler(AgoraDbContext db, DataPlane data, CatalogService catalog, ActorLoader actors, AuditLog audit, TimeProvider clock,
    IEnumerable<IVersionStoredHook> hooks) : IJobHandler
{
    public string Kind => LinkageService.LinkJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<LinkPayload>(job.Payload, JsonSerializerOptions.Web)!;
        var actor = await actors.ForUserAsync(job.RequestedById, cancellationToken);
        actor.Demand(payload.OrganisationId, OrganisationRole.DataSteward, Accounts.TokenScopes.Publish);
        var project = await db.LinkageProjects.AsNoTracking().Include(p => p.Members).SingleOrDefaultAsync(p => p.Id == payload.ProjectId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "The linkage project no longer exists.");
        if (!project.Members.Any(m => m.OrganisationId == payload.OrganisationId && m.State == LinkageMemberState.Joined))
        {
            throw new PlatformException(PlatformError.Forbidden, "The organisation no longer takes part in the project.");
        }
        var left = await ContributionAsync(project, payload.LeftContributionId, cancellationToken);
        var right = await ContributionAsync(project, payload.RightContributionId, cancellationToken);
        var leftVersion = await db.DatasetVersions.AsNoTracking().SingleAsync(v => v.Id == left.VersionId, cancellationToken);
        var rightVersion = await db.DatasetVersions.AsNoTracking().SingleAsync(v => v.Id == right.VersionId, cancellationToken);

        var (stored, leftRows, rightRows) = await BackgroundWork.RunAsync(progress, report =>
        {
            report(0.1, "Joining by pseudonym");
            using var reader = data.Store.OpenRead(leftVersion.ContentHash, WrappedKey.Parse(leftVersion.WrappedKey));
            data.Store.Attach(reader, "right_version", rightVersion.ContentHash, WrappedKey.Parse(rightVersion.WrappedKey));
            string select;
            try
            {
                select = PseudonymLinkage.JoinQuery(reader.Connection, StoredVersionReader.RelationName, left.PseudonymColumn, "right_version", right.PseudonymColumn);
            }
            catch (TabularFileException e)
            {
                throw new PlatformException(PlatformError.Validation, e.Message);
            }
            var result = data.Store.StoreQueryResult(reader.Connection, select, cancellationToken);
            return (result, reader.CountRows(), Count(reader, "right_version"));
        }, cancellationToken);

        await progress.ReportAsync(0.9, "Recording the linkage result");
        var derivation = new LinkageDerivation(ProtectionDerivation.LinkageKind, project.Id, project.Slug,
            new LinkedSide(left.Id, left.OrganisationId, left.VersionId, left.PseudonymColumn),
            new LinkedSide(right.Id, right.OrganisationId, right.VersionId, right.PseudonymColumn), leftRows, rightRows, stored.RowCount);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var datasetId = await LinkageDatasetAsync(actor, project, payload.OrganisationId, cancellationToken);
        var version = await catalog.AddVersionAsync(actor, datasetId, number => data.NewVersion(stored, "parquet",
            string.Create(CultureInfo.InvariantCulture, $"linkage-{project.Slug}-v{number}.parquet"), job.RequestedById, clock.GetUtcNow(),
            left.VersionId, JsonSerializer.Serialize(derivation, JsonSerializerOptions.Web)), cancellationToken);
        var linkage = new LinkageResult
        {
            ProjectId = project.Id, OrganisationId = payload.OrganisationId, DatasetId = datasetId, VersionId = version.Id, LeftContributionId = left.Id,
            RightContributionId = right.Id, LinkedRows = stored.RowCount, RequestedById = job.RequestedById, CreatedAt = clock.GetUtcNow(),
        };
        db.LinkageResults.Add(linkage);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("linkage.linked", job.RequestedById, payload.OrganisationId, "linkage-project", project.Id.ToString(),
            new Dictionary<string, string?>
            {
                ["result"] = linkage.Id.ToString(), ["left"] = left.Id.ToString(), ["right"] = right.Id.ToString(),
                ["rows"] = stored.RowCount.ToString(CultureInfo.InvariantCulture),
            }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // The linked version is a stored version like any other: profiled (quality, and the sketches that put it in the
        // discovery index) and scanned for personal data, after the commit as ingestion and protection do.
        foreach (var hook in hooks)
        {
            await hook.OnVersionStoredAsync(version, job.RequestedById, payload.OrganisationId, cancellationToken);
        }
        var result = new DerivedVersionResult(datasetId, version.Id, version.Number, version.RowCount, version.ContentHash, 0);
        return new JobOutcome(JsonSerializer.Serialize(new { result.DatasetId, result.VersionId, result.Version, result.Rows, result.ContentHash, linkageResultId = linkage.Id,
            project = project.Slug }, JsonSerializerOptions.Web),
            string.Create(CultureInfo.InvariantCulture, $"{stored.RowCount:N0} records linked ({leftRows:N0} × {rightRows:N0})."));
    }

    private async Task<LinkageContribution> ContributionAsync(LinkageProject project, Guid id, CancellationToken cancellationToken) =>
        await db.LinkageContributions.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.ProjectId == project.Id && c.WithdrawnAt == null, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "A contribution was withdrawn; choose another.");

    // One restricted dataset per organisation and project holds its linkage results as versions.
    private async Task<Guid> LinkageDatasetAsync(Actor actor, LinkageProject project, Guid organisationId, CancellationToken cancellationToken)
    {
        var slug = CatalogService.Slugify("linkage-" + project.Slug);
        var existing = await db.Datasets.Where(d => d.OrganisationId == organisationId && d.Slug == slug).Select(d => (Guid?)d.Id).SingleOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            return id;
        }
        var dataset = await catalog.CreateAsync(actor, organisationId, new DatasetInput
        {
            Slug = slug,
            Title = new() { ["en"] = "Linkage: " + project.Name },
            Description = new() { ["en"] = "Records of the linkage project " + project.Name + ", joined by pseudonym inside Agora." },
            AccessRights = AccessRights.NonPublic,
            DataProtection = "PersonalData",
        }, cancellationToken);
        return dataset.Id;
    }

    private static long Count(StoredVersionReader reader, string relation)
    {
        using var command = reader.Connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {DuckDbSql.Identifier(relation)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
