using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Agora.Platform.Metadata;

/// <summary>The SQLite store (the default: one file in the data folder). Its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteAgoraDbContext(DbContextOptions<SqliteAgoraDbContext> options) : AgoraDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-with-offset type, and EF cannot order or compare DateTimeOffset stored as text:
        // store UTC instants as a sortable 64-bit number instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The PostgreSQL store (production, several nodes). Its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresAgoraDbContext(DbContextOptions<PostgresAgoraDbContext> options) : AgoraDbContext(options);
