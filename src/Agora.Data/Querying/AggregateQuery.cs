using System.Globalization;
using System.Text.Json.Nodes;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Querying;

/// <summary>A grouping key of an aggregate query.</summary>
/// <param name="Sql">The key expression as SQL.</param>
/// <param name="Column">The column when the key is a bare column (public key lists apply only then).</param>
public sealed record AggregateKey(string Sql, string? Column);

/// <summary>One aggregate of an aggregate query.</summary>
/// <param name="Kind">What is computed.</param>
/// <param name="Column">The column aggregated (null for COUNT(*)).</param>
/// <param name="ColumnSql">The column reference as SQL (qualified as written).</param>
/// <param name="QuantileLevel">p for quantiles.</param>
/// <param name="Function">The SQL function as written, for messages.</param>
public sealed record AggregateCall(DpAggregateKind Kind, string? Column, string? ColumnSql, double QuantileLevel, string Function);

/// <summary>One output column: a key or an aggregate.</summary>
/// <param name="Name">The output name (alias, or the expression text).</param>
/// <param name="KeyIndex">Index into <see cref="AggregateQuery.Keys"/>, or −1.</param>
/// <param name="AggregateIndex">Index into <see cref="AggregateQuery.Aggregates"/>, or −1.</param>
public sealed record AggregateOutput(string Name, int KeyIndex, int AggregateIndex);

