using Agora.Platform.Audit;
using Agora.Platform.Metadata;
using Agora.Platform.Tests.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Audit;

public sealed class AuditLogTests
{
    private static async Task AppendAsync(TestStore store, int count, int parallel = 1)
    {
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < count / parallel; i++)
            {
                await store.WithAsync(s => s.GetRequiredService<AuditLog>().AppendAsync(
                    new AuditEvent("test.happened", "user-" + worker, null, "thing", i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        new Dictionary<string, string?> { ["worker"] = worker.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                    CancellationToken.None));
            }
        })));
    }

    private static Task<AuditVerification> VerifyAsync(TestStore store) =>
        store.WithAsync(s => s.GetRequiredService<AuditVerifier>().VerifyAsync(CancellationToken.None));

    private static Task<int> ExecuteAsync(TestStore store, Func<AgoraDbContext, Task> change) =>
        store.WithAsync(async s =>
        {
            await change(s.GetRequiredService<AgoraDbContext>());
            return 0;
        });

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ConcurrentAppends_FormOneUnbrokenChainWithSignedCheckpoints(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await AppendAsync(store, 240, parallel: 8);
        var result = await VerifyAsync(store);
        Assert.True(result.Valid, result.Problem);
        Assert.Equal(240, result.Entries);
        Assert.Equal(2, result.Checkpoints);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task EditedEntry_IsNamed(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await AppendAsync(store, 10);
        await ExecuteAsync(store, db => db.AuditEntries.Where(e => e.Sequence == 5)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, "{\"worker\":\"someone else\"}")));
        var result = await VerifyAsync(store);
        Assert.False(result.Valid);
        Assert.Equal(5, result.FirstBadSequence);
        Assert.Contains("changed", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task DeletedEntry_IsNamed(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await AppendAsync(store, 10);
        await ExecuteAsync(store, db => db.AuditEntries.Where(e => e.Sequence == 7).ExecuteDeleteAsync());
        var result = await VerifyAsync(store);
        Assert.Equal(7, result.FirstBadSequence);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task InsertedOrReorderedEntry_BreaksTheChainThere(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await AppendAsync(store, 10);
        // Swap what entries 3 and 4 are about (keeping each one's own hash consistent): the chain no longer links.
        await ExecuteAsync(store, async db =>
        {
            var three = await db.AuditEntries.SingleAsync(e => e.Sequence == 3);
            var four = await db.AuditEntries.SingleAsync(e => e.Sequence == 4);
            (three.SubjectId, four.SubjectId) = (four.SubjectId, three.SubjectId);
            three.Hash = AuditChain.HashOf(three);
            four.Hash = AuditChain.HashOf(four);
            await db.SaveChangesAsync();
        });
        var result = await VerifyAsync(store);
        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBadSequence);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task TruncatedTail_IsDetected(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await AppendAsync(store, 10);
        await ExecuteAsync(store, db => db.AuditEntries.Where(e => e.Sequence > 7).ExecuteDeleteAsync());
        var result = await VerifyAsync(store);
        Assert.False(result.Valid);
        Assert.Equal(8, result.FirstBadSequence);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task RewrittenChain_IsCaughtByTheSignedCheckpoint(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await AppendAsync(store, 120);
        // A forger who rewrites entry 10 and re-hashes every later entry keeps the chain consistent, but not the
        // signature over entry 100.
        await ExecuteAsync(store, async db =>
        {
            var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
            entries[9].ActorId = "forger";
            for (var i = 9; i < entries.Count; i++)
            {
                entries[i].PreviousHash = i == 0 ? AuditChain.Genesis : entries[i - 1].Hash;
                entries[i].Hash = AuditChain.HashOf(entries[i]);
            }
            await db.SaveChangesAsync();
        });
        var result = await VerifyAsync(store);
        Assert.False(result.Valid);
        Assert.Equal(100, result.FirstBadSequence);
        Assert.Contains("checkpoint", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ForgedCheckpointSignature_IsDetected(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await AppendAsync(store, 100);
        await ExecuteAsync(store, db => db.AuditCheckpoints.ExecuteUpdateAsync(s => s.SetProperty(c => c.Signature, Convert.ToBase64String(new byte[64]))));
        var result = await VerifyAsync(store);
        Assert.False(result.Valid);
        Assert.Contains("signature", result.Problem, StringComparison.Ordinal);
    }
}
