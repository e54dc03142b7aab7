using System.Text.Json;
using Agora.Data.Discovery;
using Agora.Data.Profiling;
using Agora.Platform.Catalog;
using Agora.Platform.Discovery;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Publishing;
using Agora.Privacy.Keys;
using Agora.Privacy.Wording;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Profiling;

/// <summary>
/// Profiles a stored version and sketches it for discovery, reading it once from the encrypted store: the profile
/// (statistics and quality against the steward's rules and the dataset's update frequency) and the sketch are sealed
/// beside the version, the value-free summary goes to the metadata store, and the discovery revision moves so every node
/// picks the new sketch up.
/// </summary>
public sealed class ProfileJobHandler(AgoraDbContext db, DataPlane data, DerivedFiles files, TimeProvider clock) : IJobHandler
{
    public string Kind => ProfileScheduler.JobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        var versionId = JsonDocument.Parse(job.Payload).RootElement.GetProperty("versionId").GetGuid();
        var version = await db.DatasetVersions.AsNoTracking().Include(v => v.Dataset).SingleOrDefaultAsync(v => v.Id == versionId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "The version no longer exists.");
        var rules = await db.Set<QualityRuleSet>().AsNoTracking().SingleOrDefaultAsync(r => r.DatasetId == version.DatasetId, cancellationToken);
        var newest = await db.DatasetVersions.Where(v => v.DatasetId == version.DatasetId).MaxAsync(v => v.CreatedAt, cancellationToken);
        await progress.ReportAsync(0.1, "Profiling the version");

        TableProfile profile;
        TableSketch sketch;
        var notes = new List<string>();
        using (var reader = data.Store.OpenRead(version.ContentHash, WrappedKey.Parse(version.WrappedKey)))
        {
            var columns = reader.Columns().Select(c => c.Name).ToList();
            var expectations = QualityRules.ApplicableTo(QualityRules.Parse(rules?.Expectations), columns, notes) with
            {
                UpdateFrequency = UpdateFrequencies.PeriodOf(version.Dataset.Frequency) is { } period ? System.Xml.XmlConvert.ToString(period) : null,
                LastModified = newest,
            };
            var title = version.Dataset.DisplayTitle("en");
            try
            {
                profile = TableProfiler.Profile(reader.Connection, "version", title, expectations, clock);
            }
            catch (ArgumentException)
            {
                // A declared check that DuckDB cannot evaluate on this version (the message may quote data): profile
                // without the declared rules rather than not at all, and say so.
                notes.Add("The declared rules could not be checked on this version; it was profiled without them.");
                profile = TableProfiler.Profile(reader.Connection, "version", title, expectations with { Columns = new Dictionary<string, ColumnConstraints>(), Consistency = [] }, clock);
            }
            await progress.ReportAsync(0.6, "Sketching the columns for discovery");
            // A version without rows is sketched too (as `agora discover index` does with header-only files): its column
            // names and title make it a union candidate for others and let it ask for its own; it has no join key.
            sketch = TableSketcher.SketchRelation(reader.Connection, "version", version.Id.ToString("D"), title,
                new SketchOptions(KeepQueryHashes: false)).Query.Sketch;
        }

        files.WriteProfile(version.Id, profile);
        files.WriteSketch(version.Id, sketch);
        await progress.ReportAsync(0.9, "Recording the profile");
        var quality = profile.Quality;
        var row = await db.Set<VersionProfile>().SingleOrDefaultAsync(p => p.VersionId == version.Id, cancellationToken);
        if (row is null)
        {
            row = new VersionProfile { VersionId = version.Id, DatasetId = version.DatasetId };
            db.Add(row);
        }
        row.ProfiledAt = profile.ProfiledAt;
        row.RulesRevision = rules?.Revision ?? 0;
        row.Rows = profile.Rows;
        row.Completeness = quality.Completeness;
        row.Validity = quality.Validity;
        row.Uniqueness = quality.Uniqueness;
        row.Consistency = quality.Consistency;
        row.DuplicateRows = quality.DuplicateRows;
        row.Findings = JsonSerializer.Serialize(quality.Findings.Where(f => f.Dimension != "timeliness").ToList(), ProfileJson.Options);
        row.Columns = JsonSerializer.Serialize(profile.Columns.Select(c => new ColumnQuality(c.Name, c.Type, c.Kind, c.Count, c.Nulls, c.Distinct)).ToList(),
            ProfileJson.Options);
        row.Notes = JsonSerializer.Serialize(notes, ProfileJson.Options);
        row.HasSketch = true;
        await db.SaveChangesAsync(cancellationToken);
        await DiscoveryRevision.BumpAsync(db, cancellationToken);
        return new JobOutcome(JsonSerializer.Serialize(new { versionId = version.Id, overall = quality.Overall }),
            string.Create(EnglishText.Culture, $"Profiled {profile.Rows:N0} rows; quality {quality.Overall:P0}."));
    }
}
