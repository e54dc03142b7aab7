using System.Text.Json.Nodes;
using Agora.Data.Querying;
using Agora.Platform.Accounts;
using Agora.Platform.Agreements;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Querying;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Releases;

/// <summary>One finding of disclosure control, as stored with a held output.</summary>
public sealed record HeldFinding(string Rule, string Row, string Column, bool ReviewOnly, string Message);

/// <summary>A held output as its viewer may see it: the rows only for the provider's stewards, or for the consumer once
/// released.</summary>
public sealed record HeldOutputView(HeldOutput Output, IReadOnlyList<ResultColumn> Columns, IReadOnlyList<IReadOnlyList<ResultCell>>? Rows,
    IReadOnlyList<HeldFinding> Findings, bool CanReview, IReadOnlyDictionary<string, string> PeopleNames);

/// <summary>
/// The release queue: outputs held by statistical disclosure control wait for the provider's stewards, who release or
/// refuse them. An agreement may ask for two distinct reviewers; nobody reviews their own query; one refusal ends it.
/// The consumer sees the output only once released, and every decision is audited.
/// </summary>
public sealed class ReleaseService(AgoraDbContext db, AccessAudit audit, TimeProvider clock)
{
    public static bool CanReview(Actor actor, HeldOutput output) =>
        actor.HasRole(output.ProviderOrganisationId, OrganisationRole.DataSteward) && actor.HasScope(TokenScopes.Manage)
        && !string.Equals(actor.UserId, output.RequestedById, StringComparison.Ordinal);

    /// <summary>Pending outputs of the organisations where the actor is a steward.</summary>
    public async Task<List<HeldOutputView>> QueueAsync(Actor actor, CancellationToken cancellationToken)
    {
        var organisations = actor.Roles.Where(r => r.Value >= OrganisationRole.DataSteward).Select(r => r.Key).ToList();
        var list = await db.Set<HeldOutput>().AsNoTracking().Include(h => h.Reviews)
            .Where(h => organisations.Contains(h.ProviderOrganisationId) && h.State == ReleaseState.Pending).ToListAsync(cancellationToken);
        var views = new List<HeldOutputView>();
        foreach (var output in list.OrderBy(h => h.CreatedAt))
        {
            views.Add(await ViewAsync(actor, output, cancellationToken));
        }
        return views;
    }

    /// <summary>Held outputs of an agreement (both sides; rows as <see cref="HeldOutputView"/> says).</summary>
    public async Task<List<HeldOutputView>> ForAgreementAsync(Actor actor, Guid agreementId, CancellationToken cancellationToken)
    {
        var list = await db.Set<HeldOutput>().AsNoTracking().Include(h => h.Reviews).Where(h => h.AgreementId == agreementId).ToListAsync(cancellationToken);
        var views = new List<HeldOutputView>();
        foreach (var output in list.Where(h => Visible(actor, h)).OrderByDescending(h => h.CreatedAt))
        {
            views.Add(await ViewAsync(actor, output, cancellationToken));
        }
        return views;
    }

