using System.Globalization;
using System.Text;
using System.Text.Json;
using Agora.Platform.Accounts;
using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Platform.Catalog.Harvesting;

/// <summary>The RDF syntaxes a catalogue can be harvested from.</summary>
public enum RdfFormat
{
    Turtle,
    JsonLd,
}

/// <summary>What a harvest did.</summary>
public sealed record HarvestSummary(Guid SourceId, string Location, int Created, int Updated, int Unchanged, int Withdrawn, IReadOnlyList<string> Skipped)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Created} created, {Updated} updated, {Unchanged} unchanged, {Withdrawn} withdrawn, {Skipped.Count} skipped.");
}

/// <summary>
/// Harvests DCAT-AP catalogues (Turtle or JSON-LD) into an organisation's catalogue. Each remote dataset becomes a
/// published Agora dataset linked to its source by a <see cref="HarvestedRecord"/> keyed on the remote IRI, so harvesting
/// again updates what changed, republishes what came back, withdraws what disappeared and never duplicates. Harvesting
/// runs as a job: fetching and parsing a national catalogue can take a while.
/// </summary>
public sealed class HarvestService(AgoraDbContext db, JobQueue jobs, JobSignal signal, DataPlane data, IOptions<HarvestOptions> options, TimeProvider clock)
{
    public const string JobKind = "harvest";

    /// <summary>Harvested datasets are published as this organisation's; only its admins may harvest.</summary>
    public static void Demand(Actor actor, Guid organisationId) => actor.Demand(organisationId, OrganisationRole.OrganisationAdmin, TokenScopes.Manage);

    /// <summary>Queues a harvest of a URL (fetched by the worker) or of an uploaded document (kept in the staging area
    /// until the job has read it).</summary>
    public async Task<Job> StartAsync(Actor actor, Guid organisationId, string? url, string? fileName, Stream? content, CancellationToken cancellationToken)
    {
        Demand(actor, organisationId);
        string location;
        string? staged = null;
        if (content is not null)
        {
            var name = Path.GetFileName((fileName ?? "catalogue").Replace('\\', '/'));
            location = "file:" + (string.IsNullOrWhiteSpace(name) ? "catalogue" : name[..Math.Min(name.Length, 200)]);
            var folder = Path.Combine(data.UploadsDirectory, "harvest");
            Directory.CreateDirectory(folder);
            staged = Path.Combine(folder, Guid.NewGuid().ToString("N") + Path.GetExtension(name).ToLowerInvariant() switch { ".jsonld" or ".json" => ".jsonld", _ => ".ttl" });
            await using var file = new FileStream(staged, FileMode.CreateNew, FileAccess.Write);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > options.Value.MaxBytes)
                {
                    file.Close();
                    File.Delete(staged);
                    throw new PlatformException(PlatformError.TooLarge, $"The catalogue document is larger than the limit of {options.Value.MaxBytes:N0} bytes.");
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        else if (url is not null && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var address) && address.Scheme is "http" or "https")
        {
            location = address.AbsoluteUri;
        }
        else
        {
            throw new PlatformException(PlatformError.Validation, "Give the catalogue's http(s) address or upload a Turtle or JSON-LD file.",
                new Dictionary<string, string[]> { ["url"] = ["An http:// or https:// address is required."] });
        }
        var source = await db.Set<HarvestSource>().SingleOrDefaultAsync(s => s.OrganisationId == organisationId && s.Location == location, cancellationToken);
        if (source is null)
        {
            source = new HarvestSource { OrganisationId = organisationId, Location = location, CreatedById = actor.RequiredUserId, CreatedAt = clock.GetUtcNow() };
            db.Add(source);
            await db.SaveChangesAsync(cancellationToken);
        }
        var payload = JsonSerializer.Serialize(new HarvestPayload(source.Id, staged is null ? null : Path.GetRelativePath(data.DataDirectory, staged)));
        var job = await jobs.EnqueueAsync(JobKind, payload, actor.RequiredUserId, organisationId, cancellationToken);
        signal.Notify();
        return job;
    }

    public async Task<List<HarvestSource>> ListSourcesAsync(Actor actor, Guid organisationId, CancellationToken cancellationToken)
    {
        Demand(actor, organisationId);
        var sources = await db.Set<HarvestSource>().AsNoTracking().Where(s => s.OrganisationId == organisationId).ToListAsync(cancellationToken);
        return [.. sources.OrderBy(s => s.Location, StringComparer.Ordinal)];
    }

    /// <summary>The source each of these datasets was harvested from (datasets made in Agora are absent), for search results.</summary>
    public async Task<Dictionary<Guid, HarvestOrigin>> OriginsAsync(IReadOnlyCollection<Guid> datasetIds, CancellationToken cancellationToken)
    {
        var rows = await (from record in db.Set<HarvestedRecord>().AsNoTracking()
                          join source in db.Set<HarvestSource>().AsNoTracking() on record.SourceId equals source.Id
                          where datasetIds.Contains(record.DatasetId)
                          select new { record.DatasetId, source.Location, record.RemoteIri, record.RemotePublisher, record.LastSeenAt }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.DatasetId, r => new HarvestOrigin(r.Location, r.RemoteIri, r.RemotePublisher, r.LastSeenAt));
    }

