using System.Globalization;
using Agora.Data.Querying;
using Agora.Privacy.DifferentialPrivacy;
using DuckDB.NET.Data;

namespace Agora.Data.Tests.Querying;

/// <summary>
/// The cheaper DP SQL (clamp or rounding left out where a per-version fact proves them the identity, single scan for a
/// unique unit column, one group per unit by one arg_min and a join) must give exactly the statistics of the general SQL.
/// </summary>
public sealed class DpFastPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-dpfast-").FullName;

    public DpFastPathTests()
    {
        // 3,000 rows; 'person' repeats (1,000 persons, 3 rows each in varying groups), 'uid' is unique except a NULL row.
        Write("values.parquet", """
            SELECT range AS id,
                   CASE WHEN range = 7 THEN NULL ELSE range END AS uid,
                   range % 1000 AS person,
                   ['a', 'b', 'c', 'd'][1 + (hash(range) % 4)::INTEGER] AS grp,
                   (range % 3 = 0) AS flag,
                   (hash(range * 3) % 101)::INTEGER AS whole,
                   (hash(range * 5) % 400)::DOUBLE / 4 AS quarters,
                   (hash(range * 7) % 100000)::DOUBLE / 997 AS fractions,
                   CASE WHEN range % 50 = 0 THEN 1e6 WHEN range % 77 = 0 THEN -5 ELSE (hash(range * 11) % 100)::DOUBLE END AS outliers,
                   CASE range % 200 WHEN 0 THEN 'nan'::DOUBLE WHEN 1 THEN 'inf'::DOUBLE WHEN 2 THEN '-inf'::DOUBLE WHEN 3 THEN NULL
                        ELSE (hash(range * 13) % 100)::DOUBLE END AS special,
                   (hash(range * 17) % 1000)::DOUBLE + 1000 AS shifted
            FROM range(3000)
            """);
    }

    public static TheoryData<string, double, double, bool, bool> Columns => new()
    {
        // column, lower, upper, expected WithinBounds, expected OnGrid
        { "whole", 0, 100, true, true },
        { "whole", 10, 90, false, true },
        { "quarters", 0, 100, true, true },
        { "fractions", 0, 101, true, false },
        { "outliers", 0, 100, false, true },
        { "outliers", 0.3, 100, false, false },
        { "special", 0, 100, false, true },
        { "shifted", 1000, 2000, true, true },
        { "shifted", 1000.3, 1999.7, false, false },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task Profile_IsExact_AndTheCheaperSqlGivesTheSameStatistics(string column, double lower, double upper, bool within, bool onGrid)
    {
        foreach (var unit in new string?[] { null, "person" })
        {
            var relation = Relation("values.parquet", unit, (column, new ValueBounds(lower, upper)));
            var facts = new VersionFacts();
            using var sandbox = QuerySandbox.Open([relation]);
            foreach (var sql in new[]
                     {
                         $"SELECT grp, COUNT(*), SUM({column}), AVG({column}) FROM t GROUP BY grp",
                         $"SELECT AVG({column}), MEDIAN({column}) FROM t WHERE flag",
                         $"SELECT grp, flag, SUM({column}) FROM t GROUP BY grp, flag",
                     })
            {
                var (query, bounds) = Plan(sql, relation);
                var profiles = await facts.ProfilesAsync(sandbox, relation, query, bounds, CancellationToken.None);
                foreach (var profile in profiles.Where(p => p is not null))
                {
                    Assert.Equal(new ValueProfile(within, onGrid), profile);
                }
                await AssertSameStatisticsAsync(sandbox, query, relation, bounds, profiles);
            }
            Assert.Equal(1, facts.Scans);
        }
    }

    [Fact]
    public async Task UniqueUnit_IsProvedOnce_AndTheSingleScanGivesTheSameStatisticsAsPerUnitBounding()
    {
        var facts = new VersionFacts();
        var unique = Relation("values.parquet", "uid", ("outliers", new ValueBounds(0, 100)));
        var repeated = Relation("values.parquet", "person", ("outliers", new ValueBounds(0, 100)));
        using var sandbox = QuerySandbox.Open([unique]);
        Assert.Equal(new UnitProfile(Unique: true, HasNulls: true), await facts.UnitAsync(sandbox, unique, "uid", CancellationToken.None));
        Assert.Equal(new UnitProfile(Unique: false, HasNulls: false), await facts.UnitAsync(sandbox, repeated, "person", CancellationToken.None));
        Assert.Equal(new UnitProfile(Unique: true, HasNulls: false), await facts.UnitAsync(sandbox, unique, "id", CancellationToken.None));
        Assert.Equal(new UnitProfile(Unique: true, HasNulls: true), await facts.UnitAsync(sandbox, unique, "uid", CancellationToken.None));
        Assert.Equal(3, facts.Scans);
        var noNulls = unique with { Privacy = unique.Privacy with { PrivacyUnitColumn = "id" } };

        foreach (var sql in new[]
                 {
                     "SELECT grp, COUNT(*), COUNT(outliers), SUM(outliers), AVG(outliers) FROM t GROUP BY grp",
                     "SELECT COUNT(*), MEDIAN(outliers) FROM t WHERE flag",
                 })
        {
            var (query, bounds) = Plan(sql, unique);
            var single = await StatisticsAsync(sandbox, query, unique, bounds, null, new UnitProfile(true, true));
            var general = await StatisticsAsync(sandbox, query, unique, bounds, null, null);
            Assert.Equal(general, single);
            Assert.Equal(await StatisticsAsync(sandbox, query, noNulls, bounds, null, null),
                await StatisticsAsync(sandbox, query, noNulls, bounds, null, new UnitProfile(true, false)));
            Assert.Equal(await StatisticsAsync(sandbox, query, repeated, bounds, null, null),
                await StatisticsAsync(sandbox, query, repeated, bounds, null, new UnitProfile(false, false)));
            // The row whose unit is NULL is left out on both paths.
            if (query.Keys.Count == 0)
            {
                Assert.Equal(QueryDataExact("SELECT count(*) FROM t WHERE flag AND uid IS NOT NULL"), Convert.ToInt64(single[0][2], CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public async Task OneGroupPerUnit_EachUnitCountsOnceAcrossSeveralKeys()
    {
        var relation = Relation("values.parquet", "person", ("whole", new ValueBounds(0, 100)));
        using var sandbox = QuerySandbox.Open([relation]);
        var (query, bounds) = Plan("SELECT grp, flag, COUNT(*), SUM(whole) FROM t GROUP BY grp, flag", relation);
        var rows = await StatisticsAsync(sandbox, query, relation, bounds, null, null);
        Assert.True(rows.Count > 1, "units land in several (grp, flag) groups");
        // Columns: query index, grp, flag, units, rows, count, step sum. Every person (1,000, 3 rows each) counts once.
        Assert.Equal(1000L, rows.Sum(r => Convert.ToInt64(r[3], CultureInfo.InvariantCulture)));
        Assert.Equal(1000L, rows.Sum(r => Convert.ToInt64(r[4], CultureInfo.InvariantCulture)));
        Assert.Equal(1000L, rows.Sum(r => Convert.ToInt64(r[5], CultureInfo.InvariantCulture)));
        // Every unit's sum is one row's steps at most.
        var limit = new ValueBounds(0, 100).SumStepLimit;
        Assert.All(rows, r => Assert.InRange(Convert.ToDouble(r[6], CultureInfo.InvariantCulture), 0,
            limit * Convert.ToDouble(r[3], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Facts_ArePerVersion_AndAChangedFileIsProfiledAgain()
    {
        var facts = new VersionFacts();
        var bounds = ("whole", new ValueBounds(0, 100));
        var relation = Relation("values.parquet", null, bounds);
        var (query, plannedBounds) = Plan("SELECT SUM(whole) FROM t", relation);
        using (var sandbox = QuerySandbox.Open([relation]))
        {
            Assert.True((await facts.ProfilesAsync(sandbox, relation, query, plannedBounds, CancellationToken.None))[0]!.WithinBounds);
            await facts.ProfilesAsync(sandbox, relation, query, plannedBounds, CancellationToken.None);
            Assert.Equal(1, facts.Scans);
            var otherVersion = relation with { VersionId = "values-v2" };
            await facts.ProfilesAsync(sandbox, otherVersion, query, plannedBounds, CancellationToken.None);
            Assert.Equal(2, facts.Scans);
        }

        // The same version id over rewritten content (a value now above the bound) is not trusted from the cache.
        Write("values.parquet", "SELECT 1 AS id, 1 AS uid, 1 AS person, 'a' AS grp, true AS flag, 500 AS whole");
        File.SetLastWriteTimeUtc(Path.Combine(_folder, "values.parquet"), DateTime.UtcNow.AddMinutes(1));
        using (var sandbox = QuerySandbox.Open([relation]))
        {
            var profile = (await facts.ProfilesAsync(sandbox, relation, query, plannedBounds, CancellationToken.None))[0]!;
            Assert.False(profile.WithinBounds);
            Assert.Equal(3, facts.Scans);
        }
    }

    [Fact]
    public async Task Pool_ReusesOnlyHealthySandboxesOverTheSameFiles_AndTheyStayLocked()
    {
        var pool = new SandboxPool(2);
        var relation = Relation("values.parquet", null);
        QuerySandbox first;
        using (var lease = pool.Rent([relation], new SandboxLimits()))
        {
            first = lease.Sandbox;
            await first.QueryAsync("SELECT count(*) FROM t");
            lease.KeepForReuse();
        }
        Assert.Equal(1, pool.IdleCount);
        using (var lease = pool.Rent([relation], new SandboxLimits()))
        {
            Assert.Same(first, lease.Sandbox);
            // Still locked after reuse: no other file, no setting changes.
            var other = Path.Combine(_folder, "other.parquet");
            Write("other.parquet", "SELECT 42 AS secret");
            await Assert.ThrowsAsync<QueryFailedException>(() => lease.Sandbox.QueryAsync($"SELECT * FROM read_parquet('{other}')"));
            await Assert.ThrowsAsync<QueryFailedException>(() => lease.Sandbox.QueryAsync("SET enable_external_access = true"));
            // Not kept (a query failed): closed, not pooled.
        }
        Assert.Equal(0, pool.IdleCount);
        using (var lease = pool.Rent([relation], new SandboxLimits()))
        {
            Assert.NotSame(first, lease.Sandbox);
            lease.KeepForReuse();
        }
        using (var lease = pool.Rent([relation], new SandboxLimits(MemoryLimit: "512MB")))
        {
            Assert.Equal(1, pool.IdleCount);
            lease.KeepForReuse();
        }
        Assert.Equal(2, pool.IdleCount);
        using (var lease = pool.Rent([relation with { Name = "u" }], new SandboxLimits()))
        {
            await lease.Sandbox.QueryAsync("SELECT count(*) FROM u");
            await Assert.ThrowsAsync<QueryFailedException>(() => lease.Sandbox.QueryAsync("SELECT count(*) FROM t"));
            lease.KeepForReuse();
        }
        Assert.Equal(2, pool.IdleCount);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled sandbox may still hold the file open; the temp folder is cleaned by the OS.
        }
    }

    private static async Task AssertSameStatisticsAsync(QuerySandbox sandbox, AggregateQuery query, GrantedRelation relation,
        IReadOnlyList<ValueBounds?> bounds, IReadOnlyList<ValueProfile?> profiles)
    {
        var fast = await StatisticsAsync(sandbox, query, relation, bounds, profiles, null);
        var general = await StatisticsAsync(sandbox, query, relation, bounds, null, null);
        Assert.Equal(general, fast);
    }

    private static async Task<List<List<object?>>> StatisticsAsync(QuerySandbox sandbox, AggregateQuery query, GrantedRelation relation,
        IReadOnlyList<ValueBounds?> bounds, IReadOnlyList<ValueProfile?>? profiles, UnitProfile? unit)
    {
        var (statistics, bins) = AggregateSql.Dp(query, relation, bounds, profiles, unit);
        // Each row starts with the index of its query: 0 for the statistics, then the quantile bins.
        var rows = new List<List<object?>>();
        foreach (var (sql, index) in bins.Where(b => b is not null).Prepend(statistics).Select((sql, i) => (sql, i)))
        {
            var result = await sandbox.QueryAsync(sql!);
            rows.AddRange(result.Rows.Select(r => r.Select(Normalise).Prepend(index).ToList()));
        }
        return [.. rows.OrderBy(r => string.Join("|", r), StringComparer.Ordinal)];
    }

    // Step sums come back as DOUBLE or HUGEINT depending on the SQL shape; compare their values.
    private static object? Normalise(object? value) => value switch
    {
        double d => (decimal)d,
        System.Numerics.BigInteger b => (decimal)b,
        int or long => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        _ => value,
    };

    private static (AggregateQuery Query, IReadOnlyList<ValueBounds?> Bounds) Plan(string sql, GrantedRelation relation)
    {
        var query = new SqlChecker().Check(sql, [relation.Name], QueryOutputLevel.AggregatesOnly).Aggregate!;
        return (query, query.Aggregates.Select(a => a.Column is null ? null : relation.Privacy.Bounds.GetValueOrDefault(a.Column)).ToList());
    }

    private GrantedRelation Relation(string file, string? unit, params (string Column, ValueBounds Bounds)[] bounds) =>
        new("t", Path.Combine(_folder, file), "values-v1")
        {
            Privacy = new RelationPrivacy
            {
                PrivacyUnitColumn = unit,
                Bounds = bounds.ToDictionary(b => b.Column, b => b.Bounds, StringComparer.OrdinalIgnoreCase),
            },
        };

    private long QueryDataExact(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE VIEW t AS SELECT * FROM read_parquet('{Path.Combine(_folder, "values.parquet")}'); {sql}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void Write(string file, string select)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY ({select}) TO '{Path.Combine(_folder, file)}' (FORMAT parquet)";
        command.ExecuteNonQuery();
    }
}
