using Agora.Platform.Agreements;
using Agora.Platform.Offers;
using Agora.Platform.Organisations;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Agora.Platform.Demo;

/// <summary>The demo agreement: the hospital offers its patient registry for differentially private aggregates, the
/// ministry asks for it for health research and the hospital's steward approves, through the same services as anyone.</summary>
public sealed partial class DemoSeeder
{
    /// <summary>What the hospital offers on its patient registry in the demo.</summary>
    public static OfferTerms DemoOfferTerms() => new()
    {
        Title = "Differentially private statistics for public research",
        Actions = [PolicyVocabulary.AggregateQuery, PolicyVocabulary.ApprovedAlgorithm],
        Purposes = ["agora:ScientificResearch", "agora:OfficialStatistics"],
        OrganisationKinds = ["agora:PublicBody"],
        OutputControl = OutputControlKind.DifferentialPrivacy,
        BudgetMeasure = PrivacyMeasure.PureDp,
        BudgetTotal = 5.0,
        BudgetPerQuery = 0.5,
        BudgetDelta = 1e-6,
        Privacy = new PrivacyMetadata
        {
            PrivacyUnitColumn = "patient_id",
            Bounds = new(StringComparer.OrdinalIgnoreCase) { ["length_of_stay_days"] = [0, 60] },
            PublicKeys = new(StringComparer.OrdinalIgnoreCase) { ["sex"] = ["F", "M"] },
        },
        AttributionText = "Source: Alzette Hospital Centre (demo), patient registry",
    };

    private async Task EnsureAgreementAsync(CancellationToken cancellationToken)
    {
        var hospital = await db.Organisations.AsNoTracking().SingleAsync(o => o.Slug == DemoOrganisation.Hospital.Slug, cancellationToken);
        var ministry = await db.Organisations.AsNoTracking().SingleAsync(o => o.Slug == DemoOrganisation.Ministry.Slug, cancellationToken);
        var dataset = await db.Datasets.AsNoTracking()
            .SingleOrDefaultAsync(d => d.OrganisationId == hospital.Id && d.Slug == PatientRegistry.Dataset.Slug, cancellationToken);
        if (dataset is null || await db.Set<Agreement>().AnyAsync(a => a.DatasetId == dataset.Id && a.ConsumerOrganisationId == ministry.Id, cancellationToken))
        {
            return;
        }
        var steward = await actors.ForUserAsync(await UserIdAsync(AccountFor(DemoOrganisation.Hospital, OrganisationRole.DataSteward).Email), cancellationToken);
        var analyst = await actors.ForUserAsync(await UserIdAsync(AccountFor(DemoOrganisation.Ministry, OrganisationRole.Analyst).Email), cancellationToken);
        var offer = (await offers.ListAsync(steward, dataset.Id, cancellationToken)).FirstOrDefault()
            ?? await offers.CreateAsync(steward, dataset.Id, DemoOfferTerms(), cancellationToken);
        var request = await agreements.RequestAsync(analyst, offer.Offer.Id, ministry.Id, "agora:HealthResearch",
            "Length of stay by sex and diagnosis, for the national health report (demo).", cancellationToken);
        if (request.Negotiation.AgreementId is null)
        {
            await agreements.ApproveAsync(steward, request.Negotiation.Id, "Demo agreement.", cancellationToken);
        }
        LogSeededAgreement(logger, ministry.Slug, dataset.Slug);
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "Demo agreement: {Consumer} may query {Dataset} under differential privacy")]
    private static partial void LogSeededAgreement(ILogger logger, string consumer, string dataset);
}
