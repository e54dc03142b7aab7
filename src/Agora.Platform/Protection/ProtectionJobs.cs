using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Agora.Data.Anonymisation;
using Agora.Data.Files;
using Agora.Data.Pseudonymisation;
using Agora.Data.Storage;
using Agora.Platform.Audit;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Agora.Privacy.Anonymisation;
using Agora.Privacy.Detection;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;
using Agora.Privacy.Risk;
using Agora.Privacy.Wording;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Protection;

/// <summary>Finds personal data in a stored version (after ingestion, and on demand) and records the findings with the
/// suggested treatment per column.</summary>
public sealed class DetectionJobHandler(AgoraDbContext db, DataPlane data, CatalogService catalog, ActorLoader actors, TimeProvider clock) : IJobHandler
{
    public string Kind => ProtectionService.DetectJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<DetectPayload>(job.Payload, JsonColumn.Options)!;
        var actor = await actors.ForUserAsync(job.RequestedById, cancellationToken);
        var (dataset, version) = await ProtectionJobs.LoadAsync(db, catalog, actor, payload.VersionId, cancellationToken);
        ProtectionService.DemandMember(actor, dataset);
        var sample = payload.SampleRows switch
        {
            null => DatasetDetection.DefaultSampleRows,
            0 => (int?)null,
            { } rows => rows,
        };
        var stopwatch = Stopwatch.StartNew();
        var findings = await BackgroundWork.RunAsync(progress, report =>
        {
            report(0.1, "Looking for personal data");
            using var reader = data.Store.OpenRead(version.ContentHash, WrappedKey.Parse(version.WrappedKey));
            return DatasetDetection.Detect(reader.Connection, StoredVersionReader.RelationName, sample);
        }, cancellationToken);
        var types = version.Columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var columns = findings.Select(f => Describe(f, types.GetValueOrDefault(f.Column, "Text"))).ToList();
        await db.VersionDetections.Where(d => d.VersionId == version.Id).ExecuteDeleteAsync(cancellationToken);
        db.VersionDetections.Add(new VersionDetection
        {
            VersionId = version.Id, DatasetId = dataset.Id, SampledRows = sample is { } s && s < version.RowCount ? s : null, Columns = columns,
            CreatedAt = clock.GetUtcNow(), ElapsedMilliseconds = stopwatch.ElapsedMilliseconds,
        });
        await db.SaveChangesAsync(cancellationToken);
        var personal = columns.Count(c => c.Role != ColumnRole.Keep);
        return new JobOutcome(JsonSerializer.Serialize(new { datasetId = dataset.Id, versionId = version.Id, version = version.Number, columns = columns.Count, personal }),
            string.Create(CultureInfo.InvariantCulture, $"{personal} of {columns.Count} columns hold personal data."));
    }

    /// <summary>A finding with the treatment the protect step proposes: direct identifiers pseudonymised (or scrubbed when
    /// the data sit in running text), quasi-identifiers generalised, sensitive attributes kept for ℓ-diversity.</summary>
    public static DetectedColumn Describe(ColumnFinding finding, string storedType)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var kind = ProtectionService.KindOf(storedType);
        var (role, method, builder) = finding.Suggestion switch
        {
            _ when finding.InFreeText && finding.Entity is not null => (ColumnRole.Pseudonymise, "scrub", (string?)null),
            PiiSuggestion.DirectIdentifier => (ColumnRole.Pseudonymise,
                TreatmentPlan.NameOf(TreatmentPlan.Suggest(finding, kind) ?? (kind == ColumnKind.Other ? PseudonymisationMethod.Redact : PseudonymisationMethod.Hmac)),
                null),
            PiiSuggestion.QuasiIdentifier => (ColumnRole.QuasiIdentifier, null, AnonymisationVocabulary.SuggestBuilder(storedType, finding.EntityName)),
            PiiSuggestion.Sensitive => (ColumnRole.Sensitive, null, null),
            _ => (ColumnRole.Keep, null, null),
        };
        return new DetectedColumn(finding.Column, storedType, finding.EntityName, Math.Round(finding.Confidence, 3), finding.SuggestionName,
            Math.Round(finding.MatchShare, 3), finding.InFreeText, finding.Evidence, role, method, builder);
    }
}

