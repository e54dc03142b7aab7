using System.Globalization;
using Agora.Data.Ingestion;
using Agora.Platform.Accounts;
using Agora.Platform.Agreements;
using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Policies;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Offers;

/// <summary>What a page or the API shows of an offer: the row, its policy, its terms read back, and the dataset.</summary>
public sealed record OfferView(Offer Offer, UsagePolicy Policy, OfferTerms Terms, Dataset Dataset, DatasetVersion Version,
    IReadOnlyDictionary<string, string> OrganisationNames);

/// <summary>Offers: a steward offers a dataset version under a usage policy; anyone who sees the dataset sees its offers
/// and can ask the policy engine what it would decide for them.</summary>
public sealed class OfferService(AgoraDbContext db, CatalogService catalog, AccessAudit audit, TimeProvider clock)
{
    public const int MaxTitleLength = 200;

    /// <summary>The name consumers use in SQL for a dataset: its short name with underscores.</summary>
    public static string RelationName(Dataset dataset) => dataset.Slug.Replace('-', '_');

    /// <summary>The policy target of a version (ODRL <c>target</c>).</summary>
    public static string Target(Guid versionId) => $"urn:uuid:{versionId}";

    public static bool CanOffer(Actor actor, Dataset dataset) =>
        actor.HasRole(dataset.OrganisationId, OrganisationRole.DataSteward) && actor.HasScope(TokenScopes.Publish);

    public async Task<OfferView> CreateAsync(Actor actor, Guid datasetId, OfferTerms terms, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        actor.Demand(dataset.OrganisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        if (dataset.State != DatasetState.Published)
        {
            throw new PlatformException(PlatformError.Conflict, "Publish the dataset before offering it.");
        }
        var version = (terms.VersionNumber is { } number
            ? dataset.Versions.SingleOrDefault(v => v.Number == number)
            : dataset.Versions.OrderByDescending(v => v.Number).FirstOrDefault())
            ?? throw new PlatformException(PlatformError.Validation, "The dataset has no such version.",
                new Dictionary<string, string[]> { ["versionNumber"] = ["Choose a version the dataset has."] });
        var organisationIds = await ValidateAsync(terms, version, cancellationToken);
        var offer = new Offer
        {
            DatasetId = dataset.Id,
            DatasetVersionId = version.Id,
            OrganisationId = dataset.OrganisationId,
            Title = terms.Title.Trim(),
            PolicyJson = "",
            PrivacyJson = Normalise(terms.Privacy).ToJson(),
            AutoApprove = terms.AutoApprove,
            ReviewersRequired = terms.ReviewersRequired,
            CreatedById = actor.RequiredUserId,
            CreatedAt = clock.GetUtcNow(),
        };
        var policy = terms.ToPolicy($"urn:uuid:{offer.Id}", PolicyKind.Offer, Target(version.Id), organisationIds);
        offer.PolicyJson = OdrlJson.ToJson(policy).ToJsonString();
        db.Add(offer);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.OfferCreated, actor, dataset.OrganisationId, "offer", offer.Id, new Dictionary<string, string?>
        {
            ["dataset"] = dataset.Id.ToString(), ["version"] = version.Number.ToString(CultureInfo.InvariantCulture),
            ["outputControl"] = terms.OutputControl.ToString(), ["autoApprove"] = terms.AutoApprove ? "true" : "false",
        }, cancellationToken);
        return await GetAsync(actor, offer.Id, cancellationToken);
    }

