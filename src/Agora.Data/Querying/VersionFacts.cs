using System.Collections.Concurrent;
using System.Globalization;
using Agora.Data.Files;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Querying;

/// <summary>
/// What one exact scan proved about a numeric column of a version, for given public bounds.
/// </summary>
/// <param name="WithinBounds">Every value (after <c>TRY_CAST</c> to DOUBLE) is finite and inside the bounds, so clamping
/// changes nothing and can be left out.</param>
/// <param name="OnGrid">Every value the clamp can produce is already a whole number of quantisation steps (the step is at
/// most 1 and the values and, where clamping acts, the bounds are multiples of it), so rounding changes nothing and step
/// sums can be taken as <c>sum(x) × 2^k</c>.</param>
internal sealed record ValueProfile(bool WithinBounds, bool OnGrid);

/// <summary>What one exact scan proved about the privacy-unit column of a version.</summary>
/// <param name="Unique">No non-NULL unit occurs twice: per-unit bounding is the identity.</param>
/// <param name="HasNulls">Some row has no unit (such rows are dropped; without any, the filter is not needed).</param>
internal sealed record UnitProfile(bool Unique, bool HasNulls);

/// <summary>
/// Facts about a granted version that make the DP SQL cheaper without changing its result, each computed once with an
/// exact query in the locked sandbox and cached per version: whether a value column already lies inside its public bounds
/// and on the quantisation grid (<see cref="ValueProfile"/>), and whether the privacy-unit column is unique (then per-unit
/// bounding is the identity). Entries are keyed by the version id, the file's full path, length and last write time, the
/// column and the bounds, so a changed file or changed metadata is profiled again. A fact that cannot be computed (time or
/// memory limit) is not cached and the query takes the general path.
/// </summary>
internal sealed class VersionFacts
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, ValueProfile> _profiles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UnitProfile> _units = new(StringComparer.Ordinal);

    /// <summary>How many times a fact was computed by scanning (for tests).</summary>
    public int Scans => _scans;

    private int _scans;

    /// <summary>The profile of each aggregate's value column (null where the aggregate has no bounds or the scan failed).</summary>
    public async Task<IReadOnlyList<ValueProfile?>> ProfilesAsync(QuerySandbox sandbox, GrantedRelation relation, AggregateQuery query,
        IReadOnlyList<ValueBounds?> bounds, CancellationToken cancellationToken)
    {
        var identity = Identity(relation);
        var keys = new string?[query.Aggregates.Count];
        var missing = new List<(string Key, string Column, ValueBounds Bounds)>();
        for (var j = 0; j < query.Aggregates.Count; j++)
        {
            if (query.Aggregates[j] is not { Kind: DpAggregateKind.Sum or DpAggregateKind.Mean or DpAggregateKind.Quantile, Column: { } column }
                || bounds[j] is not { } b)
            {
                continue;
            }
            var key = string.Create(CultureInfo.InvariantCulture, $"{identity}\u001f{column.ToLowerInvariant()}\u001f{b.Lower:R}\u001f{b.Upper:R}");
            keys[j] = key;
            if (!_profiles.ContainsKey(key) && !missing.Exists(m => m.Key == key))
            {
                missing.Add((key, column, b));
            }
        }
        if (missing.Count > 0)
        {
            await ScanAsync(sandbox, relation, missing, cancellationToken);
        }
        return keys.Select(k => k is not null && _profiles.TryGetValue(k, out var profile) ? profile : null).ToList();
    }

    /// <summary>Whether the unit column is unique and has NULLs (null when the scan failed).</summary>
    public async Task<UnitProfile?> UnitAsync(QuerySandbox sandbox, GrantedRelation relation, string unitColumn, CancellationToken cancellationToken)
    {
        var key = $"{Identity(relation)}\u001f{unitColumn.ToLowerInvariant()}";
        if (_units.TryGetValue(key, out var known))
        {
            return known;
        }
        var column = DuckDbSql.Identifier(unitColumn);
        UnitProfile profile;
        try
        {
            var result = await sandbox.QueryAsync(
                $"SELECT count({column}) = count(DISTINCT {column}), count(*) > count({column}) FROM {DuckDbSql.Identifier(relation.Name)}",
                cancellationToken);
            Interlocked.Increment(ref _scans);
            profile = new UnitProfile(result.Rows[0][0] is true, result.Rows[0][1] is true);
        }
        catch (QueryFailedException)
        {
            return null;
        }
        Remember(_units, key, profile);
        return profile;
    }

    private async Task ScanAsync(QuerySandbox sandbox, GrantedRelation relation, List<(string Key, string Column, ValueBounds Bounds)> columns,
        CancellationToken cancellationToken)
    {
        var inputs = new List<string>();
        var measures = new List<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var x = string.Create(CultureInfo.InvariantCulture, $"__x{i}");
            inputs.Add($"TRY_CAST({DuckDbSql.Identifier(columns[i].Column)} AS DOUBLE) AS {x}");
            var scale = 1 / columns[i].Bounds.Granularity;
            // With a step above 1 the scaling could lose bits of tiny values, so the grid is not checked and values are rounded.
            var offGrid = scale >= 1 ? $"count({x}) FILTER (WHERE {x} * {DuckDbSql.Number(scale)} <> round({x} * {DuckDbSql.Number(scale)}))" : "1";
            measures.Add($"min({x}), max({x}), count({x}) FILTER (WHERE NOT isfinite({x})), {offGrid}");
        }
        SandboxResult result;
        try
        {
            result = await sandbox.QueryAsync(
                $"SELECT {string.Join(", ", measures)} FROM (SELECT {string.Join(", ", inputs)} FROM {DuckDbSql.Identifier(relation.Name)})",
                cancellationToken);
        }
        catch (QueryFailedException)
        {
            return;
        }
        Interlocked.Increment(ref _scans);
        var row = result.Rows[0];
        for (var i = 0; i < columns.Count; i++)
        {
            var bounds = columns[i].Bounds;
            var min = row[4 * i] is double low ? low : (double?)null;
            var max = row[(4 * i) + 1] is double high ? high : (double?)null;
            var nonFinite = Convert.ToInt64(row[(4 * i) + 2], CultureInfo.InvariantCulture);
            var offGrid = Convert.ToInt64(row[(4 * i) + 3], CultureInfo.InvariantCulture);
            var withinBounds = nonFinite == 0 && (min is null || (min >= bounds.Lower && max <= bounds.Upper));
            var scale = 1 / bounds.Granularity;
            // Where the clamp acts it yields a bound, so the bounds must be whole steps too.
            var onGrid = scale >= 1 && offGrid == 0
                && (withinBounds || (IsWhole(bounds.Lower * scale) && IsWhole(bounds.Upper * scale)));
            Remember(_profiles, columns[i].Key, new ValueProfile(withinBounds, onGrid));
        }
    }

    private static bool IsWhole(double value) => double.IsFinite(value) && Math.Floor(value) == value;

    private static void Remember<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }
        cache[key] = value;
    }

    private static string Identity(GrantedRelation relation)
    {
        var file = new FileInfo(Path.GetFullPath(relation.ParquetPath));
        return string.Create(CultureInfo.InvariantCulture,
            $"{relation.VersionId}\u001f{file.FullName}\u001f{file.Length}\u001f{file.LastWriteTimeUtc.Ticks}");
    }
}
