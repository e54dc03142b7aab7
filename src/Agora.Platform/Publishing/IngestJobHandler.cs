using System.Globalization;
using System.Text.Json;
using Agora.Data.Files;
using Agora.Data.Ingestion;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Publishing;

/// <summary>Turns a confirmed upload into a stored version. The version row is written only after the data plane has
/// put the complete encrypted file in place, so a crash at any point leaves either no version or a whole one.</summary>
public sealed class IngestJobHandler(AgoraDbContext db, DataPlane data, CatalogService catalog, ActorLoader actors, PublishingService publishing,
    TimeProvider clock, IEnumerable<IVersionStoredHook> hooks) : IJobHandler
{
    public string Kind => PublishingService.IngestJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<IngestPayload>(job.Payload, StagedInspection.Json)
            ?? throw new PlatformException(PlatformError.Validation, "The job has no payload.");
        var upload = await db.StagedUploads.SingleOrDefaultAsync(u => u.Id == payload.UploadId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "The upload has expired; upload the file again.");
        var actor = await actors.ForUserAsync(job.RequestedById, cancellationToken);
        var plan = IngestionPlan.FromJson(payload.Plan);
        await progress.ReportAsync(0.05, "Writing the encrypted version");
        Data.Storage.StoredVersion stored;
        try
        {
            stored = await data.Store.IngestAsync(data.FullPath(upload.StagedPath), plan, cancellationToken);
        }
        catch (IngestionException e)
        {
            throw PublishingService.Refusal(e.Error);
        }
        await progress.ReportAsync(0.9, "Recording the version");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var datasetId = payload.DatasetId
            ?? (await catalog.CreateAsync(actor, upload.OrganisationId, payload.NewDataset ?? new DatasetInput(), cancellationToken)).Id;
        var version = await catalog.AddVersionAsync(actor, datasetId, number => data.NewVersion(stored, FormatName(stored.SourceFormat, upload.FileName), upload.FileName, job.RequestedById,
            clock.GetUtcNow()), cancellationToken);
        db.StagedUploads.Remove(upload);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        publishing.DeleteStagedFiles(upload);
        foreach (var hook in hooks)
        {
            await hook.OnVersionStoredAsync(version, job.RequestedById, upload.OrganisationId, cancellationToken);
        }
        var result = JsonSerializer.Serialize(new IngestResult(datasetId, version.Id, version.Number, version.RowCount, version.ContentHash), StagedInspection.Json);
        return new JobOutcome(result, string.Create(CultureInfo.InvariantCulture, $"Version {version.Number} stored: {version.RowCount:N0} rows."));
    }

    private static string FormatName(TabularFormat format, string fileName) => format switch
    {
        TabularFormat.Parquet => "parquet",
        TabularFormat.JsonLines => "jsonl",
        _ => Path.GetExtension(fileName).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? "tsv" : "csv",
    };
}