    /// <summary>Parses a catalogue document and applies it to the source's records in one transaction.</summary>
    public async Task<HarvestSummary> ApplyAsync(HarvestSource source, string content, RdfFormat format, string userId, CancellationToken cancellationToken)
    {
        List<RdfTriple> triples;
        try
        {
            var baseIri = source.IsUrl ? new Uri(source.Location) : null;
            triples = format == RdfFormat.JsonLd ? JsonLdReader.Read(content, baseIri) : TurtleReader.Read(content, baseIri);
        }
        catch (RdfSyntaxException e)
        {
            throw new PlatformException(PlatformError.Validation, $"{source.Location} is not valid {(format == RdfFormat.JsonLd ? "JSON-LD" : "Turtle")}: {e.Message}");
        }
        var (descriptions, skipped) = DcatHarvestReader.Read(triples);
        if (descriptions.Count == 0 && skipped.Count == 0)
        {
            throw new PlatformException(PlatformError.Validation, $"{source.Location} describes no dcat:Dataset.");
        }
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tracked = await db.Set<HarvestSource>().SingleAsync(s => s.Id == source.Id, cancellationToken);
        var records = await db.Set<HarvestedRecord>().Where(r => r.SourceId == source.Id).ToDictionaryAsync(r => r.RemoteIri, StringComparer.Ordinal, cancellationToken);
        var datasetIds = records.Values.Select(r => r.DatasetId).ToList();
        var datasets = await db.Datasets.Where(d => datasetIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var slugs = (await db.Datasets.Where(d => d.OrganisationId == source.OrganisationId).Select(d => d.Slug).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0, withdrawn = 0;
        foreach (var description in descriptions)
        {
            var fingerprint = description.Fingerprint();
            if (records.Remove(description.RemoteIri, out var record) && datasets.TryGetValue(record.DatasetId, out var dataset))
            {
                record.LastSeenAt = now;
                if (record.Fingerprint == fingerprint && dataset.State == DatasetState.Published)
                {
                    unchanged++;
                    continue;
                }
                Describe(dataset, description);
                dataset.State = DatasetState.Published;
                dataset.ModifiedAt = now;
                record.Fingerprint = fingerprint;
                record.RemotePublisher = description.Publisher;
                db.DatasetChanges.Add(new DatasetChange { DatasetId = dataset.Id, Kind = DatasetChangeKind.MetadataEdited, UserId = userId, At = now, Detail = "harvested from " + Clip(source.Location) });
                updated++;
                continue;
            }
            var slug = FreeSlug(CatalogService.Slugify(description.Title.Values.First()), slugs);
            var added = new Dataset
            {
                OrganisationId = source.OrganisationId, Slug = slug, State = DatasetState.Published, CreatedById = userId, CreatedAt = now, ModifiedAt = now,
                PublishedAt = now,
            };
            Describe(added, description);
            added.Changes.Add(new DatasetChange { Kind = DatasetChangeKind.Created, UserId = userId, At = now, Detail = "harvested from " + Clip(source.Location) });
            db.Datasets.Add(added);
            db.Add(new HarvestedRecord
            {
                SourceId = source.Id, DatasetId = added.Id, RemoteIri = description.RemoteIri, Fingerprint = fingerprint, RemotePublisher = description.Publisher,
                FirstSeenAt = now, LastSeenAt = now,
            });
            created++;
        }
        // What the source no longer lists leaves the catalogue (withdrawn, so links keep explaining what it was).
        foreach (var gone in records.Values)
        {
            if (datasets.TryGetValue(gone.DatasetId, out var dataset) && dataset.State == DatasetState.Published)
            {
                dataset.State = DatasetState.Withdrawn;
                dataset.ModifiedAt = now;
                db.DatasetChanges.Add(new DatasetChange { DatasetId = dataset.Id, Kind = DatasetChangeKind.Withdrawn, UserId = userId, At = now, Detail = "no longer in " + Clip(source.Location) });
                withdrawn++;
            }
        }
        var summary = new HarvestSummary(source.Id, source.Location, created, updated, unchanged, withdrawn, [.. skipped.Take(50)]);
        tracked.LastHarvestedAt = now;
        tracked.LastOutcome = summary.Describe();
        tracked.DatasetCount = descriptions.Count;
        await db.SaveChangesAsync(cancellationToken);
        await CatalogRevision.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return summary;
    }

    /// <summary>Records why a harvest failed on its source, so the admin page can show it.</summary>
    public async Task RecordFailureAsync(Guid sourceId, string message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var text = "Failed: " + message;
        await db.Set<HarvestSource>().Where(s => s.Id == sourceId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastHarvestedAt, now)
            .SetProperty(x => x.LastOutcome, text.Length > 1000 ? text[..1000] : text), cancellationToken);
    }

    /// <summary>Turtle or JSON-LD: from the media type when the server sent one, else from the text itself (JSON-LD is a
    /// JSON object or array; a Turtle document cannot start with '{'), the file extension deciding only for '['.</summary>
    public static RdfFormat FormatOf(string? name, string? mediaType, string content)
    {
        if (mediaType is { } type)
        {
            if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                return RdfFormat.JsonLd;
            }
            if (type.Contains("turtle", StringComparison.OrdinalIgnoreCase))
            {
                return RdfFormat.Turtle;
            }
        }
        var first = content.AsSpan().TrimStart('\uFEFF').TrimStart();
        if (first.Length > 0 && first[0] == '{')
        {
            return RdfFormat.JsonLd;
        }
        var extension = Path.GetExtension(name ?? "").ToLowerInvariant();
        return first.Length > 0 && first[0] == '[' && extension is ".jsonld" or ".json" ? RdfFormat.JsonLd : RdfFormat.Turtle;
    }

