using Agora.Platform.Agreements;
using Agora.Platform.Metadata;
using Agora.Platform.Querying;
using Agora.Platform.Tests.Agreements;
using Agora.Platform.Tests.Metadata;
using Agora.Platform.Value;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Value;

/// <summary>The value report's use part counts what the platform records: access requests, agreements (in force or
/// ended) and the controlled queries answered under them, per dataset.</summary>
public sealed class UsageCountsTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task UsePart_CountsRequestsAgreementsAndAnsweredQueries_OfItsOwnDatasetOnly(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var unused = await s.PublishAsync("other-stays", "Other patient stays");
        var agreementId = await s.AgreementAsync(AccessScenario.DpTerms());
        await s.WithAsync(async p =>
        {
            var queries = p.GetRequiredService<QueryService>();
            await queries.RunAsync(s.MinistryAnalyst, agreementId, new QueryInput($"SELECT sex, COUNT(*) AS n FROM {s.Relation} GROUP BY sex"), CancellationToken.None);
            await queries.RunAsync(s.MinistryAnalyst, agreementId, new QueryInput($"SELECT region, COUNT(*) AS n FROM {s.Relation} GROUP BY region"), CancellationToken.None);
            // A refused query used no data: it is not counted.
            await Assert.ThrowsAsync<PlatformException>(() =>
                queries.RunAsync(s.MinistryAnalyst, agreementId, new QueryInput($"SELECT * FROM {s.Relation}"), CancellationToken.None));
            return 0;
        });

        var used = await s.WithAsync(p => p.GetRequiredService<UsageCounts>().ForDatasetAsync(s.Dataset, CancellationToken.None));
        Assert.Equal(new UseFacts(1, 1, 1, 2), used);
        var other = await s.WithAsync(p => p.GetRequiredService<UsageCounts>().ForDatasetAsync(unused, CancellationToken.None));
        Assert.Equal(new UseFacts(0, 0, 0, 0), other);

        var report = await ReportAsync(s, s.Dataset.Id);
        var use = report.Parts.Single(part => part.Part == ValueParts.Use);
        Assert.Equal(1, use.Figures["agreements"]);
        Assert.Equal(1, use.Figures["agreementsInForce"]);
        Assert.Equal(2, use.Figures["queries"]);
        Assert.Contains(use.Why, w => w.Template == ValueTexts.UseCounts);
        Assert.Equal(1, report.Parts.Single(part => part.Part == ValueParts.Demand).Figures["accessRequests"]);
        var otherUse = (await ReportAsync(s, unused.Id)).Parts.Single(part => part.Part == ValueParts.Use);
        Assert.Equal(0, otherUse.Figures["agreements"]);
        Assert.Equal(0, otherUse.Figures["queries"]);
        Assert.True(use.Score > otherUse.Score, $"use {use.Score} vs {otherUse.Score}");

        // A revoked agreement still counts as signed, but no longer as in force, and weighs less.
        await s.WithAsync(p => p.GetRequiredService<AgreementService>().RevokeAsync(s.HospitalSteward, agreementId, "test", CancellationToken.None));
        var revoked = await s.WithAsync(p => p.GetRequiredService<UsageCounts>().ForDatasetAsync(s.Dataset, CancellationToken.None));
        Assert.Equal(new UseFacts(1, 1, 0, 2), revoked);
        var afterRevocation = (await ReportAsync(s, s.Dataset.Id)).Parts.Single(part => part.Part == ValueParts.Use);
        Assert.True(afterRevocation.Score < use.Score && afterRevocation.Score > otherUse.Score, $"{afterRevocation.Score} between {otherUse.Score} and {use.Score}");
    }

    private static Task<ValueReport> ReportAsync(AccessScenario s, Guid datasetId) =>
        s.WithAsync(p => p.GetRequiredService<ValueReportService>().ForDatasetAsync(s.HospitalSteward, datasetId, CancellationToken.None));
}
