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

    // CASE is cheaper than greatest/least in DuckDB; NaN sorts above every number, so it becomes the upper bound.
    public static string Clamped(string column, ValueBounds bounds) =>
        $"(CASE WHEN TRY_CAST({column} AS DOUBLE) < {N(bounds.Lower)} THEN {N(bounds.Lower)} WHEN TRY_CAST({column} AS DOUBLE) > {N(bounds.Upper)} THEN {N(bounds.Upper)} ELSE TRY_CAST({column} AS DOUBLE) END)";

    /// <summary>The per-row value each DP aggregate needs, as SQL (null for COUNT(*)). Sums and means use whole steps
    /// (<see cref="ValueBounds.Quantise"/>) held in a DOUBLE: every partial sum is an integer below 2^53, so the sum is exact
    /// whatever order DuckDB adds in (checked after the query).</summary>
    public static string? DpValue(AggregateCall call, ValueBounds? bounds) => call.Kind switch
    {
        DpAggregateKind.CountRows => null,
        DpAggregateKind.CountValues => $"CASE WHEN {call.ColumnSql} IS NULL THEN NULL ELSE 1 END",
        DpAggregateKind.Sum or DpAggregateKind.Mean => bounds!.Offset == 0
            ? $"round({Clamped(call.ColumnSql!, bounds)} * {N(1 / bounds.Granularity)})"
            : $"round(({Clamped(call.ColumnSql!, bounds)} - {N(bounds.Offset)}) * {N(1 / bounds.Granularity)})",
        DpAggregateKind.Quantile => string.Create(CultureInfo.InvariantCulture,
            $"CAST(least({DpReleasePlan.QuantileGridCells - 1}, floor(({Clamped(call.ColumnSql!, bounds!)} - {N(bounds!.Lower)}) * {N(DpReleasePlan.QuantileGridCells / (bounds.Upper - bounds.Lower))})) AS INTEGER)"),
        _ => throw new ArgumentOutOfRangeException(nameof(call)),
    };

    /// <summary>The CTEs that produce <c>__bounded</c>: one row per kept (unit, group, row) with keys <c>__k{i}</c> and values
    /// <c>__v{j}</c>.</summary>
    public static string BoundedRows(AggregateQuery query, GrantedRelation relation, IReadOnlyList<string?> values, ContributionBounds contribution)
    {
        var keys = Enumerable.Range(0, query.Keys.Count).Select(i => $"__k{i}").ToList();
        var valueNames = Enumerable.Range(0, values.Count).Where(j => values[j] is not null).Select(j => $"__v{j}").ToList();
        var select = new StringBuilder();
        var unit = relation.Privacy.PrivacyUnitColumn;
        select.Append(unit is null ? "NULL AS __unit" : $"{DuckDbSql.Identifier(unit)} AS __unit");
        for (var i = 0; i < query.Keys.Count; i++)
        {
            select.Append(CultureInfo.InvariantCulture, $", {query.Keys[i].Sql} AS __k{i}");
        }
        for (var j = 0; j < values.Count; j++)
        {
            if (values[j] is { } value)
            {
                select.Append(CultureInfo.InvariantCulture, $", {value} AS __v{j}");
            }
        }
        var filters = new List<string>();
        if (query.WhereSql is not null)
        {
            filters.Add($"({query.WhereSql})");
        }
        if (unit is not null)
        {
            filters.Add($"{DuckDbSql.Identifier(unit)} IS NOT NULL");
        }
        var where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
        var rows = $"__rows AS (SELECT {select} FROM {Relation(query)}{where})";
        if (unit is null)
        {
            // Every row is its own unit: one row per unit and group already holds.
            return $"WITH {rows}, __bounded AS (SELECT * FROM __rows)";
        }
        var partition = string.Join(", ", keys.Prepend("__unit"));
        var rowOrder = valueNames.Count == 0 ? "" : $" ORDER BY hash({string.Join(", ", valueNames)}), {string.Join(", ", valueNames)}";
        var limited = string.Create(CultureInfo.InvariantCulture,
            $"__limited AS (SELECT * FROM __rows QUALIFY row_number() OVER (PARTITION BY {partition}{rowOrder}) <= {contribution.MaxRowsPerGroup})");
        if (keys.Count == 0)
        {
            return $"WITH {rows}, {limited}, __bounded AS (SELECT * FROM __limited)";
        }
        var keyList = string.Join(", ", keys);
        var groups = string.Create(CultureInfo.InvariantCulture,
            $"__groups AS (SELECT __unit, {keyList} FROM (SELECT DISTINCT __unit, {keyList} FROM __limited) QUALIFY row_number() OVER (PARTITION BY __unit ORDER BY hash({keyList}), {keyList}) <= {contribution.MaxGroupsPerUnit})");
        var join = string.Join(" AND ", keys.Select(k => $"l.{k} IS NOT DISTINCT FROM g.{k}").Prepend("l.__unit = g.__unit"));
        return $"WITH {rows}, {limited}, {groups}, __bounded AS (SELECT l.* FROM __limited AS l JOIN __groups AS g ON {join})";
    }

    /// <summary>Per-group statistics from <c>__bounded</c>.</summary>
    public static string DpStatistics(AggregateQuery query, GrantedRelation relation, IReadOnlyList<string?> values)
    {
        var keys = Enumerable.Range(0, query.Keys.Count).Select(i => $"__k{i}").ToList();
        var columns = new List<string>(keys)
        {
            relation.Privacy.PrivacyUnitColumn is null ? "count(*) AS __units" : "count(DISTINCT __unit) AS __units",
            "count(*) AS __rows",
        };
        for (var j = 0; j < values.Count; j++)
        {
            if (values[j] is not null && query.Aggregates[j].Kind != DpAggregateKind.Quantile)
            {
                columns.Add(string.Create(CultureInfo.InvariantCulture, $"count(__v{j}) AS __n{j}, sum(__v{j}) AS __s{j}"));
            }
        }
        var groupBy = keys.Count == 0 ? "" : " GROUP BY " + string.Join(", ", keys);
        return $"SELECT {string.Join(", ", columns)} FROM __bounded{groupBy}";
    }

    /// <summary>Grid counts for quantile <paramref name="index"/>: keys, cell, count.</summary>
    public static string QuantileBins(AggregateQuery query, int index)
    {
        var keys = Enumerable.Range(0, query.Keys.Count).Select(i => $"__k{i}").ToList();
        var select = string.Join(", ", keys.Append(string.Create(CultureInfo.InvariantCulture, $"__v{index}")).Append("count(*)"));
        var groupBy = string.Join(", ", keys.Append(string.Create(CultureInfo.InvariantCulture, $"__v{index}")));
        return string.Create(CultureInfo.InvariantCulture, $"SELECT {select} FROM __bounded WHERE __v{index} IS NOT NULL GROUP BY {groupBy}");
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
