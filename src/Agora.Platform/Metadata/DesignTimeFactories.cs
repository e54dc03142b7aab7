using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agora.Platform.Metadata;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAgoraDbContext>
{
    public SqliteAgoraDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAgoraDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAgoraDbContext>
{
    public PostgresAgoraDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAgoraDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
