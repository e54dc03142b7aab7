using System.Globalization;
using System.Net.Mail;
using System.Text;
using Agora.Platform.Accounts;
using Agora.Platform.Audit;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Catalog;

/// <summary>Datasets: creation, description, governance (draft → in review → published) and who may see what.</summary>
/// <summary>One page of search results.</summary>
public sealed record CatalogPage(int Total, IReadOnlyList<Dataset> Datasets, IReadOnlyDictionary<string, Dictionary<string, int>> Facets,
    IReadOnlyDictionary<string, string> OrganisationNames);

public sealed class CatalogService(AgoraDbContext db, TimeProvider clock, CatalogSearch search, AuditLog audit)
{
    public static bool CanSee(Actor actor, Dataset dataset) =>
        dataset.State is DatasetState.Published or DatasetState.Withdrawn || actor.IsMember(dataset.OrganisationId) || actor.IsOperator;

    /// <summary>Row-level data (preview, download) without an agreement: open published data, or members of the owner.</summary>
    public static bool CanReadData(Actor actor, Dataset dataset) =>
        (dataset.State == DatasetState.Published && dataset.AccessRights == AccessRights.Public) || actor.IsMember(dataset.OrganisationId);

    public static bool CanEdit(Actor actor, Dataset dataset) =>
        actor.HasRole(dataset.OrganisationId, OrganisationRole.DataSteward) && actor.HasScope(TokenScopes.Publish);

    public static bool CanReview(Actor actor, Dataset dataset) =>
        actor.HasRole(dataset.OrganisationId, OrganisationRole.DataSteward) && actor.HasScope(TokenScopes.Manage);

