using Agora.Data.Querying;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Querying;

/// <summary>A released differentially private answer, by the engine's cache key (canonical query, data version, privacy
/// metadata, protection). Kept so a repeated query gets the same answer at no cost, across restarts and nodes.</summary>
public sealed class QueryAnswer
{
    /// <summary>Hex SHA-256 from <see cref="PreparedQuery.CacheKey"/>.</summary>
    public required string Key { get; set; }

    public required string Result { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class QueryAnswerConfiguration : IEntityTypeConfiguration<QueryAnswer>
{
    public void Configure(EntityTypeBuilder<QueryAnswer> builder)
    {
        builder.ToTable("QueryAnswers");
        builder.HasKey(a => a.Key);
        builder.Property(a => a.Key).HasMaxLength(64);
    }
}

/// <summary><see cref="IQueryAnswerCache"/> over the metadata store. The first answer stored for a key wins (primary key);
/// a second node that raced to the same key keeps the stored one.</summary>
public sealed class StoreQueryAnswerCache(IServiceScopeFactory scopes, TimeProvider clock) : IQueryAnswerCache
{
    public bool TryGet(string key, out QueryResult result)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        var stored = db.Set<QueryAnswer>().AsNoTracking().Where(a => a.Key == key).Select(a => a.Result).SingleOrDefault();
        result = stored is null ? null! : ResultTable.Deserialize(stored);
        return stored is not null;
    }

    public void Store(string key, QueryResult result)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        db.Add(new QueryAnswer { Key = key, Result = ResultTable.Serialize(result), CreatedAt = clock.GetUtcNow() });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException)
        {
            // Another node stored an answer for this key first; that one stays.
        }
    }
}
