using Agora.Platform.Agreements;
using Agora.Platform.Metadata;
using Agora.Platform.Querying;
using Agora.Platform.Tests.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Agreements;

public sealed class AgreementTests
{
    private static Task<T> Agreements<T>(AccessScenario s, Func<AgreementService, Task<T>> action) =>
        s.WithAsync(p => action(p.GetRequiredService<AgreementService>()));

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Approval_SignsAnAgreement_AndWalksTheDspStatesToFinalized(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var offer = await s.OfferAsync(AccessScenario.DpTerms());
        var request = await s.RequestAsync(offer.Offer.Id);
        Assert.Equal(NegotiationState.Requested, request.Negotiation.State);
        Assert.True(request.Decision.Permitted, request.Decision.Summary);

        var approved = await s.ApproveAsync(request.Negotiation.Id);
        Assert.Equal(NegotiationState.Finalized, approved.Negotiation.State);
        Assert.Equal([NegotiationState.Requested, NegotiationState.Agreed, NegotiationState.Verified, NegotiationState.Finalized],
            approved.Negotiation.Steps.Select(step => step.To));

        var agreementId = approved.Negotiation.AgreementId!.Value;
        var view = await Agreements(s, a => a.GetAsync(s.MinistryAnalyst, agreementId, CancellationToken.None));
        Assert.True(view.Integrity.Intact, view.Integrity.Explanation);
        Assert.Equal(AgreementStatus.Active, view.Status);
        Assert.Equal(s.Ministry.Id, view.Integrity.Document!.Consumer.Id);
        Assert.Equal("agora:HealthResearch", view.Integrity.Document.Purpose);
        Assert.Equal(1.0, view.Budget!.Limit);
        Assert.Single(await Agreements(s, a => a.RegisterAsync(s.HospitalSteward, null, CancellationToken.None)));
        Assert.Single(await Agreements(s, a => a.RegisterAsync(s.MinistryAnalyst, null, CancellationToken.None)));
        Assert.Empty(await Agreements(s, a => a.RegisterAsync(s.CompanySteward, null, CancellationToken.None)));

        var actions = await s.AuditActionsAsync();
        foreach (var action in new[] { AccessAudit.OfferCreated, AccessAudit.AccessRequested, AccessAudit.AccessApproved, AccessAudit.AgreementSigned })
        {
            Assert.Contains(action, actions);
        }
        Assert.Equal(3, actions.Count(a => a == AccessAudit.NegotiationTransition));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task CounterOffer_AcceptedByTheConsumer_GivesAnAgreementOnTheNewTerms(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var offer = await s.OfferAsync(AccessScenario.DpTerms());
        var request = await s.RequestAsync(offer.Offer.Id);
        var countered = await Agreements(s, a => a.CounterOfferAsync(s.HospitalSteward, request.Negotiation.Id,
            AccessScenario.DpTerms() with { BudgetTotal = 0.5, BudgetPerQuery = 0.05 }, "Half the budget.", CancellationToken.None));
        Assert.Equal(NegotiationState.Offered, countered.Negotiation.State);
        Assert.Equal(0.5, countered.TermsInWords.BudgetTotal);

        var accepted = await Agreements(s, a => a.AcceptAsync(s.MinistryAnalyst, request.Negotiation.Id, CancellationToken.None));
        Assert.Equal(NegotiationState.Finalized, accepted.Negotiation.State);
        Assert.Contains(accepted.Negotiation.Steps, step => step.To == NegotiationState.Accepted);
        var agreement = await Agreements(s, a => a.GetAsync(s.MinistryAnalyst, accepted.Negotiation.AgreementId!.Value, CancellationToken.None));
        Assert.Equal(0.5, agreement.Terms!.BudgetTotal);
        Assert.Equal(0.5, agreement.Budget!.Limit);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Rejection_NeedsAReason_AndTerminatedNegotiationsNeverChange(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var offer = await s.OfferAsync(AccessScenario.DpTerms());
        var request = await s.RequestAsync(offer.Offer.Id);
        var noReason = await Assert.ThrowsAsync<PlatformException>(() =>
            Agreements(s, a => a.RejectAsync(s.HospitalSteward, request.Negotiation.Id, " ", CancellationToken.None)));
        Assert.Equal(PlatformError.Validation, noReason.Error);

        var rejected = await Agreements(s, a => a.RejectAsync(s.HospitalSteward, request.Negotiation.Id, "Not for this project.", CancellationToken.None));
        Assert.Equal(NegotiationState.Terminated, rejected.Negotiation.State);
        var late = await Assert.ThrowsAsync<PlatformException>(() => s.ApproveAsync(request.Negotiation.Id));
        Assert.Equal(PlatformError.Conflict, late.Error);
        Assert.Contains("TERMINATED", late.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Decisions_ComeOnlyFromAnotherStewardOfTheProvider(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var offer = await s.OfferAsync(AccessScenario.DpTerms());
        // A hospital steward who also belongs to the ministry asks for access for the ministry…
        await s.WithAsync(async p =>
        {
            var admin = await p.GetRequiredService<Organisations.ActorLoader>().ForUserAsync(
                (await p.GetRequiredService<AgoraDbContext>().Memberships.FirstAsync(m => m.OrganisationId == s.Ministry.Id
                    && m.Role == Organisations.OrganisationRole.OrganisationAdmin)).UserId, CancellationToken.None);
            await p.GetRequiredService<Organisations.OrganisationService>().SetMemberAsync(admin, s.Ministry.Id, "steward2@hospital.example",
                Organisations.OrganisationRole.Analyst, CancellationToken.None);
            return 0;
        });
        var insider = await s.Store.ActorAsync(s.HospitalSecondSteward.RequiredUserId);
        var request = await s.RequestAsync(offer.Offer.Id, by: insider);

        // …and cannot approve it; a steward of another organisation does not even see it; the analyst cannot approve.
        var own = await Assert.ThrowsAsync<PlatformException>(() => s.ApproveAsync(request.Negotiation.Id, insider));
        Assert.Equal(PlatformError.Forbidden, own.Error);
        Assert.Contains("yourself", own.Message, StringComparison.Ordinal);
        var foreign = await Assert.ThrowsAsync<PlatformException>(() => s.ApproveAsync(request.Negotiation.Id, s.CompanySteward));
        Assert.Equal(PlatformError.NotFound, foreign.Error);
        var consumer = await Assert.ThrowsAsync<PlatformException>(() => s.ApproveAsync(request.Negotiation.Id, s.MinistrySteward));
        Assert.Equal(PlatformError.Forbidden, consumer.Error);

        Assert.Equal(NegotiationState.Finalized, (await s.ApproveAsync(request.Negotiation.Id)).Negotiation.State);
        Assert.Equal(3, (await s.AuditActionsAsync()).Count(a => a == AccessAudit.AccessDecisionRefused));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Request_ThePolicyRefuses_IsRefusedWithItsReasons(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var offer = await s.OfferAsync(AccessScenario.DpTerms());
        var wrongPurpose = await Assert.ThrowsAsync<PlatformException>(() => s.RequestAsync(offer.Offer.Id, "agora:ProductDevelopment"));
        Assert.Equal(PlatformError.Validation, wrongPurpose.Error);
        Assert.Contains("developing commercial products", string.Join(" ", wrongPurpose.Fields!["policy"]), StringComparison.Ordinal);

        var company = await s.Store.ActorAsync(s.CompanySteward.RequiredUserId);
        var wrongKind = await Assert.ThrowsAsync<PlatformException>(() => s.RequestAsync(offer.Offer.Id, by: company, organisation: s.Company.Id));
        Assert.Contains("a company", string.Join(" ", wrongKind.Fields!["policy"]), StringComparison.Ordinal);
        Assert.Contains(AccessAudit.AccessRequestRefused, await s.AuditActionsAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task AutomaticApproval_FinalisesAtOnce(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var offer = await s.OfferAsync(AccessScenario.DpTerms(autoApprove: true));
        var request = await s.RequestAsync(offer.Offer.Id);
        Assert.Equal(NegotiationState.Finalized, request.Negotiation.State);
        Assert.Contains(request.Negotiation.Steps, step => step.To == NegotiationState.Agreed && step.ActorId == AgreementService.PlatformActorId);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task TamperedOrRevokedAgreements_AreRefusedForUse(MetadataProvider provider)
    {
        await using var s = await AccessScenario.CreateAsync(provider);
        var first = await s.AgreementAsync(AccessScenario.DpTerms());

        // A larger budget written into the document: the hash no longer matches.
        await s.WithAsync(async p =>
        {
            var db = p.GetRequiredService<AgoraDbContext>();
            var agreement = await db.Set<Agreement>().SingleAsync(a => a.Id == first);
            var original = agreement.Document;
            agreement.Document = original.Replace("\"epsilon\":1", "\"epsilon\":100", StringComparison.Ordinal);
            Assert.NotEqual(original, agreement.Document);
            await db.SaveChangesAsync();
            return 0;
        });
        var tampered = await Assert.ThrowsAsync<PlatformException>(() =>
            Agreements(s, a => a.OpenForUseAsync(s.MinistryAnalyst, first, CancellationToken.None)));
        Assert.Equal(PlatformError.Forbidden, tampered.Error);
        Assert.Contains("hash", tampered.Message, StringComparison.Ordinal);

        // The hash recomputed too: the signature no longer matches.
        await s.WithAsync(async p =>
        {
            var db = p.GetRequiredService<AgoraDbContext>();
            var agreement = await db.Set<Agreement>().SingleAsync(a => a.Id == first);
            agreement.Hash = AgreementDocument.HashOf(agreement.Document);
            await db.SaveChangesAsync();
            return 0;
        });
        var forged = await Assert.ThrowsAsync<PlatformException>(() =>
            Agreements(s, a => a.OpenForUseAsync(s.MinistryAnalyst, first, CancellationToken.None)));
        Assert.Contains("signature", forged.Message, StringComparison.Ordinal);
        var view = await Agreements(s, a => a.GetAsync(s.HospitalSteward, first, CancellationToken.None));
        Assert.Equal(AgreementStatus.Broken, view.Status);

        // Revocation: a second, intact agreement stops working at once.
        var offer = await s.OfferAsync(AccessScenario.DpTerms() with { Title = "Second" });
        var second = (await s.ApproveAsync((await s.RequestAsync(offer.Offer.Id)).Negotiation.Id)).Negotiation.AgreementId!.Value;
        await Agreements(s, a => a.OpenForUseAsync(s.MinistryAnalyst, second, CancellationToken.None));
        await Agreements(s, a => a.RevokeAsync(s.HospitalSteward, second, "Project ended.", CancellationToken.None));
        var revoked = await Assert.ThrowsAsync<PlatformException>(() =>
            Agreements(s, a => a.OpenForUseAsync(s.MinistryAnalyst, second, CancellationToken.None)));
        Assert.Contains("revoked", revoked.Message, StringComparison.Ordinal);

        var actions = await s.AuditActionsAsync();
        Assert.Equal(2, actions.Count(a => a == AccessAudit.AgreementIntegrityFailed));
        Assert.Contains(AccessAudit.AgreementRevoked, actions);
        Assert.Contains(AccessAudit.AgreementUseRefused, actions);
    }
}
