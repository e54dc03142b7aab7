using Agora.Platform.Audit;
using Agora.Platform.Organisations;

namespace Agora.Platform.Agreements;

/// <summary>
/// What controlled access writes to the audit log: one place that names the actions and builds the events, so the
/// services only say what happened. Details never hold data values, results, keys or tokens.
/// </summary>
public sealed class AccessAudit(AuditLog log)
{
    public const string OfferCreated = "offer.created";
    public const string OfferWithdrawn = "offer.withdrawn";
    public const string AccessRequested = "access.requested";
    public const string AccessRequestRefused = "access.request-refused";
    public const string AccessApproved = "access.approved";
    public const string AccessRejected = "access.rejected";
    public const string AccessCounterOffered = "access.counter-offered";
    public const string AccessCounterOfferAccepted = "access.counter-offer-accepted";
    public const string AccessTerminated = "access.terminated";
    public const string AccessDecisionRefused = "access.decision-refused";
    public const string NegotiationTransition = "negotiation.transition";
    public const string AgreementSigned = "agreement.signed";
    public const string AgreementRevoked = "agreement.revoked";
    public const string AgreementUseRefused = "agreement.use-refused";
    public const string AgreementIntegrityFailed = "agreement.integrity-failed";
    public const string QueryReleased = "query.released";
    public const string QueryHeld = "query.held";
    public const string QueryRefused = "query.refused";
    public const string QueryFailed = "query.failed";
    public const string AlgorithmRegistered = "algorithm.registered";
    public const string AlgorithmRetired = "algorithm.retired";
    public const string ReleaseReviewed = "release.reviewed";
    public const string ReleaseReleased = "release.released";
    public const string ReleaseRefused = "release.refused";
    public const string ReleaseReviewRefused = "release.review-refused";
    public const string DerivativeDownloaded = "download.derivative";
    public const string DownloadRefused = "download.refused";

    /// <summary>Appends one entry; inside the caller's transaction when there is one, so the action and its entry commit
    /// together. A null actor is the platform acting by itself.</summary>
    public async Task RecordAsync(string action, Actor? actor, Guid? organisationId, string subjectType, Guid subjectId,
        IReadOnlyDictionary<string, string?> details, CancellationToken cancellationToken) =>
        await log.AppendAsync(new AuditEvent(action, actor?.UserId, organisationId, subjectType, subjectId.ToString(), details), cancellationToken);
}
