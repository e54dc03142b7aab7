using System.Globalization;
using System.Text;
using Agora.Data.Files;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Querying;

/// <summary>
/// Rewrites an <see cref="AggregateQuery"/> into the SQL that DuckDB runs: for DP, per-unit bounded contributions
/// (values clamped to public bounds and turned into integers, at most L rows per unit and group, at most G groups per
/// unit, chosen deterministically from the unit's own rows) aggregated per group; for SDC, exact aggregates with the
/// contributor counts and largest contributions the rules need. Only expressions that passed <see cref="SqlChecker"/> and
/// were re-rendered by DuckDB are embedded; everything else is generated here.
/// </summary>
internal static class AggregateSql
{
    public static string Relation(AggregateQuery query) =>
        DuckDbSql.Identifier(query.Relation) + (query.RelationAlias is null ? "" : " AS " + DuckDbSql.Identifier(query.RelationAlias));

    /// <summary>The value column <c>__x{j}</c> each DP aggregate reads (null for COUNT(*)): the column as a DOUBLE (TRY_CAST,
    /// so a non-numeric value becomes NULL instead of a data-dependent error), or 1/NULL for COUNT(column).</summary>
    public static string? DpInput(AggregateCall call) => call.Kind switch
    {
        DpAggregateKind.CountRows => null,
        DpAggregateKind.CountValues => $"CASE WHEN {call.ColumnSql} IS NULL THEN NULL ELSE 1 END",
        _ => $"TRY_CAST({call.ColumnSql} AS DOUBLE)",
    };

    // CASE is cheaper than greatest/least in DuckDB; NaN sorts above every number, so it becomes the upper bound.
    private static string Clamped(string x, ValueBounds bounds) =>
        $"(CASE WHEN {x} < {N(bounds.Lower)} THEN {N(bounds.Lower)} WHEN {x} > {N(bounds.Upper)} THEN {N(bounds.Upper)} ELSE {x} END)";

    /// <summary>The clamped value (the clamp left out when the version's values are known to lie within the bounds), less
    /// the offset.</summary>
    private static string Centred(string x, ValueBounds bounds, ValueProfile? profile)
    {
        var clamped = profile?.WithinBounds == true ? x : Clamped(x, bounds);
        return bounds.Offset == 0 ? clamped : $"({clamped} - {N(bounds.Offset)})";
    }

    /// <summary>The sum of whole steps of clamped values (<see cref="ValueBounds.Quantise"/>) over a group, held in a DOUBLE:
    /// every partial sum of steps is an integer below 2^53, so sums are exact whatever order DuckDB adds in (checked after
    /// the query). When the version's values are known to be whole steps already (<see cref="ValueProfile.OnGrid"/>),
    /// rounding is the identity and the power-of-two scale is applied once to the exact sum instead of to every row.</summary>
    private static string StepSum(string x, ValueBounds bounds, ValueProfile? profile) => profile?.OnGrid == true
        ? $"(sum({Centred(x, bounds, profile)}) * {N(1 / bounds.Granularity)})"
        : $"sum(round({Centred(x, bounds, profile)} * {N(1 / bounds.Granularity)}))";

    private static string Bin(string x, ValueBounds bounds, ValueProfile? profile) => string.Create(CultureInfo.InvariantCulture,
        $"CAST(least({DpReleasePlan.QuantileGridCells - 1}, floor(({(profile?.WithinBounds == true ? x : Clamped(x, bounds))} - {N(bounds.Lower)}) * {N(DpReleasePlan.QuantileGridCells / (bounds.Upper - bounds.Lower))})) AS INTEGER)");

