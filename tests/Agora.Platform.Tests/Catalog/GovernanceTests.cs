using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Tests.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Catalog;

public sealed class GovernanceTests
{
    private static DatasetInput Complete(string title) => new()
    {
        Title = new() { ["en"] = title, ["fr"] = title + " (fr)" },
        Description = new() { ["en"] = "What it holds." },
        Themes = ["HEAL"],
        Licence = "CC_BY_4_0",
        AccessRights = AccessRights.Public,
        ContactEmail = "data@example.org",
    };

    private static async Task<(TestStore Store, Actor Steward, Actor OtherSteward, Organisation Organisation)> ArrangeAsync(MetadataProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        var stewardId = await store.CreateUserAsync("steward@a.example");
        var otherId = await store.CreateUserAsync("steward@b.example");
        var organisation = await store.WithAsync(s => s.GetRequiredService<OrganisationService>()
            .CreateAsync(store.ActorAsync(stewardId).Result, "org-a", "Org A", OrganisationKind.Public, null, CancellationToken.None));
        await store.WithAsync(async s => await s.GetRequiredService<OrganisationService>()
            .CreateAsync(await store.ActorAsync(otherId), "org-b", "Org B", OrganisationKind.Private, null, CancellationToken.None));
        return (store, await store.ActorAsync(stewardId), await store.ActorAsync(otherId), organisation);
    }

