using Agora.Data.Querying;
using Agora.Privacy.DifferentialPrivacy;
using DuckDB.NET.Data;

namespace Agora.Data.Tests.Querying;

/// <summary>Small generated Parquet files for the query tests (created once per test class).</summary>
public sealed class QueryData : IDisposable
{
    public static readonly string[] Regions = ["east", "north", "south", "west"];

    public QueryData()
    {
        Folder = Directory.CreateTempSubdirectory("agora-query-").FullName;
        EncryptionKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        // 2,000 people, one row each, in four big regions plus an "island" of 3; person 0 is very wealthy.
        Execute(connection, $"""
            COPY (
              SELECT range AS id,
                     CASE WHEN range < 3 THEN 'island' ELSE ['east','north','south','west'][1 + range % 4] END AS region,
                     CASE WHEN range % 2 = 0 THEN 'F' ELSE 'M' END AS sex,
                     18 + (hash(range) % 70)::INTEGER AS age,
                     20000 + (hash(range * 7) % 80000)::DOUBLE AS income,
                     CASE WHEN range = 0 THEN 1e9 ELSE (hash(range * 13) % 1000)::DOUBLE END AS wealth,
                     'name-' || range AS name
              FROM range(2000)) TO '{PeoplePath}' (FORMAT parquet)
            """);
        // Hospital stays: person p (p < 600) has 1 + p % 4 stays, in wards A–C.
        Execute(connection, $"""
            COPY (
              SELECT p.range AS person_id, ['A','B','C'][1 + ((p.range + s.range) % 3)] AS ward, 1 + (hash(p.range * 31 + s.range) % 20)::INTEGER AS days
              FROM range(600) p, range(4) s WHERE s.range <= p.range % 4) TO '{StaysPath}' (FORMAT parquet)
            """);
        Execute(connection, $"COPY (SELECT 'top secret' AS secret) TO '{SecretPath}' (FORMAT parquet)");
        Execute(connection, "SET force_mbedtls_unsafe = 'true'");
        Execute(connection, $"PRAGMA add_parquet_key('k', '{Convert.ToBase64String(EncryptionKey)}')");
        Execute(connection, $"COPY (SELECT range AS id, range % 3 AS grp FROM range(300)) TO '{EncryptedPath}' (FORMAT parquet, ENCRYPTION_CONFIG {{footer_key: 'k'}})");
    }

    public string Folder { get; }

    public byte[] EncryptionKey { get; }

    public string PeoplePath => Path.Combine(Folder, "people.parquet");

    public string StaysPath => Path.Combine(Folder, "stays.parquet");

    public string SecretPath => Path.Combine(Folder, "secret.parquet");

    public string EncryptedPath => Path.Combine(Folder, "encrypted.parquet");

    public GrantedRelation People(bool publicRegions = false) => new("people", PeoplePath, "people-v1")
    {
        Privacy = new RelationPrivacy
        {
            Bounds = new Dictionary<string, ValueBounds>(StringComparer.OrdinalIgnoreCase)
            {
                ["age"] = new(0, 100),
                ["income"] = new(0, 200_000),
                ["wealth"] = new(0, 1000),
            },
            PublicKeys = publicRegions
                ? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["region"] = [.. Regions, "centre"], ["sex"] = ["F", "M"] }
                : new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase),
        },
    };

    public GrantedRelation Stays(int rowsPerGroup = 1) => new("stays", StaysPath, "stays-v1")
    {
        Privacy = new RelationPrivacy
        {
            PrivacyUnitColumn = "person_id",
            Contribution = new ContributionBounds(MaxGroupsPerUnit: 1, MaxRowsPerGroup: rowsPerGroup),
            Bounds = new Dictionary<string, ValueBounds>(StringComparer.OrdinalIgnoreCase) { ["days"] = new(0, 30) },
            PublicKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["ward"] = ["A", "B", "C"] },
        },
    };

    public GrantedRelation Encrypted(bool withKey = true) => new("encrypted", EncryptedPath, "enc-v1") { EncryptionKey = withKey ? EncryptionKey : null };

    /// <summary>An exact answer straight from DuckDB, for comparing.</summary>
    public double Exact(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, $"CREATE VIEW people AS SELECT * FROM read_parquet('{PeoplePath}')");
        Execute(connection, $"CREATE VIEW stays AS SELECT * FROM read_parquet('{StaysPath}')");
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is System.Numerics.BigInteger big ? (double)big : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A repeatable random source for tests (never for real noise).</summary>
internal sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public void Fill(Span<byte> destination)
    {
        lock (_random)
        {
            _random.NextBytes(destination);
        }
    }
}
