using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.HumanCheck;

/// <summary>A challenge or e-mailed pass that has been used. The primary key makes the claim atomic on every node that
/// shares the metadata store; rows are forgotten once the challenge has expired anyway.</summary>
public sealed class SpentChallenge
{
    public const string Table = "SpentChallenges";

    /// <summary><c>c:</c> + challenge nonce, or <c>p:</c> + pass nonce.</summary>
    public required string Id { get; set; }

    /// <summary>Unix seconds after which the challenge is refused as expired, so the row is no longer needed.</summary>
    public long ExpiresAt { get; set; }
}

internal sealed class SpentChallengeConfiguration : IEntityTypeConfiguration<SpentChallenge>
{
    public void Configure(EntityTypeBuilder<SpentChallenge> builder)
    {
        builder.ToTable(SpentChallenge.Table);
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(40);
        builder.HasIndex(s => s.ExpiresAt);
    }
}

/// <summary>Claims a challenge once: an <c>INSERT … ON CONFLICT DO NOTHING</c> (SQLite and PostgreSQL alike) inserts a
/// row or none, so of two concurrent submissions of the same solution, on one node or two, exactly one wins.</summary>
public sealed class SpentChallengeStore(AgoraDbContext db, TimeProvider clock)
{
    private static int _claims;

    /// <summary>True when this call spent the challenge; false when it had been spent before.</summary>
    public async Task<bool> TryClaimAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var expires = expiresAt.ToUnixTimeSeconds();
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"SpentChallenges\" (\"Id\", \"ExpiresAt\") VALUES ({key}, {expires}) ON CONFLICT DO NOTHING", cancellationToken);
        if (Interlocked.Increment(ref _claims) % 512 == 0)
        {
            await ForgetExpiredAsync(cancellationToken);
        }
        return inserted == 1;
    }

    /// <summary>Deletes the rows of challenges that have expired (they are refused as expired before the store is asked).</summary>
    public Task<int> ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        return db.Set<SpentChallenge>().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
    }
}
