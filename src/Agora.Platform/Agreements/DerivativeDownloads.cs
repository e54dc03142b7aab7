using Agora.Data.Storage;
using Agora.Platform.Metadata;
using Agora.Platform.Offers;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Agora.Privacy.Keys;
using Agora.Privacy.Policies;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Agreements;

/// <summary>Downloads of a protected (pseudonymised or anonymised) version under an agreement that permits
/// <c>agora:downloadDerivative</c>: the agreement is verified, the use judged and counted, the download audited.</summary>
public sealed class DerivativeDownloads(AgoraDbContext db, AgreementService agreements, DataPlane data, AccessAudit audit, TimeProvider clock)
{
    public async Task<(string FileName, ExportFormat Format)> ExportAsync(Actor actor, Guid agreementId, ExportFormat format, Stream destination,
        CancellationToken cancellationToken)
    {
        var usable = await agreements.OpenForUseAsync(actor, agreementId, cancellationToken);
        var document = usable.Document;
        var decision = new PolicyEvaluator().Evaluate(usable.Policy, new UsageRequest(PolicyVocabulary.DownloadDerivative,
            OfferService.Target(document.Dataset.VersionId), document.Purpose, document.Consumer.Id.ToString(), document.Consumer.Kind, clock.GetUtcNow(),
            usable.Agreement.Uses));
        var version = await db.DatasetVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == document.Dataset.VersionId, cancellationToken);
        string? refusal = !decision.Permitted ? decision.Summary
            : version is null || version.ContentHash != document.Dataset.ContentHash ? "The granted version is no longer stored as the agreement names it."
            : version.DerivedFromId is null ? "Only a protected (pseudonymised or anonymised) version is downloaded under an agreement."
            : null;
        if (refusal is null && !await agreements.CountUseAsync(agreementId, Offers.OfferTerms.FromPolicy(usable.Policy, document.Privacy).MaxUses, cancellationToken))
        {
            refusal = "The agreement's uses are all made.";
        }
        if (refusal is not null)
        {
            await audit.RecordAsync(AccessAudit.DownloadRefused, actor, document.Consumer.Id, "agreement", agreementId,
                new Dictionary<string, string?> { ["reason"] = refusal }, cancellationToken);
            throw new PlatformException(PlatformError.Forbidden, refusal);
        }
        using (var reader = data.Store.OpenRead(version!.ContentHash, WrappedKey.Parse(version.WrappedKey)))
        {
            await reader.ExportAsync(destination, format, cancellationToken);
        }
        await audit.RecordAsync(AccessAudit.DerivativeDownloaded, actor, document.Consumer.Id, "agreement", agreementId, new Dictionary<string, string?>
        {
            ["dataset"] = document.Dataset.Id.ToString(), ["version"] = document.Dataset.VersionId.ToString(), ["contentHash"] = version.ContentHash,
            ["format"] = format.ToString(),
        }, cancellationToken);
        return ($"{document.Dataset.Slug}-v{document.Dataset.VersionNumber}.{(format == ExportFormat.Parquet ? "parquet" : "csv")}", format);
    }
}