/// <summary>Analyses the re-identification risk of a stored version on chosen quasi-identifiers.</summary>
public sealed class RiskJobHandler(AgoraDbContext db, DataPlane data, CatalogService catalog, ActorLoader actors, TimeProvider clock) : IJobHandler
{
    public string Kind => ProtectionService.RiskJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<RiskPayload>(job.Payload, JsonColumn.Options)!;
        var actor = await actors.ForUserAsync(job.RequestedById, cancellationToken);
        var (dataset, version) = await ProtectionJobs.LoadAsync(db, catalog, actor, payload.VersionId, cancellationToken);
        ProtectionService.DemandSteward(actor, dataset);
        var report = await BackgroundWork.RunAsync(progress, report =>
        {
            report(0.1, "Grouping the records");
            using var reader = data.Store.OpenRead(version.ContentHash, WrappedKey.Parse(version.WrappedKey));
            return ProtectionJobs.Risk(reader.Connection, StoredVersionReader.RelationName, payload.QuasiIdentifiers, payload.PopulationSize);
        }, cancellationToken);
        db.VersionRiskAssessments.Add(new VersionRiskAssessment
        {
            VersionId = version.Id, DatasetId = dataset.Id, QuasiIdentifiers = payload.QuasiIdentifiers, PopulationSize = payload.PopulationSize,
            Report = report, CreatedById = job.RequestedById, CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return new JobOutcome(JsonSerializer.Serialize(new { datasetId = dataset.Id, versionId = version.Id, version = version.Number }),
            string.Create(EnglishText.Culture,
                $"Highest prosecutor risk {report.Prosecutor.Highest:P1}, average {report.Prosecutor.Average:P1}, {report.SampleUniques:N0} sample uniques."));
    }
}

/// <summary>Makes a protected derived version: anonymises the quasi-identifiers (if asked), then pseudonymises the chosen
/// columns in the dataset's (or a linkage project's) domain, and stores the result encrypted with its lineage.</summary>
public sealed class ProtectionJobHandler(AgoraDbContext db, DataPlane data, CatalogService catalog, ActorLoader actors, ProtectionService protection,
    PseudonymisationKeyStore domains, HierarchyLibrary hierarchies, PlatformKeys keys, AuditLog audit, TimeProvider clock,
    IEnumerable<IVersionStoredHook> hooks) : IJobHandler
{
    public string Kind => ProtectionService.ProtectJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<ProtectPayload>(job.Payload, JsonColumn.Options)!;
        var request = payload.Request;
        var actor = await actors.ForUserAsync(job.RequestedById, cancellationToken);
        var (dataset, source) = await ProtectionJobs.LoadAsync(db, catalog, actor, payload.VersionId, cancellationToken);
        ProtectionService.DemandSteward(actor, dataset);
        await protection.ValidateAsync(actor, dataset, source, request, cancellationToken);

        PseudonymisationDomain? domain = null;
        if (request.Columns.Count > 0)
        {
            if (!string.IsNullOrWhiteSpace(request.LinkageProject))
            {
                var project = await db.LinkageProjects.AsNoTracking().SingleAsync(p => p.Slug == request.LinkageProject, cancellationToken);
                domain = await domains.EnsureAsync(DomainKind.LinkageProject, project.Id, actor.RequiredUserId, project.OwnerOrganisationId, cancellationToken);
            }
            else
            {
                domain = await domains.EnsureAsync(DomainKind.Dataset, dataset.Id, actor.RequiredUserId, dataset.OrganisationId, cancellationToken);
            }
        }
        var saved = (await hierarchies.ListAsync(dataset.Id, cancellationToken)).ToDictionary(h => h.Attribute, StringComparer.Ordinal);
        var columnNames = source.Columns.Select(c => c.Name).ToList();
        ProtectionOutcome outcome;
        try
        {
            outcome = await BackgroundWork.RunAsync(progress, report =>
                ProtectionJobs.Protect(data, source, request, domain, domains, saved, keys, report, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is HierarchyException or AnonymisationException or PseudonymisationException or TabularFileException)
        {
            throw new PlatformException(PlatformError.Validation, ProtectionMessages.WithoutValues(e.Message, columnNames));
        }

        await progress.ReportAsync(0.95, "Recording the derived version");
        var stored = outcome.Stored;
        var derivation = outcome.Derivation with { SourceVersionId = source.Id, SourceVersion = source.Number };
        DatasetVersion version;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            version = await catalog.AddVersionAsync(actor, dataset.Id, number => data.NewVersion(stored, "parquet",
                string.Create(CultureInfo.InvariantCulture, $"{dataset.Slug}-v{number}-protected.parquet"), job.RequestedById, clock.GetUtcNow(),
                source.Id, JsonSerializer.Serialize(derivation, JsonColumn.Options)), cancellationToken);
            if (request.Anonymisation is { SaveHierarchies: true } anonymisation)
            {
                foreach (var qi in anonymisation.QuasiIdentifiers.Where(q => !string.IsNullOrWhiteSpace(q.Builder)))
                {
                    await hierarchies.SaveBuilderAsync(dataset.Id, qi.Column, qi.Builder!, actor.RequiredUserId, cancellationToken);
                }
            }
            if (derivation.RiskAfter is { } after)
            {
                var now = clock.GetUtcNow();
                if (derivation.RiskBefore is { } before && !await db.VersionRiskAssessments.AnyAsync(r => r.VersionId == source.Id, cancellationToken))
                {
                    db.VersionRiskAssessments.Add(new VersionRiskAssessment
                    {
                        VersionId = source.Id, DatasetId = dataset.Id, QuasiIdentifiers = [.. derivation.QuasiIdentifiers], PopulationSize = request.PopulationSize,
                        Report = before, CreatedById = actor.RequiredUserId, CreatedAt = now,
                    });
                }
                db.VersionRiskAssessments.Add(new VersionRiskAssessment
                {
                    VersionId = version.Id, DatasetId = dataset.Id, QuasiIdentifiers = [.. derivation.QuasiIdentifiers], PopulationSize = request.PopulationSize,
                    Report = after, CreatedById = actor.RequiredUserId, CreatedAt = now,
                });
                await db.SaveChangesAsync(cancellationToken);
            }
            await audit.AppendAsync(new AuditEvent("protection.protected", actor.RequiredUserId, dataset.OrganisationId, "dataset-version", version.Id.ToString(),
                ProtectionJobs.AuditDetails(dataset, source, version, derivation)), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // A derived version is a stored version like an uploaded one: it is scanned for personal data and profiled (its
        // quality, and the sketches partners and "data wanted" matches are found by, since it is now the newest version).
        foreach (var hook in hooks)
        {
            await hook.OnVersionStoredAsync(version, actor.RequiredUserId, dataset.OrganisationId, cancellationToken);
        }
        var result = new DerivedVersionResult(dataset.Id, version.Id, version.Number, version.RowCount, version.ContentHash, source.Number);
        return new JobOutcome(JsonSerializer.Serialize(result, JsonColumn.Options), string.Create(CultureInfo.InvariantCulture,
            $"Version {version.Number} stored: {version.RowCount:N0} rows protected from version {source.Number}."));
    }
}

/// <summary>What the DuckDB part of a protection produced.</summary>
internal sealed record ProtectionOutcome(StoredVersion Stored, ProtectionDerivation Derivation);

internal static class ProtectionJobs
{
    private const string AnonymisedRelation = "agora_anonymised";

    public static async Task<(Dataset Dataset, DatasetVersion Version)> LoadAsync(AgoraDbContext db, CatalogService catalog, Actor actor, Guid versionId,
        CancellationToken cancellationToken)
    {
        var datasetId = await db.DatasetVersions.Where(v => v.Id == versionId).Select(v => (Guid?)v.DatasetId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "The version no longer exists.");
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        return (dataset, dataset.Versions.Single(v => v.Id == versionId));
    }

    public static RiskSummary Risk(DuckDB.NET.Data.DuckDBConnection connection, string relation, IReadOnlyList<string> quasiIdentifiers, long? populationSize)
    {
        using var table = AnonymisationTable.FromRelation(connection, relation, quasiIdentifiers);
        return RiskSummary.From(ReidentificationRisk.Analyse(table.ReadEncoded(quasiIdentifiers), populationSize));
    }

    public static ProtectionOutcome Protect(DataPlane data, DatasetVersion source, ProtectionRequest request, PseudonymisationDomain? domain,
        PseudonymisationKeyStore domains, IReadOnlyDictionary<string, SavedHierarchy> saved, PlatformKeys keys, Action<double, string> report,
        CancellationToken cancellationToken)
    {
        report(0.05, "Opening the version");
        using var reader = data.Store.OpenRead(source.ContentHash, WrappedKey.Parse(source.WrappedKey));
        var connection = reader.Connection;
        var relation = StoredVersionReader.RelationName;
        AnonymisationStep? anonymisationStep = null;
        RiskSummary? before = null;
        RiskSummary? after = null;
        IReadOnlyList<string> quasiIdentifiers = request.RiskQuasiIdentifiers;
        if (request.Anonymisation is { } anonymisation)
        {
            report(0.1, "Reading the quasi-identifiers");
            quasiIdentifiers = [.. anonymisation.QuasiIdentifiers.Select(q => q.Column)];
            using var table = AnonymisationTable.FromRelation(connection, relation);
            var result = Anonymise(table, anonymisation, request.PopulationSize, saved, keys, report, cancellationToken, out var steps);
            report(0.6, "Writing the anonymised table");
            table.WriteAnonymised(result, select => Execute(connection, $"CREATE OR REPLACE TEMP TABLE {AnonymisedRelation} AS {select}"));
            relation = AnonymisedRelation;
            before = RiskSummary.From(result.RiskBefore);
            after = RiskSummary.From(result.RiskAfter);
            anonymisationStep = new AnonymisationStep(steps, anonymisation.Sensitive, result.Models, anonymisation.Suppression,
                string.IsNullOrWhiteSpace(anonymisation.Metric) ? "loss" : anonymisation.Metric.Trim().ToLowerInvariant(), result.Suppressed, result.Classes, result.MinClassSize,
                double.IsFinite(result.Score) ? result.Score : 0, QualityFigures.From(result.Quality), result.Checked, result.LatticeSize, result.Optimal,
                Math.Round(result.Elapsed.TotalMilliseconds, 1));
        }
        else if (request.RiskQuasiIdentifiers.Count > 0)
        {
            report(0.1, "Analysing the risk");
            // Pseudonymisation leaves quasi-identifiers as they are (a column has one role), so the risk does not change.
            before = after = Risk(connection, relation, request.RiskQuasiIdentifiers, request.PopulationSize);
        }

        StoredVersion stored;
        PseudonymisationStep? pseudonymisationStep = null;
        if (request.Columns.Count > 0 && domain is not null)
        {
            report(0.7, "Pseudonymising");
            var policy = TreatmentPlan.ParsePolicy(request.Policy);
            var plan = new TreatmentPlan([.. request.Columns.Select(c => new ColumnTreatment(c.Column, TreatmentPlan.ParseMethod(c.Method),
                string.IsNullOrWhiteSpace(c.Subject) ? null : c.Subject))], policy);
            using var chain = domains.Open(domain);
            var vaultFolder = Path.Combine(data.DataDirectory, "vaults", domain.Id.ToString("N"));
            Directory.CreateDirectory(vaultFolder);
            // Deterministic tokens stay stable across versions of the domain: one vault per key generation, extended by each run.
            var vaultPath = Path.Combine(vaultFolder, policy == PseudonymisationPolicy.Deterministic
                ? string.Create(CultureInfo.InvariantCulture, $"g{chain.CurrentVersion}.vault.parquet")
                : $"{Guid.NewGuid():N}.vault.parquet");
            using var vaultLock = plan.Treatments.Any(t => t.Method == PseudonymisationMethod.Token) ? VaultLock.Take(vaultFolder, cancellationToken) : null;
            StoredVersion? written = null;
            var summary = DatasetPseudonymisation.Pseudonymise(connection, relation, select =>
            {
                written = data.Store.StoreQueryResult(connection, select, cancellationToken);
                return written.RowCount;
            }, plan, chain, vaultPath);
            stored = written!;
            pseudonymisationStep = new PseudonymisationStep(domain.Id, domain.Kind, domain.OwnerId, summary.KeyVersion, PolicyName(policy), request.Columns,
                summary.VaultPath is null ? null : Path.GetRelativePath(data.DataDirectory, summary.VaultPath), summary.VaultEntries);
        }
        else
        {
            report(0.8, "Storing the derived version");
            stored = data.Store.StoreQueryResult(connection, $"SELECT * FROM {DuckDbSql.Identifier(relation)}", cancellationToken);
        }
        var derivation = new ProtectionDerivation(ProtectionDerivation.ProtectKind, source.Id, source.Number, pseudonymisationStep, anonymisationStep,
            quasiIdentifiers, before, after);
        return new ProtectionOutcome(stored, derivation);
    }

    private static AnonymisationResult Anonymise(AnonymisationTable table, AnonymisationInput input, long? populationSize,
        IReadOnlyDictionary<string, SavedHierarchy> saved, PlatformKeys keys, Action<double, string> report, CancellationToken cancellationToken,
        out List<QuasiIdentifierStep> steps)
    {
        var names = input.QuasiIdentifiers.Select(q => q.Column).ToList();
        var columns = table.ReadEncoded([.. names.Concat(input.Sensitive)]).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var hierarchies = new Dictionary<string, GeneralisationHierarchy>(StringComparer.Ordinal);
        foreach (var qi in input.QuasiIdentifiers)
        {
            hierarchies[qi.Column] = HierarchyLibrary.Resolve(saved.GetValueOrDefault(qi.Column), qi.Column, qi.Builder, UsedValues(columns[qi.Column]), keys);
        }
        var models = new List<PrivacyModel> { new KAnonymity(input.K) };
        foreach (var sensitive in input.Sensitive)
        {
            if (!string.IsNullOrWhiteSpace(input.LDiversity))
            {
                models.Add(AnonymisationVocabulary.ParseLDiversity(sensitive, input.LDiversity)!);
            }
            if (!string.IsNullOrWhiteSpace(input.TCloseness))
            {
                var (t, distance) = AnonymisationVocabulary.ParseTCloseness(input.TCloseness)!.Value;
                GeneralisationHierarchy? sensitiveHierarchy = null;
                if (distance == GroundDistance.Hierarchical)
                {
                    sensitiveHierarchy = HierarchyLibrary.Resolve(saved.GetValueOrDefault(sensitive), sensitive, null, UsedValues(columns[sensitive]), keys);
                }
                models.Add(new TCloseness(sensitive, t, distance, sensitiveHierarchy));
            }
        }
        if (input.AverageRisk is { } risk)
        {
            models.Add(new AverageRiskThreshold(risk));
        }
        report(0.2, "Searching the least generalisation that protects");
        var result = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = [.. names.Select(n => new QuasiIdentifier(columns[n], hierarchies[n]))],
            SensitiveAttributes = [.. input.Sensitive.Select(s => columns[s])],
            Models = models,
            SuppressionLimit = input.Suppression,
            Metric = AnonymisationVocabulary.ParseMetric(input.Metric)!.Value,
            PopulationSize = populationSize,
            Progress = new Progress<AnonymisationProgress>(p =>
                report(0.2 + (0.4 * Math.Min(1, p.Checked / (double)Math.Max(1, p.LatticeSize))), "Searching the least generalisation that protects")),
        }, cancellationToken);
        steps = [.. input.QuasiIdentifiers.Select(q => new QuasiIdentifierStep(q.Column,
            !string.IsNullOrWhiteSpace(q.Builder) ? "builder:" + q.Builder.Trim()
                : saved[q.Column].Source == HierarchySource.Builder ? "builder:" + saved[q.Column].Builder : "uploaded",
            result.Transformation[q.Column], hierarchies[q.Column].MaxLevel))];
        return result;
    }

    private static IEnumerable<string> UsedValues(EncodedColumn column)
    {
        var used = new bool[column.Dictionary.Count];
        foreach (var code in column.Codes)
        {
            used[code] = true;
        }
        return column.Dictionary.Where((_, code) => used[code]);
    }

    public static IReadOnlyDictionary<string, string?> AuditDetails(Dataset dataset, DatasetVersion source, DatasetVersion version, ProtectionDerivation derivation)
    {
        var details = new Dictionary<string, string?>
        {
            ["dataset"] = dataset.Id.ToString(),
            ["sourceVersion"] = source.Number.ToString(CultureInfo.InvariantCulture),
            ["version"] = version.Number.ToString(CultureInfo.InvariantCulture),
        };
        if (derivation.Pseudonymisation is { } p)
        {
            details["domain"] = p.DomainId.ToString();
            details["domainKind"] = p.DomainKind.ToString();
            details["keyGeneration"] = p.KeyGeneration.ToString(CultureInfo.InvariantCulture);
            details["policy"] = p.Policy;
            details["columns"] = string.Join(",", p.Columns.Select(c => $"{c.Column}={c.Method}"));
        }
        if (derivation.Anonymisation is { } a)
        {
            details["quasiIdentifiers"] = string.Join(",", a.QuasiIdentifiers.Select(q => $"{q.Column}@{q.Level}"));
            details["models"] = string.Join(";", a.Models);
            details["suppressed"] = a.Suppressed.ToString(CultureInfo.InvariantCulture);
        }
        return details;
    }

    public static string PolicyName(PseudonymisationPolicy policy) => policy switch
    {
        PseudonymisationPolicy.PerDocument => "per-document",
        PseudonymisationPolicy.FullyRandomised => "randomised",
        _ => "deterministic",
    };

    private static void Execute(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>An exclusive lock on a domain's vault folder while a run extends its vault (two runs at once would each write
/// a vault without the other's tokens, and the last rename would lose the first run's).</summary>
internal sealed class VaultLock : IDisposable
{
    private readonly FileStream _stream;

    private VaultLock(FileStream stream) => _stream = stream;

    public static VaultLock Take(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, ".lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new VaultLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (attempt < 600)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
