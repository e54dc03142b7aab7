using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Agora.Data.Files;
using Agora.Privacy.Disclosure;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Querying;

/// <summary>A consumer's query with what it may read and how its output must be protected.</summary>
/// <param name="Sql">The SQL text.</param>
/// <param name="Relations">The granted relations (by name, with their files and privacy metadata).</param>
/// <param name="Protection">The output control the agreement demands.</param>
public sealed record QueryRequest(string Sql, IReadOnlyList<GrantedRelation> Relations, OutputProtection Protection)
{
    /// <summary>Who shares cached answers: empty means every consumer of the same data gets the same answer for the same
    /// query (strongest against collusion); the platform may scope it to an agreement.</summary>
    public string CacheScope { get; init; } = "";
}

/// <summary>A checked and planned query: its cost is known before anything runs.</summary>
/// <param name="Request">The request.</param>
/// <param name="Checked">The checked syntax tree.</param>
/// <param name="Plan">The DP noise plan (DP only).</param>
/// <param name="Cost">The privacy loss one run costs (zero when not DP).</param>
/// <param name="CacheKey">SHA-256 of the canonical query, data versions, privacy metadata, parameters and scope.</param>
public sealed record PreparedQuery(QueryRequest Request, CheckedQuery Checked, DpReleasePlan? Plan, PrivacyCost Cost, string CacheKey)
{
    /// <summary>Plain words on how the output will be protected, to show before running.</summary>
    public IReadOnlyList<string> Explanation => Plan?.Explanation ?? [];
}

/// <summary>
/// The compute-to-data engine: checks a query (<see cref="SqlChecker"/>), plans its protection, and runs it in a
/// <see cref="QuerySandbox"/>: differentially private aggregates (noise from exact samplers, cost charged through an
/// <see cref="IPrivacyBudgetGate"/> before running, identical queries answered from the <see cref="IQueryAnswerCache"/> at
/// no cost), aggregates checked by disclosure control rules, or row-level output where the agreement allows it.
/// </summary>
public sealed class ControlledQueryEngine
{
    private readonly IQueryAnswerCache _cache;
    private readonly IRandomSource _random;
    private readonly SandboxLimits _limits;
    private readonly SqlChecker _checker;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _keyLocks = new(StringComparer.Ordinal);
    private readonly VersionFacts _facts = new();
    private readonly SandboxPool _sandboxes = SandboxPool.Shared;

    /// <summary>Creates the engine.</summary>
    public ControlledQueryEngine(IQueryAnswerCache? cache = null, IRandomSource? random = null, SandboxLimits? limits = null, DuckDbSqlParser? parser = null)
    {
        _cache = cache ?? new InMemoryQueryAnswerCache();
        _random = random ?? SecureRandomSource.Instance;
        _limits = limits ?? new SandboxLimits();
        _checker = new SqlChecker(parser);
    }

    /// <summary>Checks the query and plans its protection.</summary>
    /// <exception cref="QueryRefusedException">A rule is broken; nothing ran and nothing was charged.</exception>
    public PreparedQuery Prepare(QueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var level = request.Protection is RowLevelAccess ? QueryOutputLevel.RowLevel : QueryOutputLevel.AggregatesOnly;
        var checkedQuery = _checker.Check(request.Sql, request.Relations.Select(r => r.Name), level);
        DpReleasePlan? plan = null;
        var cost = PrivacyCost.None(PrivacyMeasure.PureDp);
        if (request.Protection is DifferentialPrivacyProtection dp)
        {
            var relation = RelationOf(request, checkedQuery.Aggregate!);
            var specs = checkedQuery.Aggregate!.Aggregates.Select(a => new DpAggregateSpec(a.Kind, a.Column,
                a.Column is null ? null : relation.Privacy.Bounds.GetValueOrDefault(a.Column), a.QuantileLevel)).ToList();
            foreach (var (spec, call) in specs.Zip(checkedQuery.Aggregate.Aggregates))
            {
                if (spec.Kind is DpAggregateKind.Sum or DpAggregateKind.Mean or DpAggregateKind.Quantile && spec.Bounds is null)
                {
                    throw new QueryRefusedException(QueryRules.PrivacyMetadata,
                        $"{call.Function} needs public bounds for column '{call.Column}', and the provider declared none; only COUNT is possible on it.");
                }
            }
            var keysArePublic = PublicKeyLists(checkedQuery.Aggregate, relation) is not null;
            try
            {
                plan = DpReleasePlan.Create(specs, relation.Privacy.Contribution, new GroupKeyRelease(keysArePublic, dp.MinimumUnitsPerGroup),
                    dp.QueryBudget, _random);
            }
            catch (ArgumentException e)
            {
                throw new QueryRefusedException(QueryRules.PrivacyMetadata, e.Message);
            }
            cost = plan.Cost;
        }
        return new PreparedQuery(request, checkedQuery, plan, cost, CacheKey(request, checkedQuery));
    }