    /// <summary>
    /// The CTEs that end in <c>__bounded</c>, and the per-group statistics query over it: keys <c>__k{i}</c>, then
    /// <c>__units</c>, <c>__rows</c>, and for each aggregate other than COUNT(*) and quantiles a count and a step sum.
    /// Rows of one unit: grouped per (unit, group) with hash aggregates; each unit keeps at most G groups (the ones with the
    /// smallest key hash, so the choice depends only on the unit's own rows) and contributes at most L rows' worth: counts
    /// capped at L, sums clamped to L × the bounds, means as L × the unit's own mean, quantiles through the unit's mean.
    /// <paramref name="profiles"/> (per aggregate) lets clamping or rounding be left out where they are proven to change
    /// nothing; a unique unit column (<paramref name="unitProfile"/>) makes per-unit bounding the identity, so the single-scan
    /// form is used, still without rows whose unit is NULL (the filter is left out only when the version has none).
    /// </summary>
    public static (string Statistics, IReadOnlyList<string?> QuantileBins) Dp(AggregateQuery query, GrantedRelation relation,
        IReadOnlyList<ValueBounds?> bounds, IReadOnlyList<ValueProfile?>? profiles = null, UnitProfile? unitProfile = null)
    {
        var keys = Enumerable.Range(0, query.Keys.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"__k{i}")).ToList();
        var declaredUnit = relation.Privacy.PrivacyUnitColumn;
        var unit = unitProfile?.Unique == true ? null : declaredUnit;
        ValueProfile? ProfileOf(int j) => profiles?[j];
        var projection = new List<string>();
        if (unit is not null)
        {
            projection.Add($"{DuckDbSql.Identifier(unit)} AS __unit");
        }
        projection.AddRange(query.Keys.Select((k, i) => $"{k.Sql} AS {keys[i]}"));
        for (var j = 0; j < query.Aggregates.Count; j++)
        {
            if (DpInput(query.Aggregates[j]) is { } input)
            {
                projection.Add(string.Create(CultureInfo.InvariantCulture, $"{input} AS __x{j}"));
            }
        }
        if (projection.Count == 0)
        {
            projection.Add("1 AS __one");
        }
        var filters = new List<string>();
        if (query.WhereSql is not null)
        {
            filters.Add($"({query.WhereSql})");
        }
        if (declaredUnit is not null && unitProfile?.HasNulls != false)
        {
            filters.Add($"{DuckDbSql.Identifier(declaredUnit)} IS NOT NULL");
        }
        var where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
        var rows = $"__rows AS (SELECT {string.Join(", ", projection)} FROM {Relation(query)}{where})";
        var groupBy = keys.Count == 0 ? "" : " GROUP BY " + string.Join(", ", keys);
        var bins = new string?[query.Aggregates.Count];

        if (unit is null)
        {
            // Every row is its own unit: no bounding needed, one scan.
            var columns = new List<string>(keys) { "count(*) AS __units", "count(*) AS __rows" };
            for (var j = 0; j < query.Aggregates.Count; j++)
            {
                var call = query.Aggregates[j];
                var x = string.Create(CultureInfo.InvariantCulture, $"__x{j}");
                switch (call.Kind)
                {
                    case DpAggregateKind.CountValues:
                        columns.Add($"count({x}), 0");
                        break;
                    case DpAggregateKind.Sum or DpAggregateKind.Mean:
                        columns.Add($"count({x}), {StepSum(x, bounds[j]!, ProfileOf(j))}");
                        break;
                    case DpAggregateKind.Quantile:
                        bins[j] = $"WITH {rows} SELECT {string.Join(", ", keys.Append(Bin(x, bounds[j]!, ProfileOf(j))))}, count(*) FROM __rows WHERE {x} IS NOT NULL GROUP BY ALL";
                        break;
                }
            }
            return ($"WITH {rows} SELECT {string.Join(", ", columns)} FROM __rows{groupBy}", bins);
        }

