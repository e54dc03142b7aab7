using System.Globalization;
using System.Text.Json;
using Agora.Data.Ingestion;
using Agora.Platform.Accounts;
using Agora.Platform.Audit;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Publishing;

/// <summary>
/// The way in: a steward uploads a file, Agora inspects it (format, encoding, delimiter, header, column types), the
/// steward corrects names and types, and an ingestion job turns it into an immutable encrypted version. Nothing is a
/// version until the job has written the complete file; a failed upload leaves nothing behind.
/// </summary>
public sealed class PublishingService(AgoraDbContext db, DataPlane data, JobQueue jobs, JobSignal signal, CatalogService catalog, TimeProvider clock,
    AuditLog audit)
{
    public const string IngestJobKind = "ingest";
    private const string SamplesFile = ".samples.json";
    public static readonly TimeSpan StagingLifetime = TimeSpan.FromDays(2);

    /// <summary>Receives and inspects a file. Throws with the rule, row and column when the file cannot be ingested.</summary>
    public async Task<StagedUpload> StageAsync(Actor actor, Guid organisationId, Guid? datasetId, string fileName, Stream content,
        CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        if (datasetId is { } id)
        {
            var dataset = await catalog.GetAsync(actor, id, cancellationToken);
            if (dataset.OrganisationId != organisationId)
            {
                throw new PlatformException(PlatformError.NotFound, "No such dataset in this organisation.");
            }
        }
        var safeName = SafeFileName(fileName);
        var upload = new StagedUpload
        {
            UserId = actor.RequiredUserId, OrganisationId = organisationId, DatasetId = datasetId, FileName = safeName, StagedPath = "",
            Inspection = "", CreatedAt = clock.GetUtcNow(), ExpiresAt = clock.GetUtcNow() + StagingLifetime,
        };
        var folder = Path.Combine(data.UploadsDirectory, upload.Id.ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, safeName);
        try
        {
            upload.ByteSize = await CopyWithLimitAsync(content, path, data.MaxUploadBytes, cancellationToken);
            FileInspection inspection;
            try
            {
                inspection = data.Store.Inspect(path);
            }
            catch (IngestionException e)
            {
                throw Refusal(e.Error);
            }
            if (inspection.Problems.Count > 0)
            {
                throw Refusal(inspection.Problems[0], inspection.Problems);
            }
            upload.StagedPath = Path.GetRelativePath(data.DataDirectory, path);
            // Sample rows are data: they stay in the staging folder with the file, never in the metadata store.
            await File.WriteAllTextAsync(Path.Combine(folder, SamplesFile), JsonSerializer.Serialize(inspection.SampleRows), cancellationToken);
            upload.Inspection = inspection.Plan.ToJson();
            db.StagedUploads.Add(upload);
            await audit.AppendAsync(new AuditEvent("upload.received", actor.UserId, organisationId, "upload", upload.Id.ToString(),
                new Dictionary<string, string?> { ["file"] = safeName, ["bytes"] = upload.ByteSize.ToString(CultureInfo.InvariantCulture), ["dataset"] = datasetId?.ToString() }),
                cancellationToken);
            return upload;
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public async Task<(StagedUpload Upload, StagedInspection Inspection)> GetStagedAsync(Actor actor, Guid uploadId, CancellationToken cancellationToken)
    {
        var upload = await db.StagedUploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is null || upload.UserId != actor.UserId)
        {
            throw new PlatformException(PlatformError.NotFound, "No such upload (uploads expire after two days).");
        }
        var samplesPath = Path.Combine(data.UploadsDirectory, upload.Id.ToString("N"), SamplesFile);
        var samples = File.Exists(samplesPath)
            ? JsonSerializer.Deserialize<List<List<string?>>>(await File.ReadAllTextAsync(samplesPath, cancellationToken)) ?? []
            : [];
        return (upload, new StagedInspection(IngestionPlan.FromJson(upload.Inspection), [.. samples], upload.ByteSize));
    }

    /// <summary>Applies the steward's corrections and enqueues ingestion. For a new dataset, <paramref name="newDataset"/>
    /// describes it (a title at least); it is created as a draft together with its first version, so a file that fails
    /// ingestion leaves no empty dataset behind.</summary>
    public async Task<Job> ConfirmAsync(Actor actor, Guid uploadId, IReadOnlyList<ColumnCorrection> corrections,
        DatasetInput? newDataset, CancellationToken cancellationToken)
    {
        var (upload, inspection) = await GetStagedAsync(actor, uploadId, cancellationToken);
        actor.Demand(upload.OrganisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        var plan = inspection.Plan;
        foreach (var correction in corrections)
        {
            try
            {
                var current = plan.Columns.Single(c => c.Ordinal == correction.Ordinal);
                if (correction.Drop)
                {
                    plan = plan.DropColumn("#" + (correction.Ordinal + 1).ToString(CultureInfo.InvariantCulture));
                    continue;
                }
                if (!string.IsNullOrWhiteSpace(correction.Name) && correction.Name != current.Name)
                {
                    plan = plan.Rename("#" + (correction.Ordinal + 1).ToString(CultureInfo.InvariantCulture), correction.Name.Trim());
                }
                if (correction.Type is { } type && type != current.Type)
                {
                    plan = plan.Retype("#" + (correction.Ordinal + 1).ToString(CultureInfo.InvariantCulture), type);
                }
            }
            catch (InvalidOperationException)
            {
                throw new PlatformException(PlatformError.Validation, $"Column {correction.Ordinal + 1} does not exist in the upload.");
            }
            catch (IngestionException e)
            {
                throw Refusal(e.Error);
            }
        }
        var problems = plan.Problems();
        if (problems.Count > 0)
        {
            throw Refusal(problems[0], problems);
        }

        if (upload.DatasetId is { } existing)
        {
            await catalog.GetAsync(actor, existing, cancellationToken);
        }
        else
        {
            if (newDataset is null)
            {
                throw new PlatformException(PlatformError.Validation, "Give the new dataset a title.",
                    new Dictionary<string, string[]> { ["title"] = ["A title is required."] });
            }
            // Checked now so the steward hears about it at once; the dataset itself is created with its first version.
            CatalogService.Validate(newDataset, requireComplete: false);
        }
        var payload = JsonSerializer.Serialize(new IngestPayload(upload.Id, upload.DatasetId, newDataset, plan.ToJson()), StagedInspection.Json);
        var job = await jobs.EnqueueAsync(IngestJobKind, payload, actor.RequiredUserId, upload.OrganisationId, cancellationToken);
        await audit.AppendAsync(new AuditEvent("upload.confirmed", actor.UserId, upload.OrganisationId, "upload", upload.Id.ToString(),
            new Dictionary<string, string?> { ["job"] = job.Id.ToString(), ["dataset"] = upload.DatasetId?.ToString() }), cancellationToken);
        signal.Notify();
        return job;
    }

    /// <summary>A job as its requester (or a member of its organisation) may see it.</summary>
    public async Task<Job> GetJobAsync(Actor actor, Guid jobId, CancellationToken cancellationToken)
    {
        var job = await jobs.FindAsync(jobId, cancellationToken);
        if (job is null || (job.RequestedById != actor.UserId && !(job.OrganisationId is { } org && actor.IsMember(org))))
        {
            throw new PlatformException(PlatformError.NotFound, "No such job.");
        }
        return job;
    }

    /// <summary>Removes uploads that were never confirmed.</summary>
    public async Task<int> RemoveExpiredUploadsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = await db.StagedUploads.Where(u => u.ExpiresAt < now).ToListAsync(cancellationToken);
        foreach (var upload in expired)
        {
            DeleteStagedFiles(upload);
        }
        db.StagedUploads.RemoveRange(expired);
        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }

    internal void DeleteStagedFiles(StagedUpload upload)
    {
        var folder = Path.Combine(data.UploadsDirectory, upload.Id.ToString("N"));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static PlatformException Refusal(IngestionError error, IReadOnlyList<IngestionError>? all = null)
    {
        var fields = new Dictionary<string, string[]>
        {
            ["file"] = [.. (all ?? [error]).Take(20).Select(e => e.ToString())],
        };
        return new PlatformException(error.Rule == IngestionRule.FileTooLarge ? PlatformError.TooLarge : PlatformError.Validation, error.ToString(), fields);
    }

    private static async Task<long> CopyWithLimitAsync(Stream content, string path, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw Refusal(new IngestionError(IngestionRule.FileTooLarge, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"The file is larger than the limit of {limit:N0} bytes.")));
            }
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }

    private static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var cleaned = new string([.. name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        cleaned = cleaned.TrimStart('.');
        return string.IsNullOrEmpty(cleaned) ? "upload" : cleaned[..Math.Min(cleaned.Length, 120)];
    }
}

/// <summary>A steward's correction of one inspected column (0-based ordinal in the source).</summary>
public sealed record ColumnCorrection(int Ordinal, string? Name, ColumnType? Type, bool Drop = false);

internal sealed record IngestPayload(Guid UploadId, Guid? DatasetId, DatasetInput? NewDataset, string Plan);

/// <summary>What a finished ingestion job returns.</summary>
public sealed record IngestResult(Guid DatasetId, Guid VersionId, int Version, long Rows, string ContentHash);

/// <summary>What the steward sees of an inspection: the plan and a few sample rows (shown only to the uploader).</summary>
public sealed record StagedInspection(IngestionPlan Plan, IReadOnlyList<IReadOnlyList<string?>> SampleRows, long SizeBytes)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