    public async Task<HeldOutputView> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var output = await db.Set<HeldOutput>().AsNoTracking().Include(h => h.Reviews).SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (output is null || !Visible(actor, output))
        {
            throw new PlatformException(PlatformError.NotFound, "No such output.");
        }
        return await ViewAsync(actor, output, cancellationToken);
    }

    public async Task<HeldOutputView> ReviewAsync(Actor actor, Guid id, bool release, string? comment, CancellationToken cancellationToken)
    {
        var output = await db.Set<HeldOutput>().AsNoTracking().Include(h => h.Reviews).SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (output is null || !Visible(actor, output))
        {
            await audit.RecordAsync(AccessAudit.ReleaseReviewRefused, actor, null, "output", id,
                new Dictionary<string, string?> { ["reason"] = "not a party" }, cancellationToken);
            throw new PlatformException(PlatformError.NotFound, "No such output.");
        }
        string? refusal = null;
        if (!actor.HasRole(output.ProviderOrganisationId, OrganisationRole.DataSteward) || !actor.HasScope(TokenScopes.Manage))
        {
            refusal = "Only data stewards of the provider review held outputs.";
        }
        else if (string.Equals(actor.UserId, output.RequestedById, StringComparison.Ordinal))
        {
            refusal = "You ran this query yourself; another steward must review its output.";
        }
        else if (output.Reviews.Any(r => r.ReviewerId == actor.UserId))
        {
            refusal = "You already reviewed this output; a second review must come from another steward.";
        }
        else if (!release && string.IsNullOrWhiteSpace(comment))
        {
            throw new PlatformException(PlatformError.Validation, "Say why the output is refused, so the consumer understands.",
                new Dictionary<string, string[]> { ["comment"] = ["A comment is required when refusing."] });
        }
        if (refusal is not null)
        {
            await audit.RecordAsync(AccessAudit.ReleaseReviewRefused, actor, output.ProviderOrganisationId, "output", id,
                new Dictionary<string, string?> { ["reason"] = refusal }, cancellationToken);
            throw new PlatformException(PlatformError.Forbidden, refusal);
        }
        if (output.State != ReleaseState.Pending)
        {
            throw new PlatformException(PlatformError.Conflict, $"The output was already {(output.State == ReleaseState.Released ? "released" : "refused")}.");
        }
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(new OutputReview { HeldOutputId = id, ReviewerId = actor.RequiredUserId, Release = release, Comment = comment?.Trim(), At = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new PlatformException(PlatformError.Conflict, "You already reviewed this output.");
        }
        var releases = output.Reviews.Count(r => r.Release) + (release ? 1 : 0);
        ReleaseState? decided = !release ? ReleaseState.Refused : releases >= output.ReviewsRequired ? ReleaseState.Released : null;
        if (decided is { } state)
        {
            var changed = await db.Set<HeldOutput>().Where(h => h.Id == id && h.State == ReleaseState.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.State, state).SetProperty(h => h.DecidedAt, now), cancellationToken);
            if (changed == 0)
            {
                throw new PlatformException(PlatformError.Conflict, "Another steward decided on this output meanwhile.");
            }
        }
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(AccessAudit.ReleaseReviewed, actor, output.ProviderOrganisationId, "output", id, new Dictionary<string, string?>
        {
            ["decision"] = release ? "release" : "refuse", ["comment"] = comment, ["reviews"] = releases.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["required"] = output.ReviewsRequired.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken);
        if (decided is { } final)
        {
            await audit.RecordAsync(final == ReleaseState.Released ? AccessAudit.ReleaseReleased : AccessAudit.ReleaseRefused, actor,
                output.ProviderOrganisationId, "output", id, new Dictionary<string, string?>
                {
                    ["agreement"] = output.AgreementId.ToString(), ["query"] = output.QueryRunId.ToString(), ["sqlHash"] = QueryService.HashOf(output.Sql),
                }, cancellationToken);
        }
        return await GetAsync(actor, id, cancellationToken);
    }

    private static bool Visible(Actor actor, HeldOutput output) =>
        actor.IsMember(output.ProviderOrganisationId) || actor.IsMember(output.ConsumerOrganisationId) || actor.IsOperator;

    private async Task<HeldOutputView> ViewAsync(Actor actor, HeldOutput output, CancellationToken cancellationToken)
    {
        var (columns, rows) = ResultTable.FromJson(JsonNode.Parse(output.Output)!.AsObject());
        var findings = JsonNode.Parse(output.Findings)!.AsArray().Select(f => new HeldFinding(f!["rule"]!.GetValue<string>(), f["row"]!.GetValue<string>(),
            f["column"]!.GetValue<string>(), f["reviewOnly"]!.GetValue<bool>(), f["message"]!.GetValue<string>())).ToList();
        var providerSteward = actor.HasRole(output.ProviderOrganisationId, OrganisationRole.DataSteward);
        var shown = providerSteward || output.State == ReleaseState.Released ? rows : null;
        var people = output.Reviews.Select(r => r.ReviewerId).Append(output.RequestedById).Distinct(StringComparer.Ordinal).ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrEmpty(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, cancellationToken);
        output.Reviews = [.. output.Reviews.OrderBy(r => r.At)];
        return new HeldOutputView(output, columns, shown, findings,
            CanReview(actor, output) && output.State == ReleaseState.Pending && output.Reviews.All(r => r.ReviewerId != actor.UserId), names);
    }
}