    /// <summary>UTF-8 text (a byte order mark is dropped); invalid UTF-8 is refused rather than guessed.</summary>
    public static string Decode(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new PlatformException(PlatformError.Validation, "The catalogue document is not UTF-8 text.");
        }
    }

    private static void Describe(Dataset dataset, HarvestedDescription description)
    {
        dataset.Title = new TextByLanguage(description.Title);
        dataset.Description = new TextByLanguage(description.Description);
        var keywords = new KeywordsByLanguage();
        foreach (var (language, words) in description.Keywords)
        {
            keywords[language] = [.. words];
        }
        dataset.Keywords = keywords;
        dataset.Themes = [.. description.Themes];
        dataset.Licence = description.Licence;
        dataset.AccessRights = description.AccessRights;
        dataset.ContactName = description.ContactName;
        dataset.ContactEmail = description.ContactEmail;
        dataset.TemporalStart = description.TemporalStart;
        dataset.TemporalEnd = description.TemporalEnd;
        dataset.Spatial = description.Spatial;
        dataset.Frequency = description.Frequency;
        dataset.LandingPage = description.LandingPage;
    }

    private static string FreeSlug(string wanted, HashSet<string> taken)
    {
        var slug = wanted;
        for (var i = 2; taken.Contains(slug); i++)
        {
            slug = string.Create(CultureInfo.InvariantCulture, $"{wanted[..Math.Min(wanted.Length, 58)]}-{i}");
        }
        taken.Add(slug);
        return slug;
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200];
}

/// <summary>Where a harvested dataset comes from.</summary>
public sealed record HarvestOrigin(string Source, string RemoteIri, string? Publisher, DateTimeOffset LastSeenAt);

internal sealed record HarvestPayload(Guid SourceId, string? StagedPath);

/// <summary>Runs a queued harvest: reads the uploaded document or fetches the URL, then applies it.</summary>
public sealed class HarvestJobHandler(AgoraDbContext db, HarvestService harvests, HarvestFetcher fetcher, ActorLoader actors, DataPlane data) : IJobHandler
{
    public string Kind => HarvestService.JobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<HarvestPayload>(job.Payload) ?? throw new PlatformException(PlatformError.Validation, "The job has no payload.");
        var source = await db.Set<HarvestSource>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == payload.SourceId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "The harvest source no longer exists.");
        var staged = payload.StagedPath is null ? null : data.FullPath(payload.StagedPath);
        try
        {
            // The requester must still be an admin when the job runs.
            HarvestService.Demand(await actors.ForUserAsync(job.RequestedById, cancellationToken), source.OrganisationId);
            string content;
            RdfFormat format;
            if (staged is not null)
            {
                if (!File.Exists(staged))
                {
                    throw new PlatformException(PlatformError.NotFound, "The uploaded catalogue is gone; upload it again.");
                }
                content = HarvestService.Decode(await File.ReadAllBytesAsync(staged, cancellationToken));
                format = HarvestService.FormatOf(staged, null, content);
            }
            else
            {
                await progress.ReportAsync(0.1, "Fetching " + source.Location);
                var (text, mediaType) = await fetcher.FetchAsync(new Uri(source.Location), cancellationToken);
                content = text;
                format = HarvestService.FormatOf(source.Location, mediaType, content);
            }
            await progress.ReportAsync(0.5, "Reading the catalogue");
            var summary = await harvests.ApplyAsync(source, content, format, job.RequestedById, cancellationToken);
            Forget(staged);
            return new JobOutcome(JsonSerializer.Serialize(summary, HarvestJson), summary.Describe());
        }
        catch (PlatformException e)
        {
            // Not retried: the document stays wrong, so it is not kept. Other failures are retried and need it.
            Forget(staged);
            await harvests.RecordFailureAsync(source.Id, e.Message, CancellationToken.None);
            throw;
        }
    }

    private static void Forget(string? staged)
    {
        if (staged is not null && File.Exists(staged))
        {
            File.Delete(staged);
        }
    }

    private static readonly JsonSerializerOptions HarvestJson = new(JsonSerializerDefaults.Web);
}
