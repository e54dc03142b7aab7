using Agora.Platform.Accounts;
using Agora.Platform.Metadata;
using Agora.Platform.Tests.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Accounts;

public sealed class AccessTokenTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Token_IsStoredHashedAndStopsWorkingWhenRevoked(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var userId = await store.CreateUserAsync("someone@example.org");
        var (token, secret) = await store.WithAsync(s => s.GetRequiredService<AccessTokenService>()
            .CreateAsync(userId, "ci", TokenScopes.Read | TokenScopes.Publish, TimeSpan.FromDays(30), CancellationToken.None));

        var stored = await store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().AccessTokens.AsNoTracking().SingleAsync());
        Assert.DoesNotContain(secret, stored.Hash, StringComparison.Ordinal);
        Assert.Equal(64, stored.Hash.Length);
        Assert.StartsWith(stored.Prefix, secret, StringComparison.Ordinal);

        var found = await store.WithAsync(s => s.GetRequiredService<AccessTokenService>().FindValidAsync(secret, CancellationToken.None));
        Assert.Equal(TokenScopes.Read | TokenScopes.Publish, found!.Scopes);
        Assert.Null(await store.WithAsync(s => s.GetRequiredService<AccessTokenService>().FindValidAsync(secret + "x", CancellationToken.None)));

        await store.WithAsync(async s =>
        {
            await s.GetRequiredService<AccessTokenService>().RevokeAsync(userId, token.Id, CancellationToken.None);
            return 0;
        });
        Assert.Null(await store.WithAsync(s => s.GetRequiredService<AccessTokenService>().FindValidAsync(secret, CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Token_ExpiresAtItsTime(MetadataProvider provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = await TestStore.CreateAsync(provider, clock);
        var userId = await store.CreateUserAsync("someone@example.org");
        var (_, secret) = await store.WithAsync(s => s.GetRequiredService<AccessTokenService>()
            .CreateAsync(userId, "short", TokenScopes.Read, TimeSpan.FromDays(1), CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(23));
        Assert.NotNull(await store.WithAsync(s => s.GetRequiredService<AccessTokenService>().FindValidAsync(secret, CancellationToken.None)));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Null(await store.WithAsync(s => s.GetRequiredService<AccessTokenService>().FindValidAsync(secret, CancellationToken.None)));
    }

    [Theory]
    [InlineData("", TokenScopes.Read, 30)]
    [InlineData("name", TokenScopes.None, 30)]
    [InlineData("name", TokenScopes.Read, 400)]
    public async Task Create_BadRequest_IsRefused(string name, TokenScopes scopes, int days)
    {
        await using var store = await TestStore.CreateAsync(MetadataProvider.Sqlite);
        var userId = await store.CreateUserAsync("someone@example.org");
        var error = await Assert.ThrowsAsync<PlatformException>(() => store.WithAsync(s => s.GetRequiredService<AccessTokenService>()
            .CreateAsync(userId, name, scopes, TimeSpan.FromDays(days), CancellationToken.None)));
        Assert.Equal(PlatformError.Validation, error.Error);
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
