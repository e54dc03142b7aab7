using Agora.Platform.Agreements;
using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Offers;
using Agora.Platform.Querying;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Value;

/// <summary>Use of a dataset, as the platform records it.</summary>
/// <param name="AccessRequests">Access requests (negotiations) on any offer of any version of the dataset in the last
/// <see cref="DemandCounters.WindowDays"/> days, like the other demand counters.</param>
/// <param name="Agreements">Agreements ever signed on it.</param>
/// <param name="AgreementsInForce">Of those, the ones neither revoked nor expired now.</param>
/// <param name="Queries">Controlled queries and approved-algorithm runs answered under its agreements (released or held
/// for review; refused and failed ones used no data).</param>
public sealed record UseFacts(long AccessRequests, long Agreements, long AgreementsInForce, long Queries)
{
    /// <summary>Agreements revoked or past their end.</summary>
    public long AgreementsEnded => Agreements - AgreementsInForce;
}

/// <summary>Reads the use of a dataset from the offers, negotiations, agreements and query runs it has: three aggregate
/// queries on indexed columns, no row is loaded.</summary>
public sealed class UsageCounts(AgoraDbContext db, TimeProvider clock)
{
    public async Task<UseFacts> ForDatasetAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = now.AddDays(-DemandCounters.WindowDays);
        // Offers.DatasetId and AccessNegotiations.OfferId are indexed; the negotiation's own DatasetId is not.
        var offers = db.Set<Offer>().Where(o => o.DatasetId == dataset.Id).Select(o => o.Id);
        var requests = await db.Set<AccessNegotiation>().CountAsync(n => offers.Contains(n.OfferId) && n.CreatedAt >= from, cancellationToken);
        // The provider index narrows agreements to the dataset's organisation before the dataset filter.
        var agreements = db.Set<Agreement>().Where(a => a.ProviderOrganisationId == dataset.OrganisationId && a.DatasetId == dataset.Id);
        var signed = await agreements.GroupBy(_ => 1)
            .Select(g => new { Total = g.LongCount(), InForce = g.LongCount(a => a.RevokedAt == null && a.ExpiresAt > now) })
            .FirstOrDefaultAsync(cancellationToken);
        var agreementIds = agreements.Select(a => a.Id);
        var queries = signed is null ? 0 : await db.Set<QueryRun>().LongCountAsync(
            r => agreementIds.Contains(r.AgreementId) && (r.Outcome == QueryOutcome.Released || r.Outcome == QueryOutcome.HeldForReview), cancellationToken);
        return new UseFacts(requests, signed?.Total ?? 0, signed?.InForce ?? 0, queries);
    }
}