/// <summary>
/// The restricted form every aggregate-only query must have, so its output can be protected cell by cell:
/// <c>SELECT k₁, …, agg₁(col), … FROM relation [AS a] [WHERE row filter] [GROUP BY k₁, …]</c> with aggregates COUNT(*),
/// COUNT(col), SUM(col), AVG(col), MEDIAN(col), QUANTILE_CONT/QUANTILE_DISC/QUANTILE(col, p) over bare columns; one
/// relation, no joins, no subqueries, no DISTINCT, FILTER, HAVING, ORDER BY or LIMIT (sort the released result instead).
/// </summary>
public sealed record AggregateQuery(
    string Relation,
    string? RelationAlias,
    string? WhereSql,
    IReadOnlyList<AggregateKey> Keys,
    IReadOnlyList<AggregateCall> Aggregates,
    IReadOnlyList<AggregateOutput> Outputs)
{
    /// <summary>Extracts the restricted form from a checked statement.</summary>
    /// <exception cref="QueryRefusedException">The statement is not in the restricted form; the message says what to change.</exception>
    public static AggregateQuery From(JsonObject statement, DuckDbSqlParser parser)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(parser);
        var node = statement["node"]!.AsObject();
        if (node["cte_map"]?["map"]?.AsArray().Count > 0)
        {
            throw Refuse("WITH clauses are not allowed in aggregate queries; write one SELECT … FROM relation … GROUP BY ….");
        }
        if (node["modifiers"]?.AsArray().Count > 0)
        {
            throw Refuse("ORDER BY, LIMIT and DISTINCT are not allowed in aggregate queries; sort or trim the released result instead.");
        }
        if (node["having"] is JsonObject)
        {
            throw Refuse("HAVING is not allowed: it would filter on exact aggregates. Filter the released result instead.");
        }
        if (node["qualify"] is JsonObject)
        {
            throw Refuse("QUALIFY is not allowed in aggregate queries.");
        }
        var from = node["from_table"]!.AsObject();
        if (from["type"]?.GetValue<string>() != "BASE_TABLE")
        {
            throw Refuse("An aggregate query reads exactly one granted relation, without joins or subqueries.");
        }
        var relation = from["table_name"]!.GetValue<string>();
        var alias = from["alias"]?.GetValue<string>() is { Length: > 0 } a ? a : null;
        if (from["column_name_alias"]?.AsArray().Count > 0)
        {
            throw Refuse("Column aliases on the relation are not allowed in aggregate queries.");
        }
        string? where = null;
        if (node["where_clause"] is JsonObject whereClause)
        {
            RequireRowLevel(whereClause, "WHERE");
            where = parser.RenderExpression(whereClause);
        }
        if (node["aggregate_handling"]?.GetValue<string>() is { } handling && handling != "STANDARD_HANDLING")
        {
            throw Refuse("GROUP BY ALL is not allowed; list the grouping columns.");
        }
        var groupExpressions = node["group_expressions"]?.AsArray() ?? [];
        var groupSets = node["group_sets"]?.AsArray() ?? [];
        if (groupSets.Count > 1)
        {
            throw Refuse("GROUPING SETS, ROLLUP and CUBE are not allowed; send one query per grouping.");
        }
        var keys = new List<AggregateKey>();
        var keyTrees = new List<string>();
        foreach (var expression in groupExpressions)
        {
            var tree = expression!.AsObject();
            RequireRowLevel(tree, "GROUP BY");
            if (tree["class"]?.GetValue<string>() is "CONSTANT" or "POSITIONAL_REFERENCE")
            {
                throw Refuse("GROUP BY takes column names or expressions, not positions or constants.");
            }
            keys.Add(new AggregateKey(parser.RenderExpression(tree), BareColumn(tree)));
            keyTrees.Add(Canonical(tree));
        }
        var aggregates = new List<AggregateCall>();
        var outputs = new List<AggregateOutput>();
        foreach (var item in node["select_list"]!.AsArray())
        {
            var expression = item!.AsObject();
            var alias2 = expression["alias"]?.GetValue<string>() is { Length: > 0 } s ? s : null;
            var canonical = Canonical(expression);
            var keyIndex = keyTrees.IndexOf(canonical);
            if (keyIndex >= 0)
            {
                outputs.Add(new AggregateOutput(alias2 ?? keys[keyIndex].Column ?? keys[keyIndex].Sql, keyIndex, -1));
                continue;
            }
            var call = Aggregate(expression, parser);
            aggregates.Add(call);
            outputs.Add(new AggregateOutput(alias2 ?? call.Function, -1, aggregates.Count - 1));
        }
        if (aggregates.Count == 0)
        {
            throw Refuse("The query has no aggregate. Only aggregate results (COUNT, SUM, AVG, MEDIAN, QUANTILE) may leave the platform under this agreement.");
        }
        return new AggregateQuery(relation, alias, where, keys, aggregates, outputs);
    }

    private static AggregateCall Aggregate(JsonObject expression, DuckDbSqlParser parser)
    {
        if (expression["class"]?.GetValue<string>() != "FUNCTION")
        {
            var shown = parser.RenderExpression(WithoutAlias(expression));
            throw Refuse($"'{shown}' is neither a GROUP BY key nor an aggregate; every output column must be one or the other, so no row-level values leave the platform.");
        }
        var name = expression["function_name"]!.GetValue<string>().ToLowerInvariant();
        var children = expression["children"]?.AsArray() ?? [];
        if (expression["distinct"]?.GetValue<bool>() == true)
        {
            throw Refuse($"{name.ToUpperInvariant()}(DISTINCT …) is not allowed.");
        }
        if (expression["filter"] is JsonObject)
        {
            throw Refuse("Aggregate FILTER clauses are not allowed; use WHERE.");
        }
        if (expression["order_bys"]?["orders"]?.AsArray().Count > 0)
        {
            throw Refuse("ORDER BY inside an aggregate is not allowed.");
        }
        if (name == "count_star")
        {
            return new AggregateCall(DpAggregateKind.CountRows, null, null, 0, "COUNT(*)");
        }
        if (name is "min" or "max")
        {
            throw Refuse($"{name.ToUpperInvariant()} reveals a single person's value and is not allowed; use QUANTILE(column, 0.05) or similar.");
        }
        if (children.Count == 0 || BareColumn(children[0]!.AsObject()) is not { } column)
        {
            throw Refuse($"{name.ToUpperInvariant()} must be applied to a column directly (for example {name.ToUpperInvariant()}(income)), because public bounds are declared per column.");
        }
        var columnSql = parser.RenderExpression(children[0]!);
        var function = $"{name.ToUpperInvariant()}({columnSql})";
        switch (name)
        {
            case "count" when children.Count == 1:
                return new AggregateCall(DpAggregateKind.CountValues, column, columnSql, 0, function);
            case "sum" when children.Count == 1:
                return new AggregateCall(DpAggregateKind.Sum, column, columnSql, 0, function);
            case "avg" or "mean" when children.Count == 1:
                return new AggregateCall(DpAggregateKind.Mean, column, columnSql, 0, function);
            case "median" when children.Count == 1:
                return new AggregateCall(DpAggregateKind.Quantile, column, columnSql, 0.5, function);
            case "quantile" or "quantile_cont" or "quantile_disc" when children.Count == 2:
                var level = ConstantNumber(children[1]!.AsObject())
                    ?? throw Refuse($"The quantile level of {name.ToUpperInvariant()} must be a number between 0 and 1.");
                if (level is < 0 or > 1)
                {
                    throw Refuse($"The quantile level {level.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1.");
                }
                return new AggregateCall(DpAggregateKind.Quantile, column, columnSql, level,
                    string.Create(CultureInfo.InvariantCulture, $"{name.ToUpperInvariant()}({columnSql}, {level})"));
            default:
                throw Refuse($"{name.ToUpperInvariant()} is not supported in aggregate queries; use COUNT, SUM, AVG, MEDIAN or QUANTILE.");
        }
    }

    private static void RequireRowLevel(JsonNode node, string clause)
    {
        switch (node)
        {
            case JsonObject obj:
                var kind = obj["class"]?.GetValue<string>();
                if (kind == "SUBQUERY")
                {
                    throw Refuse($"Subqueries are not allowed in {clause}: a row's inclusion must depend only on that row.");
                }
                if (kind == "FUNCTION" && SqlChecker.AggregateFunctions.Contains(obj["function_name"]!.GetValue<string>()))
                {
                    throw Refuse($"Aggregates are not allowed in {clause}.");
                }
                foreach (var (_, value) in obj)
                {
                    if (value is not null)
                    {
                        RequireRowLevel(value, clause);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RequireRowLevel(item, clause);
                    }
                }
                break;
        }
    }

    private static string? BareColumn(JsonObject expression) =>
        expression["class"]?.GetValue<string>() == "COLUMN_REF" ? expression["column_names"]!.AsArray()[^1]!.GetValue<string>() : null;

    private static double? ConstantNumber(JsonObject expression)
    {
        if (expression["class"]?.GetValue<string>() != "CONSTANT" || expression["value"]?["is_null"]?.GetValue<bool>() == true)
        {
            return null;
        }
        var value = expression["value"]!;
        var type = value["type"]?["id"]?.GetValue<string>();
        var raw = value["value"];
        if (raw is null || raw.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            return null;
        }
        var number = double.Parse(raw.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (type == "DECIMAL")
        {
            var scale = value["type"]?["type_info"]?["scale"]?.GetValue<int>() ?? 0;
            number /= Math.Pow(10, scale);
        }
        return number;
    }

    private static JsonObject WithoutAlias(JsonObject expression)
    {
        var copy = expression.DeepClone().AsObject();
        copy["alias"] = "";
        return copy;
    }

    // Structural identity of an expression: the tree without positions and aliases, with column names in lower case
    // (DuckDB identifiers are case-insensitive).
    private static string Canonical(JsonObject expression)
    {
        var copy = WithoutAlias(expression);
        Strip(copy);
        return copy.ToJsonString();

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                obj.Remove("query_location");
                if (obj["column_names"] is JsonArray names)
                {
                    obj["column_names"] = new JsonArray([.. names.Select(n => (JsonNode?)JsonValue.Create(n!.GetValue<string>().ToLowerInvariant()))]);
                }
                foreach (var (_, value) in obj)
                {
                    Strip(value);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    Strip(item);
                }
            }
        }
    }

    private static QueryRefusedException Refuse(string message) => new(QueryRules.AggregatesOnly, message);
}
