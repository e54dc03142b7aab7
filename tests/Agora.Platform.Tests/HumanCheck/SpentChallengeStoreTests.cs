using Agora.Platform.HumanCheck;
using Agora.Platform.Metadata;
using Agora.Platform.Tests.Accounts;
using Agora.Platform.Tests.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.HumanCheck;

public sealed class SpentChallengeStoreTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Challenge_IsSpentOnce(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var expires = DateTimeOffset.UtcNow.AddMinutes(30);
        Assert.True(await store.WithAsync(s => s.GetRequiredService<SpentChallengeStore>().TryClaimAsync("c:abc", expires, CancellationToken.None)));
        Assert.False(await store.WithAsync(s => s.GetRequiredService<SpentChallengeStore>().TryClaimAsync("c:abc", expires, CancellationToken.None)));
        Assert.True(await store.WithAsync(s => s.GetRequiredService<SpentChallengeStore>().TryClaimAsync("c:abd", expires, CancellationToken.None)));
    }

    /// <summary>Many simultaneous submissions of one solution (each in its own scope and connection, as on several
    /// nodes): exactly one is accepted.</summary>
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ConcurrentClaims_AcceptExactlyOne(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var expires = DateTimeOffset.UtcNow.AddMinutes(30);
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            store.WithAsync(s => s.GetRequiredService<SpentChallengeStore>().TryClaimAsync("c:same", expires, CancellationToken.None)))));
        Assert.Equal(1, claims.Count(c => c));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ExpiredRows_AreForgotten(MetadataProvider provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var store = await TestStore.CreateAsync(provider, clock);
        await store.WithAsync(s => s.GetRequiredService<SpentChallengeStore>().TryClaimAsync("c:old", clock.GetUtcNow().AddMinutes(1), CancellationToken.None));
        await store.WithAsync(s => s.GetRequiredService<SpentChallengeStore>().TryClaimAsync("c:new", clock.GetUtcNow().AddMinutes(60), CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await store.WithAsync(s => s.GetRequiredService<SpentChallengeStore>().ForgetExpiredAsync(CancellationToken.None)));
        Assert.Equal(1, await store.WithAsync(s => Task.FromResult(s.GetRequiredService<AgoraDbContext>().SpentChallenges.Count())));
    }
}
