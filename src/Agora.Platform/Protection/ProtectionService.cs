using System.Text.Json;
using Agora.Platform.Accounts;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Linkage;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Privacy.Anonymisation;
using Agora.Privacy.Pseudonymisation;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Protection;

/// <summary>
/// The protect step of the publish flow: personal data found per column (detection), the re-identification risk of a
/// version, and protection jobs that turn a stored version into a pseudonymised and/or anonymised derived version with
/// lineage. Members of the owning organisation see the findings and the risk; data stewards run the jobs.
/// </summary>
public sealed class ProtectionService(AgoraDbContext db, CatalogService catalog, JobQueue jobs, JobSignal signal, HierarchyLibrary hierarchies,
    PseudonymisationKeyStore domains)
{
    public const string DetectJobKind = "detect";
    public const string RiskJobKind = "risk";
    public const string ProtectJobKind = "protect";
    public const int MaxRiskQuasiIdentifiers = 20;

    /// <summary>A dataset and one of its versions, if the actor may see the dataset.</summary>
    public async Task<(Dataset Dataset, DatasetVersion Version)> VersionAsync(Actor actor, Guid datasetId, int number, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        var version = dataset.Versions.SingleOrDefault(v => v.Number == number) ?? throw new PlatformException(PlatformError.NotFound, "No such version.");
        return (dataset, version);
    }

    /// <summary>Findings and risk are about the organisation's own data: its members (and operators) see them.</summary>
    public static bool CanSeeProtection(Actor actor, Dataset dataset) => actor.IsMember(dataset.OrganisationId) || actor.IsOperator;

    public static void DemandMember(Actor actor, Dataset dataset)
    {
        if (!CanSeeProtection(actor, dataset))
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                "Personal-data findings and risk reports are shown to the members of the dataset's organisation.");
        }
    }

    public static void DemandSteward(Actor actor, Dataset dataset)
    {
        if (!actor.IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        if (!CatalogService.CanEdit(actor, dataset))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the owning organisation protect its datasets (token scope 'publish').");
        }
    }

    public async Task<VersionDetection?> DetectionAsync(Actor actor, Dataset dataset, DatasetVersion version, CancellationToken cancellationToken)
    {
        DemandMember(actor, dataset);
        return await db.VersionDetections.AsNoTracking().SingleOrDefaultAsync(d => d.VersionId == version.Id, cancellationToken);
    }

    /// <summary>The latest risk analysis of a version, if any.</summary>
    public async Task<VersionRiskAssessment?> RiskAsync(Actor actor, Dataset dataset, DatasetVersion version, CancellationToken cancellationToken)
    {
        DemandMember(actor, dataset);
        var list = await db.VersionRiskAssessments.AsNoTracking().Where(r => r.VersionId == version.Id).ToListAsync(cancellationToken);
        return list.OrderByDescending(r => r.CreatedAt).FirstOrDefault();
    }

    /// <summary>Protection jobs of a dataset still waiting or running (the page tells the steward they are under way).</summary>
    public async Task<List<Job>> PendingJobsAsync(Actor actor, Dataset dataset, CancellationToken cancellationToken)
    {
        DemandMember(actor, dataset);
        string[] kinds = [DetectJobKind, RiskJobKind, ProtectJobKind];
        var marker = $"\"datasetId\":\"{dataset.Id:D}\"";
        var list = await db.Jobs.AsNoTracking()
            .Where(j => kinds.Contains(j.Kind) && j.OrganisationId == dataset.OrganisationId && (j.State == JobState.Queued || j.State == JobState.Running))
            .ToListAsync(cancellationToken);
        return [.. list.Where(j => j.Payload.Contains(marker, StringComparison.Ordinal)).OrderBy(j => j.CreatedAt)];
    }

    /// <summary>Finds personal data in a version: a sample of <paramref name="sampleRows"/> rows (default 10,000), or every
    /// row with 0.</summary>
    public async Task<Job> RequestDetectionAsync(Actor actor, Dataset dataset, DatasetVersion version, int? sampleRows, CancellationToken cancellationToken)
    {
        DemandSteward(actor, dataset);
        if (sampleRows is < 0)
        {
            throw new PlatformException(PlatformError.Validation, "The sample size is a number of rows (0 scans every row).");
        }
        return await EnqueueAsync(DetectJobKind, new DetectPayload(dataset.Id, version.Id, sampleRows), actor.RequiredUserId, dataset.OrganisationId,
            cancellationToken);
    }

    /// <summary>Enqueues detection for a version just stored (by ingestion or protection), as the person who stored it.</summary>
    public async Task<Job> EnqueueDetectionAfterStoreAsync(DatasetVersion version, string userId, Guid organisationId, CancellationToken cancellationToken) =>
        await EnqueueAsync(DetectJobKind, new DetectPayload(version.DatasetId, version.Id, null), userId, organisationId, cancellationToken);

    public async Task<Job> RequestRiskAsync(Actor actor, Dataset dataset, DatasetVersion version, IReadOnlyList<string> quasiIdentifiers, long? populationSize,
        CancellationToken cancellationToken)
    {
        DemandSteward(actor, dataset);
        var names = version.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var cleaned = quasiIdentifiers.Select(q => q.Trim()).Where(q => q.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var fields = new Dictionary<string, string[]>();
        if (cleaned.Count == 0)
        {
            fields["quasiIdentifiers"] = ["Choose at least one quasi-identifier."];
        }
        else if (cleaned.Count > MaxRiskQuasiIdentifiers)
        {
            fields["quasiIdentifiers"] = [$"At most {MaxRiskQuasiIdentifiers} quasi-identifiers."];
        }
        foreach (var unknown in cleaned.Where(q => !names.Contains(q)))
        {
            fields[$"quasiIdentifiers:{unknown}"] = [$"The version has no column '{unknown}'."];
        }
        if (populationSize is { } population && population < version.RowCount)
        {
            fields["populationSize"] = ["The population cannot be smaller than the number of rows."];
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The risk analysis cannot run: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
        return await EnqueueAsync(RiskJobKind, new RiskPayload(dataset.Id, version.Id, cleaned, populationSize), actor.RequiredUserId, dataset.OrganisationId,
            cancellationToken);
    }

    /// <summary>Checks a protection request against the version and the platform's rules (all problems at once, per field)
    /// and enqueues the job that makes the derived version.</summary>
    public async Task<Job> RequestProtectionAsync(Actor actor, Dataset dataset, DatasetVersion version, ProtectionRequest request,
        CancellationToken cancellationToken)
    {
        DemandSteward(actor, dataset);
        await ValidateAsync(actor, dataset, version, request, cancellationToken);
        return await EnqueueAsync(ProtectJobKind, new ProtectPayload(dataset.Id, version.Id, request), actor.RequiredUserId, dataset.OrganisationId,
            cancellationToken);
    }

    /// <summary>The validation of <see cref="RequestProtectionAsync"/>, also run again by the job.</summary>
    public async Task ValidateAsync(Actor actor, Dataset dataset, DatasetVersion version, ProtectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A JSON body may leave out what the records promise is there, or give null for it: refuse that before anything
        // relies on it.
        var shape = ShapeErrors(request).ToList();
        if (shape.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The protection request is incomplete: " + string.Join(" ", shape.Select(e => e.Message)),
                shape.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }
        var fields = new Dictionary<string, string[]>();
        void Add(string field, string message) => fields[field] = fields.TryGetValue(field, out var m) ? [.. m, message] : [message];
        var schema = version.Columns.ToDictionary(c => c.Name, c => KindOf(c.Type), StringComparer.Ordinal);
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        void Claim(string column, string role, string field)
        {
            if (!schema.ContainsKey(column))
            {
                Add(field, $"The version has no column '{column}'.");
            }
            else if (!roles.TryAdd(column, role))
            {
                Add(field, $"Column '{column}' has two roles ({roles[column]} and {role}); give each column one.");
            }
        }

        if (request.Columns.Count == 0 && request.Anonymisation is null)
        {
            Add("columns", "Choose at least one column to pseudonymise, or quasi-identifiers to anonymise.");
        }
        PseudonymisationPolicy policy = PseudonymisationPolicy.Deterministic;
        try
        {
            policy = TreatmentPlan.ParsePolicy(request.Policy);
        }
        catch (PseudonymisationException e)
        {
            Add("policy", e.Message);
        }
        var treatments = new List<ColumnTreatment>();
        foreach (var column in request.Columns)
        {
            Claim(column.Column, "pseudonymised", $"columns:{column.Column}");
            try
            {
                treatments.Add(new ColumnTreatment(column.Column, TreatmentPlan.ParseMethod(column.Method), string.IsNullOrWhiteSpace(column.Subject) ? null : column.Subject));
            }
            catch (PseudonymisationException e)
            {
                Add($"columns:{column.Column}", e.Message);
            }
        }
        if (treatments.Count > 0 && fields.Count == 0)
        {
            // The anonymised quasi-identifiers become text before pseudonymisation; a pseudonymised column is never one of them.
            try
            {
                new TreatmentPlan(treatments, policy).Validate(schema);
            }
            catch (PseudonymisationException e)
            {
                Add("columns", e.Message);
            }
        }

        if (request.Anonymisation is { } anonymisation)
        {
            if (anonymisation.QuasiIdentifiers.Count == 0)
            {
                Add("anonymisation", "Anonymisation needs at least one quasi-identifier.");
            }
            var saved = (await hierarchies.ListAsync(dataset.Id, cancellationToken)).ToDictionary(h => h.Attribute, StringComparer.Ordinal);
            foreach (var qi in anonymisation.QuasiIdentifiers)
            {
                var field = $"quasiIdentifiers:{qi.Column}";
                Claim(qi.Column, "quasi-identifier", field);
                if (!string.IsNullOrWhiteSpace(qi.Builder))
                {
                    try
                    {
                        HierarchyBuilderSpec.Parse(qi.Builder);
                    }
                    catch (HierarchyException e)
                    {
                        Add(field, e.Message);
                    }
                }
                else if (!saved.ContainsKey(qi.Column))
                {
                    Add(field, $"Quasi-identifier '{qi.Column}' has no hierarchy: choose a builder or upload a hierarchy file for it.");
                }
            }
            foreach (var sensitive in anonymisation.Sensitive)
            {
                Claim(sensitive, "sensitive", $"sensitive:{sensitive}");
            }
            if (anonymisation.K < 1 || anonymisation.K > version.RowCount)
            {
                Add("k", $"k must be between 1 and the number of rows ({version.RowCount}).");
            }
            if (!(anonymisation.Suppression >= 0 && anonymisation.Suppression <= 1))
            {
                Add("suppression", "The suppression limit is a share between 0 and 1 (0.04 for 4 %).");
            }
            if (AnonymisationVocabulary.ParseMetric(anonymisation.Metric) is null)
            {
                Add("metric", $"Unknown metric '{anonymisation.Metric}'; use {string.Join(", ", AnonymisationVocabulary.Metrics)}.");
            }
            if ((anonymisation.LDiversity is not null || anonymisation.TCloseness is not null) && anonymisation.Sensitive.Count == 0)
            {
                Add("sensitive", "ℓ-diversity and t-closeness need a sensitive attribute.");
            }
            if (!string.IsNullOrWhiteSpace(anonymisation.LDiversity) && AnonymisationVocabulary.ParseLDiversity("x", anonymisation.LDiversity) is null)
            {
                Add("lDiversity", "ℓ-diversity is distinct:L, entropy:L or recursive:C:L (for example entropy:2).");
            }
            if (!string.IsNullOrWhiteSpace(anonymisation.TCloseness) && AnonymisationVocabulary.ParseTCloseness(anonymisation.TCloseness) is null)
            {
                Add("tCloseness", "t-closeness is T[:equal|hierarchical|ordered] with T between 0 and 1 (for example 0.2).");
            }
            if (anonymisation.AverageRisk is { } risk && !(risk > 0 && risk <= 1))
            {
                Add("averageRisk", "The average risk threshold is between 0 and 1.");
            }
        }
        foreach (var qi in request.RiskQuasiIdentifiers.Where(q => !schema.ContainsKey(q)))
        {
            Add($"riskQuasiIdentifiers:{qi}", $"The version has no column '{qi}'.");
        }
        if (request.PopulationSize is { } population && population < version.RowCount)
        {
            Add("populationSize", "The population cannot be smaller than the number of rows.");
        }
        if (!string.IsNullOrWhiteSpace(request.LinkageProject))
        {
            var project = await db.LinkageProjects.AsNoTracking().Include(p => p.Members)
                .SingleOrDefaultAsync(p => p.Slug == request.LinkageProject, cancellationToken);
            if (project is null || !project.Members.Any(m => m.OrganisationId == dataset.OrganisationId && m.State == LinkageMemberState.Joined))
            {
                Add("linkageProject", "The dataset's organisation has not joined that linkage project.");
            }
            if (request.Columns.Count == 0)
            {
                Add("linkageProject", "Linkage needs a pseudonymised column to join on.");
            }
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The protection cannot run: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
    }

    private static IEnumerable<(string Field, string Message)> ShapeErrors(ProtectionRequest request)
    {
        if (request.Columns is null || request.Columns.Any(c => c is null || string.IsNullOrWhiteSpace(c.Column) || string.IsNullOrWhiteSpace(c.Method)))
        {
            yield return ("columns", "Each column to pseudonymise needs a 'column' and a 'method'.");
        }
        if (request.Policy is null)
        {
            yield return ("policy", "The policy is deterministic, per-document or randomised.");
        }
        if (request.RiskQuasiIdentifiers is null || request.RiskQuasiIdentifiers.Any(string.IsNullOrWhiteSpace))
        {
            yield return ("riskQuasiIdentifiers", "Risk quasi-identifiers are a list of column names.");
        }
        if (request.Anonymisation is { } anonymisation)
        {
            if (anonymisation.QuasiIdentifiers is null || anonymisation.QuasiIdentifiers.Any(q => q is null || string.IsNullOrWhiteSpace(q.Column)))
            {
                yield return ("anonymisation", "Each quasi-identifier needs a 'column'.");
            }
            if (anonymisation.Sensitive is null || anonymisation.Sensitive.Any(string.IsNullOrWhiteSpace))
            {
                yield return ("sensitive", "Sensitive attributes are a list of column names.");
            }
            if (anonymisation.Metric is null)
            {
                yield return ("metric", $"The metric is one of {string.Join(", ", AnonymisationVocabulary.Metrics)}.");
            }
        }
    }

    /// <summary>The dataset's own pseudonymisation domain (null until the first protection made it).</summary>
    public async Task<PseudonymisationDomain?> DatasetDomainAsync(Actor actor, Dataset dataset, CancellationToken cancellationToken)
    {
        DemandMember(actor, dataset);
        return await domains.FindAsync(DomainKind.Dataset, dataset.Id, cancellationToken);
    }

    /// <summary>Starts a new key generation for the dataset's domain: later protections make different pseudonyms.</summary>
    public async Task<PseudonymisationDomain> RotateDatasetKeyAsync(Actor actor, Dataset dataset, CancellationToken cancellationToken)
    {
        if (!CatalogService.CanReview(actor, dataset))
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                "Only data stewards of the owning organisation rotate its keys (token scope 'manage').");
        }
        var domain = await domains.FindAsync(DomainKind.Dataset, dataset.Id, cancellationToken)
            ?? await domains.EnsureAsync(DomainKind.Dataset, dataset.Id, actor.RequiredUserId, dataset.OrganisationId, cancellationToken);
        return await domains.RotateAsync(domain.Id, actor.RequiredUserId, dataset.OrganisationId, cancellationToken);
    }

    public async Task<List<SavedHierarchy>> HierarchiesAsync(Actor actor, Dataset dataset, CancellationToken cancellationToken)
    {
        DemandMember(actor, dataset);
        return await hierarchies.ListAsync(dataset.Id, cancellationToken);
    }

    public async Task<SavedHierarchy> SaveHierarchyAsync(Actor actor, Dataset dataset, string attribute, string? builder, string? csv,
        CancellationToken cancellationToken)
    {
        DemandSteward(actor, dataset);
        attribute = attribute.Trim();
        if (attribute.Length == 0 || attribute.Length > 256)
        {
            throw new PlatformException(PlatformError.Validation, "Name the attribute the hierarchy is for.");
        }
        return csv is not null
            ? await hierarchies.SaveUploadedAsync(dataset.Id, attribute, csv, actor.RequiredUserId, cancellationToken)
            : await hierarchies.SaveBuilderAsync(dataset.Id, attribute, builder ?? "", actor.RequiredUserId, cancellationToken);
    }

    public async Task DeleteHierarchyAsync(Actor actor, Dataset dataset, string attribute, CancellationToken cancellationToken)
    {
        DemandSteward(actor, dataset);
        if (!await hierarchies.DeleteAsync(dataset.Id, attribute, cancellationToken))
        {
            throw new PlatformException(PlatformError.NotFound, "No hierarchy is saved for that attribute.");
        }
    }

    /// <summary>What was done to make a version, or null for an uploaded version.</summary>
    public static ProtectionDerivation? DerivationOf(DatasetVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Derivation is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ProtectionDerivation>(version.Derivation, JsonColumn.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The treatment kind of a stored column type.</summary>
    public static ColumnKind KindOf(string storedType) => storedType switch
    {
        "Integer" => ColumnKind.Integer,
        "Decimal" => ColumnKind.Decimal,
        "Boolean" => ColumnKind.Boolean,
        "Date" => ColumnKind.Date,
        "Timestamp" => ColumnKind.Timestamp,
        "Text" => ColumnKind.Text,
        _ => ColumnKind.Other,
    };

    private async Task<Job> EnqueueAsync<T>(string kind, T payload, string userId, Guid organisationId, CancellationToken cancellationToken)
    {
        var job = await jobs.EnqueueAsync(kind, JsonSerializer.Serialize(payload, JsonColumn.Options), userId, organisationId, cancellationToken);
        signal.Notify();
        return job;
    }
}

internal sealed record DetectPayload(Guid DatasetId, Guid VersionId, int? SampleRows);

internal sealed record RiskPayload(Guid DatasetId, Guid VersionId, List<string> QuasiIdentifiers, long? PopulationSize);

internal sealed record ProtectPayload(Guid DatasetId, Guid VersionId, ProtectionRequest Request);

/// <summary>What a finished protection or linkage job returns: the derived version.</summary>
public sealed record DerivedVersionResult(Guid DatasetId, Guid VersionId, int Version, long Rows, string ContentHash, int SourceVersion);

/// <summary>Every version ingestion stores is scanned for personal data at once, so the publish wizard can show the
/// findings when the steward reaches the protect step.</summary>
public sealed class DetectAfterIngestion(ProtectionService protection) : Publishing.IVersionStoredHook
{
    public Task OnVersionStoredAsync(DatasetVersion version, string userId, Guid organisationId, CancellationToken cancellationToken) =>
        protection.EnqueueDetectionAfterStoreAsync(version, userId, organisationId, cancellationToken);
}