    /// <summary>The dataset if the actor may see it; otherwise 404, so another organisation's drafts stay invisible.</summary>
    public async Task<Dataset> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking()
            .Include(d => d.Organisation)
            .Include(d => d.Versions.OrderBy(v => v.Number))
            .AsSplitQuery()
            .SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null || !CanSee(actor, dataset))
        {
            throw new PlatformException(PlatformError.NotFound, "No such dataset.");
        }
        return dataset;
    }

    public async Task<Dataset> GetAsync(Actor actor, string organisationSlug, string slug, CancellationToken cancellationToken)
    {
        var id = await db.Datasets.Where(d => d.Slug == slug && d.Organisation.Slug == organisationSlug).Select(d => (Guid?)d.Id)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new PlatformException(PlatformError.NotFound, "No such dataset.");
        return await GetAsync(actor, id, cancellationToken);
    }

    /// <summary>Searches the published catalogue; returns the page of datasets in rank order with the facet counts.</summary>
    public async Task<CatalogPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var result = await search.SearchAsync(db, query, cancellationToken);
        var ids = result.Hits.Select(h => h.DatasetId).ToList();
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation).Include(d => d.Versions)
            .Where(d => ids.Contains(d.Id) && d.State == DatasetState.Published).AsSplitQuery().ToDictionaryAsync(d => d.Id, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Slug, o => o.Name, cancellationToken);
        return new CatalogPage(result.Total, [.. ids.Where(datasets.ContainsKey).Select(id => datasets[id])], result.Facets, organisations);
    }

    /// <summary>The datasets of an organisation the actor may see: all of them for members, published ones for others.</summary>
    public async Task<List<Dataset>> ListForOrganisationAsync(Actor actor, Guid organisationId, CancellationToken cancellationToken)
    {
        var query = db.Datasets.AsNoTracking().Include(d => d.Organisation).Where(d => d.OrganisationId == organisationId);
        if (!actor.IsMember(organisationId) && !actor.IsOperator)
        {
            query = query.Where(d => d.State == DatasetState.Published);
        }
        var list = await query.ToListAsync(cancellationToken);
        return [.. list.OrderByDescending(d => d.ModifiedAt)];
    }

    /// <summary>Datasets waiting for review in the organisations where the actor is a steward.</summary>
    public async Task<List<Dataset>> ReviewQueueAsync(Actor actor, CancellationToken cancellationToken)
    {
        var organisations = actor.Roles.Where(r => r.Value >= OrganisationRole.DataSteward).Select(r => r.Key).ToList();
        var list = await db.Datasets.AsNoTracking().Include(d => d.Organisation)
            .Where(d => d.State == DatasetState.InReview && organisations.Contains(d.OrganisationId)).ToListAsync(cancellationToken);
        return [.. list.OrderBy(d => d.ModifiedAt)];
    }

    public async Task<List<DatasetChange>> HistoryAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        await GetAsync(actor, datasetId, cancellationToken);
        var list = await db.DatasetChanges.AsNoTracking().Where(c => c.DatasetId == datasetId).ToListAsync(cancellationToken);
        return [.. list.OrderByDescending(c => c.At)];
    }

    public async Task<Dataset> CreateAsync(Actor actor, Guid organisationId, DatasetInput input, CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        Validate(input, requireComplete: false);
        var slug = string.IsNullOrWhiteSpace(input.Slug) ? await FreeSlugAsync(organisationId, Slugify(FirstTitle(input)), cancellationToken) : input.Slug.Trim();
        if (!OrganisationService.SlugPattern().IsMatch(slug))
        {
            throw new PlatformException(PlatformError.Validation, "The dataset is not valid.",
                new Dictionary<string, string[]> { ["slug"] = ["Use 2 to 64 lower-case letters, digits and hyphens, starting with a letter."] });
        }
        if (await db.Datasets.AnyAsync(d => d.OrganisationId == organisationId && d.Slug == slug, cancellationToken))
        {
            throw new PlatformException(PlatformError.Conflict, $"The organisation already has a dataset named '{slug}'.");
        }
        var now = clock.GetUtcNow();
        var dataset = new Dataset { OrganisationId = organisationId, Slug = slug, CreatedById = actor.RequiredUserId, CreatedAt = now, ModifiedAt = now };
        Apply(dataset, input);
        dataset.Changes.Add(new DatasetChange { Kind = DatasetChangeKind.Created, UserId = actor.RequiredUserId, At = now });
        db.Datasets.Add(dataset);
        await SaveAsync(actor, "dataset.created", dataset, null, cancellationToken);
        return dataset;
    }

    public async Task<Dataset> UpdateAsync(Actor actor, Guid datasetId, DatasetInput input, CancellationToken cancellationToken)
    {
        var dataset = await TrackedAsync(actor, datasetId, cancellationToken);
        if (!CanEdit(actor, dataset))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the owning organisation edit its datasets.");
        }
        if (dataset.State == DatasetState.InReview)
        {
            throw new PlatformException(PlatformError.Conflict, "The dataset is in review; ask a steward to approve or reject it first.");
        }
        Validate(input, requireComplete: dataset.State == DatasetState.Published);
        var before = DatasetInput.From(dataset);
        Apply(dataset, input);
        var changed = ChangedFields(before, DatasetInput.From(dataset));
        if (changed.Count == 0)
        {
            return dataset;
        }
        var now = clock.GetUtcNow();
        dataset.ModifiedAt = now;
        db.DatasetChanges.Add(new DatasetChange
        {
            DatasetId = dataset.Id, Kind = DatasetChangeKind.MetadataEdited, UserId = actor.RequiredUserId, At = now, Detail = string.Join(", ", changed),
        });
        await SaveAsync(actor, "dataset.edited", dataset, new Dictionary<string, string?> { ["fields"] = string.Join(",", changed) }, cancellationToken);
        return dataset;
    }

    public async Task<Dataset> SubmitAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await TrackedAsync(actor, datasetId, cancellationToken);
        if (!CanEdit(actor, dataset))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the owning organisation submit its datasets.");
        }
        if (dataset.State is not (DatasetState.Draft or DatasetState.Withdrawn))
        {
            throw new PlatformException(PlatformError.Conflict, $"A dataset that is {StateName(dataset.State)} cannot be submitted.");
        }
        Validate(DatasetInput.From(dataset), requireComplete: true);
        if (dataset.AccessRights != AccessRights.NonPublic && !await db.DatasetVersions.AnyAsync(v => v.DatasetId == datasetId, cancellationToken))
        {
            throw new PlatformException(PlatformError.Conflict, "Upload a first version before submitting the dataset for review.");
        }
        return await TransitionAsync(actor, dataset, DatasetState.InReview, DatasetChangeKind.SubmittedForReview, null, cancellationToken);
    }

    public async Task<Dataset> ApproveAsync(Actor actor, Guid datasetId, string? comment, CancellationToken cancellationToken)
    {
        var dataset = await ReviewableAsync(actor, datasetId, cancellationToken);
        dataset.PublishedAt ??= clock.GetUtcNow();
        return await TransitionAsync(actor, dataset, DatasetState.Published, DatasetChangeKind.Approved, comment, cancellationToken);
    }

    public async Task<Dataset> RejectAsync(Actor actor, Guid datasetId, string? comment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new PlatformException(PlatformError.Validation, "Say why the dataset is sent back, so its steward can fix it.",
                new Dictionary<string, string[]> { ["comment"] = ["A comment is required when rejecting."] });
        }
        var dataset = await ReviewableAsync(actor, datasetId, cancellationToken);
        return await TransitionAsync(actor, dataset, DatasetState.Draft, DatasetChangeKind.Rejected, comment, cancellationToken);
    }

    public async Task<Dataset> WithdrawAsync(Actor actor, Guid datasetId, string? comment, CancellationToken cancellationToken)
    {
        var dataset = await TrackedAsync(actor, datasetId, cancellationToken);
        if (!CanReview(actor, dataset))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the owning organisation withdraw its datasets.");
        }
        if (dataset.State != DatasetState.Published)
        {
            throw new PlatformException(PlatformError.Conflict, "Only a published dataset can be withdrawn.");
        }
        return await TransitionAsync(actor, dataset, DatasetState.Withdrawn, DatasetChangeKind.Withdrawn, comment, cancellationToken);
    }

    /// <summary>Records a stored version (called by ingestion once the file exists and is complete).</summary>
    public async Task<DatasetVersion> AddVersionAsync(Actor actor, Guid datasetId, Func<int, DatasetVersion> create, CancellationToken cancellationToken)
    {
        var dataset = await TrackedAsync(actor, datasetId, cancellationToken);
        if (!CanEdit(actor, dataset))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the owning organisation add versions.");
        }
        var number = 1 + (await db.DatasetVersions.Where(v => v.DatasetId == datasetId).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0);
        var version = create(number);
        version.DatasetId = datasetId;
        version.Number = number;
        db.DatasetVersions.Add(version);
        dataset.ModifiedAt = version.CreatedAt;
        db.DatasetChanges.Add(new DatasetChange
        {
            DatasetId = datasetId, Kind = DatasetChangeKind.VersionAdded, UserId = actor.RequiredUserId, At = version.CreatedAt,
            Detail = string.Create(CultureInfo.InvariantCulture, $"version {number}"),
        });
        await SaveAsync(actor, "version.added", dataset, new Dictionary<string, string?>
        {
            ["version"] = number.ToString(CultureInfo.InvariantCulture), ["contentHash"] = version.ContentHash,
            ["derivedFrom"] = version.DerivedFromId?.ToString(),
        }, cancellationToken);
        return version;
    }

    private async Task<Dataset> ReviewableAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await TrackedAsync(actor, datasetId, cancellationToken);
        if (!CanReview(actor, dataset))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only data stewards of the owning organisation review its datasets.");
        }
        if (dataset.State != DatasetState.InReview)
        {
            throw new PlatformException(PlatformError.Conflict, $"The dataset is {StateName(dataset.State)}, not in review.");
        }
        return dataset;
    }

    private async Task<Dataset> TransitionAsync(Actor actor, Dataset dataset, DatasetState to, DatasetChangeKind kind, string? comment,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        dataset.State = to;
        dataset.ModifiedAt = now;
        db.DatasetChanges.Add(new DatasetChange
        {
            DatasetId = dataset.Id, Kind = kind, UserId = actor.RequiredUserId, At = now, Detail = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
        });
        var action = kind switch
        {
            DatasetChangeKind.SubmittedForReview => "dataset.submitted",
            DatasetChangeKind.Approved => "dataset.approved",
            DatasetChangeKind.Rejected => "dataset.rejected",
            _ => "dataset.withdrawn",
        };
        await SaveAsync(actor, action, dataset, null, cancellationToken);
        return dataset;
    }

    private async Task<Dataset> TrackedAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.Include(d => d.Organisation).SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null || !CanSee(actor, dataset))
        {
            throw new PlatformException(PlatformError.NotFound, "No such dataset.");
        }
        return dataset;
    }

    /// <summary>Saves the change, its audit entry and the catalogue revision in one transaction.</summary>
    private async Task SaveAsync(Actor actor, string action, Dataset dataset, IReadOnlyDictionary<string, string?>? details,
        CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(new AuditEvent(action, actor.UserId, dataset.OrganisationId, "dataset", dataset.Id.ToString(), details), cancellationToken);
            await CatalogRevision.BumpAsync(db, cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    public static string StateName(DatasetState state) => state switch
    {
        DatasetState.InReview => "in review",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static void Apply(Dataset dataset, DatasetInput input)
    {
        dataset.Title = new TextByLanguage(Clean(input.Title));
        dataset.Description = new TextByLanguage(Clean(input.Description));
        var keywords = new KeywordsByLanguage();
        foreach (var (language, words) in input.Keywords)
        {
            var cleaned = words.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (cleaned.Count > 0)
            {
                keywords[language.ToLowerInvariant()] = cleaned;
            }
        }
        dataset.Keywords = keywords;
        dataset.Themes = [.. input.Themes.Distinct(StringComparer.Ordinal)];
        dataset.Licence = Blank(input.Licence);
        dataset.AccessRights = input.AccessRights;
        dataset.ContactName = Blank(input.ContactName);
        dataset.ContactEmail = Blank(input.ContactEmail);
        dataset.TemporalStart = input.TemporalStart;
        dataset.TemporalEnd = input.TemporalEnd;
        dataset.Spatial = Blank(input.Spatial);
        dataset.Frequency = Blank(input.Frequency);
        dataset.DataProtection = Blank(input.DataProtection);
        dataset.ApplicableLegislation = [.. input.ApplicableLegislation.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];
        dataset.LandingPage = Blank(input.LandingPage);
    }

    /// <summary>Checks a description; <paramref name="requireComplete"/> adds what publication needs.</summary>
    public static void Validate(DatasetInput input, bool requireComplete)
    {
        var fields = new Dictionary<string, string[]>();
        void Add(string field, string message) => fields[field] = [.. fields.GetValueOrDefault(field, []), message];

        foreach (var language in input.Title.Keys.Concat(input.Description.Keys).Concat(input.Keywords.Keys))
        {
            if (!Vocabularies.Languages.Contains(language.ToLowerInvariant(), StringComparer.Ordinal))
            {
                Add("language", $"'{language}' is not a supported language (en, fr, de, lb).");
            }
        }
        if (!input.Title.Values.Any(t => !string.IsNullOrWhiteSpace(t)))
        {
            Add("title", "A title in at least one language is required.");
        }
        if (input.Title.Values.Any(t => t.Length > 300))
        {
            Add("title", "A title has at most 300 characters.");
        }
        if (input.Description.Values.Any(t => t.Length > 20000))
        {
            Add("description", "A description has at most 20,000 characters.");
        }
        foreach (var theme in input.Themes.Where(t => !Vocabularies.IsTheme(t)))
        {
            Add("themes", $"'{theme}' is not an EU data theme.");
        }
        if (input.Licence is { Length: > 0 } licence && !Vocabularies.IsLicence(licence))
        {
            Add("licence", $"'{licence}' is not a known licence.");
        }
        if (input.Frequency is { Length: > 0 } frequency && !Vocabularies.IsFrequency(frequency))
        {
            Add("frequency", $"'{frequency}' is not a known update frequency.");
        }
        if (input.Spatial is { Length: > 0 } spatial && !Vocabularies.IsSpatial(spatial))
        {
            Add("spatial", $"'{spatial}' is not a known place.");
        }
        if (input.DataProtection is { Length: > 0 } protection && !Vocabularies.IsDataProtection(protection))
        {
            Add("dataProtection", $"'{protection}' is not a known type of data protection.");
        }
        if (input.ContactEmail is { Length: > 0 } email && !MailAddress.TryCreate(email, out _))
        {
            Add("contactEmail", "The contact e-mail address is not valid.");
        }
        if (input.TemporalStart is { } start && input.TemporalEnd is { } end && start > end)
        {
            Add("temporalEnd", "The end of the temporal coverage comes before its start.");
        }
        foreach (var url in new[] { input.LandingPage }.Concat(input.ApplicableLegislation).Where(u => !string.IsNullOrWhiteSpace(u)))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                Add("links", $"'{url}' is not an http(s) address.");
            }
        }
        if (requireComplete)
        {
            if (!input.Description.Values.Any(t => !string.IsNullOrWhiteSpace(t)))
            {
                Add("description", "A description is required before review.");
            }
            if (string.IsNullOrWhiteSpace(input.ContactEmail))
            {
                Add("contactEmail", "A contact e-mail address is required before review.");
            }
            if (input.Themes.Count == 0)
            {
                Add("themes", "At least one theme is required before review.");
            }
            // Open data needs a licence; restricted data is used under an agreement instead.
            if (string.IsNullOrWhiteSpace(input.Licence) && input.AccessRights == AccessRights.Public)
            {
                Add("licence", "Open data needs a licence before review.");
            }
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The dataset description is not valid: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
    }

    private static List<string> ChangedFields(DatasetInput before, DatasetInput after)
    {
        var changed = new List<string>();
        void Check(string name, object? a, object? b)
        {
            if (!string.Equals(System.Text.Json.JsonSerializer.Serialize(a), System.Text.Json.JsonSerializer.Serialize(b), StringComparison.Ordinal))
            {
                changed.Add(name);
            }
        }
        Check("title", before.Title.OrderBy(k => k.Key), after.Title.OrderBy(k => k.Key));
        Check("description", before.Description.OrderBy(k => k.Key), after.Description.OrderBy(k => k.Key));
        Check("keywords", before.Keywords.OrderBy(k => k.Key), after.Keywords.OrderBy(k => k.Key));
        Check("themes", before.Themes, after.Themes);
        Check("licence", before.Licence, after.Licence);
        Check("accessRights", before.AccessRights, after.AccessRights);
        Check("contact", (before.ContactName, before.ContactEmail), (after.ContactName, after.ContactEmail));
        Check("temporal", (before.TemporalStart, before.TemporalEnd), (after.TemporalStart, after.TemporalEnd));
        Check("spatial", before.Spatial, after.Spatial);
        Check("frequency", before.Frequency, after.Frequency);
        Check("dataProtection", before.DataProtection, after.DataProtection);
        Check("applicableLegislation", before.ApplicableLegislation, after.ApplicableLegislation);
        Check("landingPage", before.LandingPage, after.LandingPage);
        return changed;
    }

    private async Task<string> FreeSlugAsync(Guid organisationId, string wanted, CancellationToken cancellationToken)
    {
        var slug = wanted;
        for (var i = 2; await db.Datasets.AnyAsync(d => d.OrganisationId == organisationId && d.Slug == slug, cancellationToken); i++)
        {
            slug = string.Create(CultureInfo.InvariantCulture, $"{wanted[..Math.Min(wanted.Length, 58)]}-{i}");
        }
        return slug;
    }

    private static string FirstTitle(DatasetInput input) =>
        input.Title.TryGetValue("en", out var en) && !string.IsNullOrWhiteSpace(en) ? en : input.Title.Values.First(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>A URL name from a title: letters and digits folded to ASCII, hyphens between words.</summary>
    public static string Slugify(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
            if (builder.Length >= 60)
            {
                break;
            }
        }
        var slug = builder.ToString().Trim('-');
        if (slug.Length < 2 || !char.IsAsciiLetter(slug[0]))
        {
            slug = "dataset-" + slug;
        }
        return slug.TrimEnd('-');
    }

    private static Dictionary<string, string> Clean(Dictionary<string, string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key.ToLowerInvariant(), v => v.Value.Trim(), StringComparer.OrdinalIgnoreCase);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