        var contribution = relation.Privacy.Contribution;
        var rowsPerGroup = contribution.MaxRowsPerGroup.ToString(CultureInfo.InvariantCulture);
        var perUnitColumns = new List<string>(keys.Prepend("__unit")) { "count(*) AS __r" };
        var boundedColumns = new List<string>(keys.Prepend("__unit")) { $"least(__r, {rowsPerGroup}) AS __r" };
        var statistics = new List<string>(keys) { "count(*) AS __units", "sum(__r) AS __rows" };
        for (var j = 0; j < query.Aggregates.Count; j++)
        {
            var call = query.Aggregates[j];
            var x = string.Create(CultureInfo.InvariantCulture, $"__x{j}");
            var n = string.Create(CultureInfo.InvariantCulture, $"__n{j}");
            var sum = string.Create(CultureInfo.InvariantCulture, $"__s{j}");
            var capped = $"least({n}, {rowsPerGroup})";
            switch (call.Kind)
            {
                case DpAggregateKind.CountValues:
                    perUnitColumns.Add($"count({x}) AS {n}");
                    boundedColumns.Add($"{capped} AS {n}");
                    statistics.Add($"sum({n}), 0");
                    break;
                case DpAggregateKind.Sum:
                    var (low, high) = bounds[j]!.StepRange;
                    perUnitColumns.Add($"count({x}) AS {n}, {StepSum(x, bounds[j]!, ProfileOf(j))} AS {sum}");
                    boundedColumns.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{capped} AS {n}, greatest({capped} * {low}, least({capped} * {high}, {sum})) AS {sum}"));
                    statistics.Add($"sum({n}), sum({sum})");
                    break;
                case DpAggregateKind.Mean:
                    perUnitColumns.Add($"count({x}) AS {n}, {StepSum(x, bounds[j]!, ProfileOf(j))} AS {sum}");
                    boundedColumns.Add($"{capped} AS {n}, round({sum} / {n} * {capped}) AS {sum}");
                    statistics.Add($"sum({n}), sum({sum})");
                    break;
                case DpAggregateKind.Quantile:
                    perUnitColumns.Add($"avg({(ProfileOf(j)?.WithinBounds == true ? x : Clamped(x, bounds[j]!))}) AS {sum}");
                    // A floating-point mean can fall a hair outside the bounds, so its bin is always clamped.
                    boundedColumns.Add($"{Bin(sum, bounds[j]!, null)} AS {sum}");
                    break;
            }
        }
        var perUnit = $"__per_unit AS (SELECT {string.Join(", ", perUnitColumns)} FROM __rows GROUP BY {string.Join(", ", keys.Prepend("__unit"))})";
        string chosen;
        if (keys.Count == 0)
        {
            chosen = "__chosen AS (SELECT * FROM __per_unit)";
        }
        else if (contribution.MaxGroupsPerUnit == 1)
        {
            // Each unit's group is the one whose key has the smallest hash: one aggregate picks that key per unit (exactly one,
            // even if two keys share a hash), and a hash join takes the unit's statistics of exactly that group, so every
            // column comes from the same group. No sort; much cheaper than one arg_min per column.
            var chosenKey = keys.Count == 1
                ? "__k0"
                : $"{{{string.Join(", ", keys.Select(k => $"'{k}': {k}"))}}}";
            var match = keys.Count == 1
                ? "p.__k0 IS NOT DISTINCT FROM f.__key"
                : string.Join(" AND ", keys.Select(k => $"p.{k} IS NOT DISTINCT FROM f.__key.{k}"));
            chosen = $"__first AS (SELECT __unit, arg_min_null({chosenKey}, hash({string.Join(", ", keys)})) AS __key FROM __per_unit GROUP BY __unit), "
                + $"__chosen AS (SELECT p.* FROM __per_unit AS p JOIN __first AS f ON p.__unit = f.__unit AND {match})";
        }
        else
        {
            chosen = string.Create(CultureInfo.InvariantCulture,
                $"__chosen AS (SELECT * FROM __per_unit QUALIFY row_number() OVER (PARTITION BY __unit ORDER BY hash({string.Join(", ", keys)}), {string.Join(", ", keys)}) <= {contribution.MaxGroupsPerUnit})");
        }
        var boundedCte = $"__bounded AS (SELECT {string.Join(", ", boundedColumns)} FROM __chosen)";
        var prefix = $"WITH {rows}, {perUnit}, {chosen}, {boundedCte}";
        for (var j = 0; j < query.Aggregates.Count; j++)
        {
            if (query.Aggregates[j].Kind == DpAggregateKind.Quantile)
            {
                var column = string.Create(CultureInfo.InvariantCulture, $"__s{j}");
                bins[j] = $"{prefix} SELECT {string.Join(", ", keys.Append(column))}, count(*) FROM __bounded WHERE {column} IS NOT NULL GROUP BY ALL";
            }
        }
        return ($"{prefix} SELECT {string.Join(", ", statistics)} FROM __bounded{groupBy}", bins);
    }

    /// <summary>Exact aggregates with contributor counts for SDC: keys, __contributors, then per aggregate value, contributors,
    /// total, top contributions, negative flag.</summary>
    public static string Disclosure(AggregateQuery query, GrantedRelation relation, int largestCount)
    {
        var unit = relation.Privacy.PrivacyUnitColumn;
        var select = new StringBuilder(unit is null ? "row_number() OVER () AS __unit" : $"{DuckDbSql.Identifier(unit)} AS __unit");
        for (var i = 0; i < query.Keys.Count; i++)
        {
            select.Append(CultureInfo.InvariantCulture, $", {query.Keys[i].Sql} AS __k{i}");
        }
        for (var j = 0; j < query.Aggregates.Count; j++)
        {
            var call = query.Aggregates[j];
            var value = call.Kind switch
            {
                DpAggregateKind.CountRows => "1",
                DpAggregateKind.CountValues => $"CASE WHEN {call.ColumnSql} IS NULL THEN NULL ELSE 1 END",
                _ => $"TRY_CAST({call.ColumnSql} AS DOUBLE)",
            };
            select.Append(CultureInfo.InvariantCulture, $", {value} AS __x{j}");
        }
        var where = query.WhereSql is null ? "" : $" WHERE ({query.WhereSql})";
        var keys = Enumerable.Range(0, query.Keys.Count).Select(i => $"__k{i}").ToList();
        var perUnitColumns = string.Join(", ", Enumerable.Range(0, query.Aggregates.Count).Select(j => $"sum(__x{j}) AS __u{j}"));
        var perUnit = $"__per_unit AS (SELECT __unit, {string.Join(", ", keys.Append(perUnitColumns))} FROM __rows GROUP BY {string.Join(", ", keys.Prepend("__unit"))})";
        var cellColumns = new List<string>(keys) { "count(DISTINCT __unit) AS __contributors" };
        var unitColumns = new List<string>(keys);
        for (var j = 0; j < query.Aggregates.Count; j++)
        {
            var call = query.Aggregates[j];
            var value = call.Kind switch
            {
                DpAggregateKind.CountRows => "count(*)",
                DpAggregateKind.CountValues => $"count(__x{j})",
                DpAggregateKind.Sum => $"sum(__x{j})",
                DpAggregateKind.Mean => $"avg(__x{j})",
                DpAggregateKind.Quantile => string.Create(CultureInfo.InvariantCulture,
                    $"{(call.Function.StartsWith("QUANTILE_DISC", StringComparison.Ordinal) ? "quantile_disc" : "quantile_cont")}(__x{j}, {N(call.QuantileLevel)})"),
                _ => throw new InvalidOperationException(),
            };
            cellColumns.Add(string.Create(CultureInfo.InvariantCulture, $"{value} AS __value{j}, count(DISTINCT CASE WHEN __x{j} IS NOT NULL THEN __unit END) AS __c{j}"));
            unitColumns.Add(string.Create(CultureInfo.InvariantCulture,
                $"sum(__u{j}) AS __t{j}, max(__u{j}, {largestCount}) AS __top{j}, coalesce(bool_or(__u{j} < 0), false) AS __neg{j}"));
        }
        var groupBy = keys.Count == 0 ? "" : " GROUP BY " + string.Join(", ", keys);
        var keyJoin = keys.Count == 0 ? "ON true" : "ON " + string.Join(" AND ", keys.Select(k => $"c.{k} IS NOT DISTINCT FROM u.{k}"));
        var output = keys.Select(k => $"c.{k}").Append("c.__contributors").Concat(Enumerable.Range(0, query.Aggregates.Count).SelectMany(j =>
            new[] { $"c.__value{j}", $"c.__c{j}", $"u.__t{j}", $"u.__top{j}", $"u.__neg{j}" }.Select(c => c.ToString(CultureInfo.InvariantCulture))));
        return $"WITH __rows AS (SELECT {select} FROM {Relation(query)}{where}), {perUnit}, "
            + $"__cells AS (SELECT {string.Join(", ", cellColumns)} FROM __rows{groupBy}), "
            + $"__units AS (SELECT {string.Join(", ", unitColumns)} FROM __per_unit{groupBy}) "
            + $"SELECT {string.Join(", ", output)} FROM __cells AS c JOIN __units AS u {keyJoin}";
    }

    private static string N(double value) => DuckDbSql.Number(value);
}
