using System.Text.RegularExpressions;
using Agora.Data.Querying;
using Agora.Platform.Accounts;
using Agora.Platform.Agreements;
using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Offers;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Querying;

/// <summary>Approved algorithms: a provider's stewards register named SQL templates with typed parameters on a dataset;
/// anyone who sees the dataset sees them; consumers run them under their agreements (<see cref="QueryService"/>).</summary>
public sealed partial class AlgorithmRegistry(AgoraDbContext db, CatalogService catalog, AccessAudit audit, TimeProvider clock)
{
    public async Task<RegisteredAlgorithm> RegisterAsync(Actor actor, Guid datasetId, string name, string description, string sqlTemplate,
        IReadOnlyList<AlgorithmParameter> parameters, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        actor.Demand(dataset.OrganisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        name = (name ?? "").Trim().ToLowerInvariant();
        var fields = new Dictionary<string, string[]>();
        if (!NamePattern().IsMatch(name))
        {
            fields["name"] = ["Use 2 to 64 lower-case letters, digits and hyphens, starting with a letter."];
        }
        if (string.IsNullOrWhiteSpace(description) || description.Length > 2000)
        {
            fields["description"] = ["Say what the algorithm computes (1 to 2,000 characters)."];
        }
        if (string.IsNullOrWhiteSpace(sqlTemplate) || sqlTemplate.Length > 20_000)
        {
            fields["sqlTemplate"] = ["The SQL template is required (at most 20,000 characters)."];
        }
        if (fields.Count == 0)
        {
            try
            {
                new ApprovedAlgorithm(name, description, sqlTemplate, parameters).Validate([OfferService.RelationName(dataset)]);
            }
            catch (QueryRefusedException e)
            {
                fields["sqlTemplate"] = [$"[{e.Rule}] {e.Message}"];
            }
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The algorithm is not valid: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
        if (await db.Set<RegisteredAlgorithm>().AnyAsync(a => a.DatasetId == datasetId && a.Name == name, cancellationToken))
        {
            throw new PlatformException(PlatformError.Conflict, $"The dataset already has an algorithm named '{name}'.");
        }
        var algorithm = new RegisteredAlgorithm
        {
            DatasetId = datasetId, OrganisationId = dataset.OrganisationId, Name = name, Description = description.Trim(), SqlTemplate = sqlTemplate.Trim(),
            Parameters = RegisteredAlgorithm.ParametersJson(parameters), CreatedById = actor.RequiredUserId, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(algorithm);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.AlgorithmRegistered, actor, dataset.OrganisationId, "algorithm", algorithm.Id, new Dictionary<string, string?>
        {
            ["dataset"] = datasetId.ToString(), ["name"] = name, ["sqlTemplate"] = algorithm.SqlTemplate,
            ["sqlHash"] = QueryService.HashOf(algorithm.SqlTemplate),
        }, cancellationToken);
        return algorithm;
    }

    public async Task<List<RegisteredAlgorithm>> ListAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        await catalog.GetAsync(actor, datasetId, cancellationToken);
        var list = await db.Set<RegisteredAlgorithm>().AsNoTracking().Where(a => a.DatasetId == datasetId && a.RetiredAt == null).ToListAsync(cancellationToken);
        return [.. list.OrderBy(a => a.Name, StringComparer.Ordinal)];
    }

    public async Task RetireAsync(Actor actor, Guid datasetId, string name, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        actor.Demand(dataset.OrganisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        var now = clock.GetUtcNow();
        var retired = await db.Set<RegisteredAlgorithm>().Where(a => a.DatasetId == datasetId && a.Name == name && a.RetiredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.RetiredAt, now), cancellationToken);
        if (retired == 0)
        {
            throw new PlatformException(PlatformError.NotFound, $"The dataset has no algorithm '{name}' in use.");
        }
        await audit.RecordAsync(AccessAudit.AlgorithmRetired, actor, dataset.OrganisationId, "dataset", datasetId,
            new Dictionary<string, string?> { ["name"] = name }, cancellationToken);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex NamePattern();
}
