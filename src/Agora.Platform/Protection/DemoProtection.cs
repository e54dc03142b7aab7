using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Protection;

/// <summary>
/// The demo's example of the protect step: the hospital's patient registry is scanned for personal data and gets a
/// protected derived version (identifiers pseudonymised or removed, birth date and postcode generalised to 5-anonymity
/// with 2 distinct diagnoses per class), with its re-identification risk before and after. The jobs run on the worker of
/// <c>agora serve --demo</c>; asking twice does nothing.
/// </summary>
public sealed class DemoProtection(AgoraDbContext db, ProtectionService protection)
{
    public const string DatasetSlug = "patient-registry";

    /// <summary>What the steward of the demo would choose on the protect page.</summary>
    public static ProtectionRequest Request { get; } = new()
    {
        Columns =
        [
            new ColumnTreatmentInput("patient_id", "siv"),
            new ColumnTreatmentInput("national_id", "hmac"),
            new ColumnTreatmentInput("last_name", "redact"),
            new ColumnTreatmentInput("first_name", "redact"),
        ],
        Anonymisation = new AnonymisationInput
        {
            QuasiIdentifiers =
            [
                new QuasiIdentifierInput("birth_date", "date:month,year,decade"),
                new QuasiIdentifierInput("sex", "suppress"),
                new QuasiIdentifierInput("postcode", "mask:1,2,3"),
                new QuasiIdentifierInput("commune", "suppress"),
            ],
            Sensitive = ["diagnosis_code"],
            K = 5,
            LDiversity = "distinct:2",
            Suppression = 0.05,
        },
    };

    public async Task EnsureAsync(Actor steward, Guid organisationId, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.Include(d => d.Versions)
            .SingleOrDefaultAsync(d => d.OrganisationId == organisationId && d.Slug == DatasetSlug, cancellationToken);
        if (dataset is null || dataset.Versions.Count != 1
            || await db.Jobs.AnyAsync(j => j.OrganisationId == organisationId && j.Kind == ProtectionService.ProtectJobKind, cancellationToken))
        {
            return;
        }
        var source = dataset.Versions.Single();
        await protection.RequestDetectionAsync(steward, dataset, source, null, cancellationToken);
        await protection.RequestProtectionAsync(steward, dataset, source, Request, cancellationToken);
    }
}