    /// <summary>The active offers of a dataset (and, for its stewards, the withdrawn ones too).</summary>
    public async Task<List<OfferView>> ListAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        var query = db.Set<Offer>().AsNoTracking().Where(o => o.DatasetId == datasetId);
        if (!actor.IsMember(dataset.OrganisationId) && !actor.IsOperator)
        {
            query = query.Where(o => o.WithdrawnAt == null);
        }
        var offers = await query.ToListAsync(cancellationToken);
        var names = await OrganisationNamesAsync(cancellationToken);
        return [.. offers.OrderByDescending(o => o.CreatedAt).Select(o => View(o, dataset, names))];
    }

    public async Task<OfferView> GetAsync(Actor actor, Guid offerId, CancellationToken cancellationToken)
    {
        var offer = await db.Set<Offer>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == offerId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such offer.");
        var dataset = await catalog.GetAsync(actor, offer.DatasetId, cancellationToken);
        if (!offer.IsActive && !actor.IsMember(dataset.OrganisationId) && !actor.IsOperator)
        {
            throw new PlatformException(PlatformError.NotFound, "No such offer.");
        }
        return View(offer, dataset, await OrganisationNamesAsync(cancellationToken));
    }

    public async Task WithdrawAsync(Actor actor, Guid offerId, CancellationToken cancellationToken)
    {
        var view = await GetAsync(actor, offerId, cancellationToken);
        actor.Demand(view.Offer.OrganisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        var now = clock.GetUtcNow();
        var changed = await db.Set<Offer>().Where(o => o.Id == offerId && o.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.WithdrawnAt, now), cancellationToken);
        if (changed == 0)
        {
            throw new PlatformException(PlatformError.Conflict, "The offer was already withdrawn.");
        }
        await audit.RecordAsync(AccessAudit.OfferWithdrawn, actor, view.Offer.OrganisationId, "offer", offerId,
            new Dictionary<string, string?> { ["dataset"] = view.Dataset.Id.ToString() }, cancellationToken);
    }

    /// <summary>What the policy engine would decide for a consumer organisation and purpose (a dry run, nothing stored).</summary>
    public async Task<PolicyDecision> ExplainAsync(Actor actor, Guid offerId, Guid consumerOrganisationId, string purpose, CancellationToken cancellationToken)
    {
        var view = await GetAsync(actor, offerId, cancellationToken);
        var consumer = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == consumerOrganisationId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such organisation.");
        return Explain(view, consumer, purpose, clock.GetUtcNow());
    }

    /// <summary>Judges a request against the offer for each offered action; the first that is permitted, else the first refusal.</summary>
    public static PolicyDecision Explain(OfferView view, Organisation consumer, string purpose, DateTimeOffset at)
    {
        var evaluator = new PolicyEvaluator();
        PolicyDecision? refusal = null;
        foreach (var action in view.Policy.Permissions.Select(p => p.Action).Distinct(StringComparer.Ordinal))
        {
            var decision = evaluator.Evaluate(view.Policy, new UsageRequest(action, Target(view.Version.Id), purpose, consumer.Id.ToString(),
                OfferTerms.KindTerm(consumer.Kind), at));
            if (decision.Permitted)
            {
                return decision;
            }
            refusal ??= decision;
        }
        return refusal ?? new PolicyDecision(false, "Refused: the offer permits nothing.", [], [], null, null);
    }

    internal static OfferView View(Offer offer, Dataset dataset, IReadOnlyDictionary<string, string> names)
    {
        var policy = OdrlJson.Parse(offer.PolicyJson);
        var terms = OfferTerms.FromPolicy(policy, PrivacyMetadata.FromJson(offer.PrivacyJson), offer.Title) with
        {
            AutoApprove = offer.AutoApprove,
            ReviewersRequired = offer.ReviewersRequired,
        };
        var version = dataset.Versions.Single(v => v.Id == offer.DatasetVersionId);
        return new OfferView(offer, policy, terms with { VersionNumber = version.Number }, dataset, version, names);
    }

    internal async Task<Dictionary<string, string>> OrganisationNamesAsync(CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id.ToString(), o => o.Name, cancellationToken);

    private async Task<List<Guid>> ValidateAsync(OfferTerms terms, DatasetVersion version, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string[]>();
        void Add(string field, string message) => fields[field] = [.. fields.GetValueOrDefault(field, []), message];

        if (string.IsNullOrWhiteSpace(terms.Title) || terms.Title.Trim().Length > MaxTitleLength)
        {
            Add("title", "Give the offer a title of 1 to 200 characters.");
        }
        if (terms.Actions.Count == 0)
        {
            Add("actions", "Choose at least one permitted action.");
        }
        foreach (var action in terms.Actions.Where(a => !OfferTerms.OfferableActions.Contains(a, StringComparer.Ordinal)))
        {
            Add("actions", $"'{action}' is not an action that can be offered.");
        }
        if (terms.Actions.Contains(PolicyVocabulary.DownloadDerivative, StringComparer.Ordinal) && version.DerivedFromId is null)
        {
            Add("actions", "Only a protected (pseudonymised or anonymised) version can be offered for download.");
        }
        if (terms.Purposes.Count == 0)
        {
            Add("purposes", "Choose at least one purpose from the list.");
        }
        foreach (var purpose in terms.Purposes.Where(p => !PurposeCatalogue.Default.Contains(p)))
        {
            Add("purposes", $"'{purpose}' is not on the controlled list of purposes.");
        }
        foreach (var kind in terms.OrganisationKinds.Where(k => !OfferTerms.KnownOrganisationKinds.Contains(k, StringComparer.Ordinal)))
        {
            Add("organisationKinds", $"'{kind}' is not a kind of organisation on the platform.");
        }
        var organisationIds = new List<Guid>();
        foreach (var name in terms.Organisations.Select(o => o.Trim()).Where(o => o.Length > 0))
        {
            var id = Guid.TryParse(name, out var parsed)
                ? await db.Organisations.Where(o => o.Id == parsed).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(cancellationToken)
                : await db.Organisations.Where(o => o.Slug == name).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(cancellationToken);
            if (id is null)
            {
                Add("organisations", $"No organisation is called '{name}'.");
            }
            else
            {
                organisationIds.Add(id.Value);
            }
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (terms.ValidFrom is { } from && terms.ValidUntil is { } until && from > until)
        {
            Add("validUntil", "The end of the validity period comes before its start.");
        }
        if (terms.ValidUntil is { } end && end < today)
        {
            Add("validUntil", "The end of the validity period has passed.");
        }
        if (terms.MaxUses is < 1)
        {
            Add("maxUses", "The number of uses is at least 1.");
        }
        if (terms.ReviewersRequired is < 1 or > 2)
        {
            Add("reviewersRequired", "Held outputs are released by one or two stewards.");
        }
        foreach (var (field, problem) in terms.BudgetProblems())
        {
            Add(field, problem);
        }
        ValidatePrivacy(terms.Privacy, version, Add);
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The offer is not valid: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
        return organisationIds;
    }

    private static void ValidatePrivacy(PrivacyMetadata privacy, DatasetVersion version, Action<string, string> add)
    {
        var columns = version.Columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(privacy.PrivacyUnitColumn) && !columns.ContainsKey(privacy.PrivacyUnitColumn))
        {
            add("privacyUnitColumn", $"The version has no column '{privacy.PrivacyUnitColumn}'.");
        }
        if (privacy.MaxGroupsPerUnit is < 1 or > 1000 || privacy.MaxRowsPerGroup is < 1 or > 1000)
        {
            add("contribution", "A person contributes to 1 to 1,000 groups and 1 to 1,000 rows per group.");
        }
        foreach (var (column, bounds) in privacy.Bounds)
        {
            if (!columns.TryGetValue(column, out var type))
            {
                add("bounds", $"The version has no column '{column}'.");
                continue;
            }
            if (!Enum.TryParse<ColumnType>(type, out var parsed) || parsed is not (ColumnType.Integer or ColumnType.Decimal))
            {
                add("bounds", $"Column '{column}' is not numeric, so it takes no bounds.");
            }
            if (bounds.Length != 2)
            {
                add("bounds", $"Bounds of '{column}' are [lower, upper].");
                continue;
            }
            try
            {
                new ValueBounds(bounds[0], bounds[1]).Validate(column);
            }
            catch (ArgumentException e)
            {
                add("bounds", e.Message);
            }
        }
        foreach (var (column, keys) in privacy.PublicKeys)
        {
            if (!columns.ContainsKey(column))
            {
                add("publicKeys", $"The version has no column '{column}'.");
            }
            if (keys.Count is 0 or > 1000)
            {
                add("publicKeys", $"A public key list of '{column}' has 1 to 1,000 values.");
            }
        }
    }

    private static PrivacyMetadata Normalise(PrivacyMetadata privacy) => privacy with
    {
        PrivacyUnitColumn = string.IsNullOrWhiteSpace(privacy.PrivacyUnitColumn) ? null : privacy.PrivacyUnitColumn.Trim(),
        PublicKeys = privacy.PublicKeys.ToDictionary(k => k.Key, k => k.Value.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            StringComparer.OrdinalIgnoreCase),
    };
}