    private static Task<DatasetVersion> AddVersionAsync(TestStore store, Actor actor, Guid datasetId) =>
        store.WithAsync(s => s.GetRequiredService<CatalogService>().AddVersionAsync(actor, datasetId, _ => new DatasetVersion
        {
            ContentHash = new string('a', 64), StoragePath = "store/x.parquet", WrappedKey = "1.AAAA", SourceFormat = "csv",
            SourceFileName = "x.csv", CreatedById = actor.RequiredUserId, CreatedAt = DateTimeOffset.UtcNow, RowCount = 3,
        }, CancellationToken.None));

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Draft_IsInvisibleToAnotherOrganisationAndToVisitors(MetadataProvider provider)
    {
        var (store, steward, other, organisation) = await ArrangeAsync(provider);
        await using var _ = store;
        var dataset = await store.WithAsync(s => s.GetRequiredService<CatalogService>().CreateAsync(steward, organisation.Id, Complete("Births"), CancellationToken.None));

        foreach (var outsider in new[] { other, Actor.Anonymous })
        {
            var error = await Assert.ThrowsAsync<PlatformException>(() =>
                store.WithAsync(s => s.GetRequiredService<CatalogService>().GetAsync(outsider, dataset.Id, CancellationToken.None)));
            Assert.Equal(PlatformError.NotFound, error.Error);
            var listed = await store.WithAsync(s => s.GetRequiredService<CatalogService>().ListForOrganisationAsync(outsider, organisation.Id, CancellationToken.None));
            Assert.Empty(listed);
        }
        Assert.Equal("Births", (await store.WithAsync(s => s.GetRequiredService<CatalogService>().GetAsync(steward, dataset.Id, CancellationToken.None))).Title["en"]);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Lifecycle_DraftReviewPublish_RecordsEveryStepAndIsFoundBySearch(MetadataProvider provider)
    {
        var (store, steward, other, organisation) = await ArrangeAsync(provider);
        await using var _ = store;
        var dataset = await store.WithAsync(s => s.GetRequiredService<CatalogService>().CreateAsync(steward, organisation.Id, Complete("Hospital stays"), CancellationToken.None));

        var noVersion = await Assert.ThrowsAsync<PlatformException>(() =>
            store.WithAsync(s => s.GetRequiredService<CatalogService>().SubmitAsync(steward, dataset.Id, CancellationToken.None)));
        Assert.Equal(PlatformError.Conflict, noVersion.Error);

        await AddVersionAsync(store, steward, dataset.Id);
        await store.WithAsync(s => s.GetRequiredService<CatalogService>().SubmitAsync(steward, dataset.Id, CancellationToken.None));

        var foreignApproval = await Assert.ThrowsAsync<PlatformException>(() =>
            store.WithAsync(s => s.GetRequiredService<CatalogService>().ApproveAsync(other, dataset.Id, null, CancellationToken.None)));
        Assert.Equal(PlatformError.NotFound, foreignApproval.Error);

        var before = await store.WithAsync(s => s.GetRequiredService<CatalogService>().SearchAsync(new SearchQuery { Text = "hospital" }, CancellationToken.None));
        Assert.Equal(0, before.Total);

        await store.WithAsync(s => s.GetRequiredService<CatalogService>().ApproveAsync(steward, dataset.Id, "fine", CancellationToken.None));

        var visible = await store.WithAsync(s => s.GetRequiredService<CatalogService>().GetAsync(other, dataset.Id, CancellationToken.None));
        Assert.Equal(DatasetState.Published, visible.State);
        Assert.NotNull(visible.PublishedAt);
        var found = await store.WithAsync(s => s.GetRequiredService<CatalogService>().SearchAsync(new SearchQuery { Text = "hospit" }, CancellationToken.None));
        Assert.Equal(dataset.Id, Assert.Single(found.Datasets).Id);

        var history = await store.WithAsync(s => s.GetRequiredService<CatalogService>().HistoryAsync(steward, dataset.Id, CancellationToken.None));
        Assert.Equal(
            [DatasetChangeKind.Created, DatasetChangeKind.VersionAdded, DatasetChangeKind.SubmittedForReview, DatasetChangeKind.Approved],
            history.OrderBy(c => c.At).ThenBy(c => c.Kind).Select(c => c.Kind));
        Assert.All(history, c => Assert.Equal(steward.UserId, c.UserId));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Reject_WithoutComment_IsRefusedAndWithCommentReturnsToDraft(MetadataProvider provider)
    {
        var (store, steward, _, organisation) = await ArrangeAsync(provider);
        await using var _s = store;
        var dataset = await store.WithAsync(s => s.GetRequiredService<CatalogService>().CreateAsync(steward, organisation.Id, Complete("Rejected"), CancellationToken.None));
        await AddVersionAsync(store, steward, dataset.Id);
        await store.WithAsync(s => s.GetRequiredService<CatalogService>().SubmitAsync(steward, dataset.Id, CancellationToken.None));

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            store.WithAsync(s => s.GetRequiredService<CatalogService>().RejectAsync(steward, dataset.Id, " ", CancellationToken.None)));
        Assert.Equal(PlatformError.Validation, error.Error);
        var rejected = await store.WithAsync(s => s.GetRequiredService<CatalogService>().RejectAsync(steward, dataset.Id, "Add a licence note", CancellationToken.None));
        Assert.Equal(DatasetState.Draft, rejected.State);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Analyst_CannotCreateOrSubmit(MetadataProvider provider)
    {
        var (store, steward, _, organisation) = await ArrangeAsync(provider);
        await using var _s = store;
        var analystId = await store.CreateUserAsync("analyst@a.example");
        await store.WithAsync(async s =>
        {
            await s.GetRequiredService<OrganisationService>().SetMemberAsync(steward, organisation.Id, "analyst@a.example", OrganisationRole.Analyst, CancellationToken.None);
            return 0;
        });
        var analyst = await store.ActorAsync(analystId);
        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            store.WithAsync(s => s.GetRequiredService<CatalogService>().CreateAsync(analyst, organisation.Id, Complete("Nope"), CancellationToken.None)));
        Assert.Equal(PlatformError.Forbidden, error.Error);
    }

    [Fact]
    public void Validate_PublicDatasetWithoutDescriptionOrLicence_NamesEachField()
    {
        var error = Assert.Throws<PlatformException>(() => CatalogService.Validate(
            new DatasetInput { Title = new() { ["en"] = "x" }, AccessRights = AccessRights.Public, Themes = ["NOPE"] }, requireComplete: true));
        Assert.Equal(PlatformError.Validation, error.Error);
        Assert.Contains("description", error.Fields!.Keys);
        Assert.Contains("licence", error.Fields.Keys);
        Assert.Contains("themes", error.Fields.Keys);
        Assert.Contains("contactEmail", error.Fields.Keys);
    }
}