    /// <summary>Runs a prepared query. DP queries are answered from the cache when possible (no cost); otherwise the cost is
    /// charged through <paramref name="budget"/> first, and refunded only if the query fails before reading data.</summary>
    /// <exception cref="QueryRefusedException">The budget does not allow the query.</exception>
    /// <exception cref="QueryFailedException">The query failed while running.</exception>
    public async Task<QueryResult> RunAsync(PreparedQuery prepared, IPrivacyBudgetGate? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        switch (prepared.Request.Protection)
        {
            case RowLevelAccess:
                return await RunRowLevelAsync(prepared, cancellationToken);
            case DisclosureControlProtection sdc:
                return await RunDisclosureControlledAsync(prepared, sdc.Rules, cancellationToken);
            case DifferentialPrivacyProtection:
                if (budget is null)
                {
                    throw new ArgumentNullException(nameof(budget), "A differentially private query needs a budget to charge.");
                }
                // One run per key at a time: a concurrent identical query waits and then gets the cached answer.
                var keyLock = _keyLocks.GetOrAdd(prepared.CacheKey, _ => new SemaphoreSlim(1, 1));
                await keyLock.WaitAsync(cancellationToken);
                try
                {
                    if (_cache.TryGet(prepared.CacheKey, out var cached))
                    {
                        return cached with { FromCache = true, Cost = PrivacyCost.None(prepared.Cost.Measure) };
                    }
                    var chargeId = Guid.NewGuid().ToString("N");
                    var decision = budget.TryCharge(chargeId, prepared.Cost);
                    if (!decision.Accepted)
                    {
                        throw new QueryRefusedException(QueryRules.PrivacyBudget, decision.Explanation);
                    }
                    QueryResult result;
                    try
                    {
                        result = await RunDifferentiallyPrivateAsync(prepared, chargeId, budget, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        budget.Refund(chargeId);
                        throw;
                    }
                    _cache.Store(prepared.CacheKey, result);
                    return result;
                }
                finally
                {
                    keyLock.Release();
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(prepared), "Unknown output protection.");
        }
    }

    private async Task<QueryResult> RunRowLevelAsync(PreparedQuery prepared, CancellationToken cancellationToken)
    {
        using var sandbox = QuerySandbox.Open(prepared.Request.Relations, _limits);
        var rows = await sandbox.QueryAsync(prepared.Request.Sql, cancellationToken);
        var notes = rows.Truncated
            ? new[] { string.Create(CultureInfo.InvariantCulture, $"Only the first {_limits.MaxRows} rows are returned.") }
            : [];
        return new QueryResult(rows.Columns.Select(c => new ResultColumn(c, false)).ToList(),
            rows.Rows.Select(r => (IReadOnlyList<ResultCell>)r.Select(v => new ResultCell(v)).ToList()).ToList(),
            QueryProtectionKind.RowLevel, ReleaseStatus.Released) { Notes = notes };
    }

    private async Task<QueryResult> RunDifferentiallyPrivateAsync(PreparedQuery prepared, string chargeId, IPrivacyBudgetGate budget,
        CancellationToken cancellationToken)
    {
        var query = prepared.Checked.Aggregate!;
        var plan = prepared.Plan!;
        var relation = RelationOf(prepared.Request, query);
        var bounds = query.Aggregates.Select(a => a.Column is null ? null : relation.Privacy.Bounds.GetValueOrDefault(a.Column)).ToList();
        var publicKeys = PublicKeyLists(query, relation);

        SandboxLease lease;
        try
        {
            lease = _sandboxes.Rent(prepared.Request.Relations, _limits);
        }
        catch (QueryFailedException)
        {
            // Nothing was read: give the budget back.
            budget.Refund(chargeId);
            throw;
        }
        using (lease)
        {
            var sandbox = lease.Sandbox;
            SandboxResult statistics;
            var bins = new Dictionary<int, Dictionary<string, long[]>>();
            try
            {
                // Facts proven once per version let the SQL leave out clamping, rounding or per-unit bounding where they
                // change nothing; the released statistics are the same either way.
                var profiles = await _facts.ProfilesAsync(sandbox, relation, query, bounds, cancellationToken);
                var unitProfile = relation.Privacy.PrivacyUnitColumn is { } unit
                    ? await _facts.UnitAsync(sandbox, relation, unit, cancellationToken)
                    : null;
                // Keys are matched to the public lists by their text form after the query and groups outside the lists are
                // dropped: a scan-time filter would cost time and changes nothing for privacy.
                var (statisticsSql, binsSql) = AggregateSql.Dp(query, relation, bounds, profiles, unitProfile);
                statistics = await sandbox.QueryAsync(statisticsSql, cancellationToken);
                for (var j = 0; j < query.Aggregates.Count; j++)
                {
                    if (binsSql[j] is not { } sql)
                    {
                        continue;
                    }
                    var result = await sandbox.QueryAsync(sql, cancellationToken);
                    var perGroup = new Dictionary<string, long[]>(StringComparer.Ordinal);
                    foreach (var row in result.Rows)
                    {
                        var key = KeyOf(row, query.Keys.Count);
                        if (!perGroup.TryGetValue(key, out var grid))
                        {
                            perGroup[key] = grid = new long[DpReleasePlan.QuantileGridCells];
                        }
                        grid[(int)ToLong(row[query.Keys.Count])] += ToLong(row[query.Keys.Count + 1]);
                    }
                    bins[j] = perGroup;
                }
                lease.KeepForReuse();
            }
            catch (QueryFailedException e) when (e.InnerException is DuckDB.NET.Data.DuckDBException inner
                && (inner.Message.StartsWith("Parser Error", StringComparison.Ordinal) || inner.Message.StartsWith("Binder Error", StringComparison.Ordinal)))
            {
                // Parsing and binding happen before any row is read, so the failure says nothing about the data.
                budget.Refund(chargeId);
                throw;
            }
            catch (QueryFailedException e)
            {
                // The failure may depend on the data (a value that does not convert, a time limit), so the budget stays
                // spent: refunding would let a consumer learn about the data for free.
                throw new QueryFailedException($"{e.Message} The privacy budget of this query stays spent, because a failure can depend on the data.", e);
            }

            var groups = new Dictionary<string, (object?[] Keys, DpGroupStatistics Statistics)>(StringComparer.Ordinal);
            foreach (var row in statistics.Rows)
            {
                var keyValues = row.Take(query.Keys.Count).ToArray();
                var key = KeyOf(row, query.Keys.Count);
                groups[key] = (keyValues, Statistics(row, query, bins, key));
            }
            var candidates = new List<(object?[] Keys, DpGroupStatistics Statistics)>();
            if (publicKeys is not null)
            {
                foreach (var combination in Combinations(publicKeys))
                {
                    var key = KeyOf(combination, combination.Length);
                    candidates.Add(groups.TryGetValue(key, out var found) ? found : (combination, Empty(query)));
                }
            }
            else
            {
                candidates.AddRange(groups.Values);
            }
            var rows = new List<IReadOnlyList<ResultCell>>();
            foreach (var (keys, stats) in candidates)
            {
                if (!plan.SelectGroup(stats.Units))
                {
                    continue;
                }
                var released = plan.Release(stats);
                rows.Add(query.Outputs.Select(o => o.KeyIndex >= 0
                    ? new ResultCell(keys[o.KeyIndex])
                    : new ResultCell(released[o.AggregateIndex].Value, released[o.AggregateIndex].Accuracy)).ToList());
            }
            rows.Sort((a, b) => string.CompareOrdinal(SortKey(a, query), SortKey(b, query)));
            var notes = new List<string>(plan.Explanation);
            if (publicKeys is null && query.Keys.Count > 0)
            {
                notes.Add("Groups too small to be released safely are left out; how many is not shown, because that would leak.");
            }
            else if (query.Keys.Count > 0)
            {
                notes.Add("Group keys come from the provider's public list: every listed key is shown, even with no data.");
            }
            return new QueryResult(Columns(query), rows, QueryProtectionKind.DifferentialPrivacy, ReleaseStatus.Released)
            {
                Cost = prepared.Cost,
                Notes = notes,
            };
        }
    }

    private async Task<QueryResult> RunDisclosureControlledAsync(PreparedQuery prepared, DisclosureRules rules, CancellationToken cancellationToken)
    {
        var query = prepared.Checked.Aggregate!;
        var relation = RelationOf(prepared.Request, query);
        SandboxResult result;
        using (var lease = _sandboxes.Rent(prepared.Request.Relations, _limits))
        {
            result = await lease.Sandbox.QueryAsync(AggregateSql.Disclosure(query, relation, Math.Max(rules.DominanceN, 2)), cancellationToken);
            lease.KeepForReuse();
        }
        var keyCount = query.Keys.Count;
        var cells = new List<OutputCell>();
        var rows = new List<IReadOnlyList<ResultCell>>();
        foreach (var row in result.Rows)
        {
            var label = string.Join(", ", Enumerable.Range(0, keyCount).Select(i => $"{OutputNameOfKey(query, i)} = {Format(row[i])}"));
            var values = new object?[query.Aggregates.Count];
            for (var j = 0; j < query.Aggregates.Count; j++)
            {
                var offset = keyCount + 1 + (5 * j);
                var call = query.Aggregates[j];
                var contributors = ToLong(row[offset + 1]);
                var kind = call.Kind switch
                {
                    DpAggregateKind.CountRows or DpAggregateKind.CountValues => CellKind.Frequency,
                    DpAggregateKind.Sum or DpAggregateKind.Mean => CellKind.Magnitude,
                    _ => CellKind.Statistic,
                };
                var top = (row[offset + 3] as System.Collections.IEnumerable)?.Cast<object?>().Where(v => v is not null)
                    .Select(v => ToDouble(v)).ToList();
                var total = row[offset + 2] is null ? 0 : ToDouble(row[offset + 2]);
                var negative = row[offset + 4] is true;
                cells.Add(new OutputCell(label, call.Function, kind, contributors, total, top, negative));
                var value = row[offset];
                values[j] = kind == CellKind.Frequency && value is not null
                    ? DisclosureChecker.RoundCount(ToDouble(value), rules.RoundingBase)
                    : value;
            }
            rows.Add(query.Outputs.Select(o => new ResultCell(o.KeyIndex >= 0 ? row[o.KeyIndex] : values[o.AggregateIndex])).ToList());
        }
        rows.Sort((a, b) => string.CompareOrdinal(SortKey(a, query), SortKey(b, query)));
        var report = DisclosureChecker.Check(cells, rules);
        var notes = new List<string> { report.Summary };
        if (rules.RoundingBase > 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Counts are rounded to the nearest multiple of {rules.RoundingBase}."));
        }
        return report.Passed
            ? new QueryResult(Columns(query), rows, QueryProtectionKind.DisclosureControl, ReleaseStatus.Released) { Disclosure = report, Notes = notes }
            : new QueryResult(Columns(query), [], QueryProtectionKind.DisclosureControl, ReleaseStatus.HeldForReview)
            {
                Disclosure = report,
                HeldRows = rows,
                Notes = notes,
            };
    }

    private static DpGroupStatistics Statistics(object?[] row, AggregateQuery query, Dictionary<int, Dictionary<string, long[]>> bins, string key)
    {
        var offset = query.Keys.Count;
        var units = ToLong(row[offset]);
        var rowCount = ToLong(row[offset + 1]);
        var column = offset + 2;
        var aggregates = new List<DpAggregateStatistics>();
        for (var j = 0; j < query.Aggregates.Count; j++)
        {
            if (query.Aggregates[j].Kind == DpAggregateKind.Quantile)
            {
                aggregates.Add(new DpAggregateStatistics(0, 0, bins[j].GetValueOrDefault(key) ?? new long[DpReleasePlan.QuantileGridCells]));
            }
            else if (query.Aggregates[j].Kind == DpAggregateKind.CountRows)
            {
                aggregates.Add(new DpAggregateStatistics(rowCount, 0));
            }
            else
            {
                var count = ToLong(row[column]);
                // Step sums are held in a DOUBLE; they are exact (whole numbers) while every partial sum stays below 2^53.
                if (row[column + 1] is double sum && (Math.Abs(sum) >= 9.0e15 || count >= 1L << 27))
                {
                    throw new QueryFailedException("A group has too many rows for an exact differentially private sum (more than 134 million).");
                }
                if (row[column + 1] is double steps && Math.Floor(steps) != steps)
                {
                    throw new InvalidOperationException("A step sum is not a whole number; the quantisation is broken.");
                }
                aggregates.Add(new DpAggregateStatistics(count, ToBigInteger(row[column + 1])));
                column += 2;
            }
        }
        return new DpGroupStatistics(units, rowCount, aggregates);
    }

    private static DpGroupStatistics Empty(AggregateQuery query) => new(0, 0,
        query.Aggregates.Select(a => new DpAggregateStatistics(0, 0, a.Kind == DpAggregateKind.Quantile ? new long[DpReleasePlan.QuantileGridCells] : null)).ToList());

    private static long ToLong(object? value) => (long)ToBigInteger(value);

    private static double ToDouble(object? value) => value switch
    {
        null => 0,
        BigInteger b => (double)b,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    private static BigInteger ToBigInteger(object? value) => value switch
    {
        null => BigInteger.Zero,
        BigInteger b => b,
        long l => l,
        int i => i,
        decimal d => new BigInteger(d),
        double d => new BigInteger(d),
        _ => BigInteger.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
    };

    private static List<ResultColumn> Columns(AggregateQuery query) => query.Outputs.Select(o => new ResultColumn(o.Name, o.KeyIndex >= 0)).ToList();

    private static string OutputNameOfKey(AggregateQuery query, int keyIndex) =>
        query.Outputs.FirstOrDefault(o => o.KeyIndex == keyIndex)?.Name ?? query.Keys[keyIndex].Column ?? query.Keys[keyIndex].Sql;

    private static string SortKey(IReadOnlyList<ResultCell> row, AggregateQuery query) =>
        string.Join("\u001f", query.Outputs.Select((o, i) => (o, i)).Where(x => x.o.KeyIndex >= 0).Select(x => Format(row[x.i].Value)));

    private static string KeyOf(IReadOnlyList<object?> row, int count) =>
        string.Join("\u001f", row.Take(count).Select(v => v is null ? "\u0000" : Format(v)));

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static IEnumerable<object?[]> Combinations(IReadOnlyList<IReadOnlyList<string>> lists)
    {
        IEnumerable<object?[]> result = [[]];
        foreach (var list in lists)
        {
            result = result.SelectMany(prefix => list.Select(value => prefix.Append(value).ToArray()));
        }
        return result;
    }

    /// <summary>The public key lists when every key is a bare column with one (or there are no keys), else null.</summary>
    private static List<IReadOnlyList<string>>? PublicKeyLists(AggregateQuery query, GrantedRelation relation)
    {
        var lists = new List<IReadOnlyList<string>>();
        foreach (var key in query.Keys)
        {
            if (key.Column is null || !relation.Privacy.PublicKeys.TryGetValue(key.Column, out var list))
            {
                return null;
            }
            lists.Add(list);
        }
        var cells = lists.Aggregate(1L, (product, list) => product * Math.Max(1, list.Count));
        if (cells > 10_000)
        {
            throw new QueryRefusedException(QueryRules.AggregatesOnly,
                string.Create(CultureInfo.InvariantCulture, $"The public keys of these columns make {cells} groups; at most 10,000 are released at once."));
        }
        return lists;
    }

    private static GrantedRelation RelationOf(QueryRequest request, AggregateQuery query) =>
        request.Relations.First(r => string.Equals(r.Name, query.Relation, StringComparison.OrdinalIgnoreCase));

    private static string CacheKey(QueryRequest request, CheckedQuery checkedQuery)
    {
        var relations = new JsonArray();
        foreach (var relation in request.Relations.Where(r => checkedQuery.RelationsRead.Contains(r.Name)).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
        {
            var privacy = relation.Privacy;
            relations.Add(new JsonObject
            {
                ["name"] = relation.Name.ToLowerInvariant(),
                ["version"] = relation.VersionId,
                ["unit"] = privacy.PrivacyUnitColumn,
                ["groups"] = privacy.Contribution.MaxGroupsPerUnit,
                ["rows"] = privacy.Contribution.MaxRowsPerGroup,
                ["bounds"] = new JsonArray([.. privacy.Bounds.OrderBy(b => b.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(b => (JsonNode)new JsonArray(b.Key.ToLowerInvariant(), b.Value.Lower, b.Value.Upper))]),
                ["keys"] = new JsonArray([.. privacy.PublicKeys.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(k => (JsonNode)new JsonArray([k.Key.ToLowerInvariant(), .. k.Value.Select(v => (JsonNode)v)]))]),
            });
        }
        var protection = request.Protection switch
        {
            DifferentialPrivacyProtection dp => new JsonObject
            {
                ["kind"] = "dp",
                ["measure"] = dp.QueryBudget.Measure.ToString(),
                ["epsilon"] = dp.QueryBudget.Epsilon,
                ["rho"] = dp.QueryBudget.Rho,
                ["delta"] = dp.QueryBudget.Delta,
                ["minimumUnits"] = dp.MinimumUnitsPerGroup,
            },
            DisclosureControlProtection => new JsonObject { ["kind"] = "sdc" },
            _ => new JsonObject { ["kind"] = "rows" },
        };
        var material = new JsonObject
        {
            ["tree"] = checkedQuery.CanonicalTree,
            ["relations"] = relations,
            ["protection"] = protection,
            ["scope"] = request.CacheScope,
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToJsonString())));
    }
}
