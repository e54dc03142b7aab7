using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Agora.Data.Querying;

/// <summary>What kind of output a query may produce.</summary>
public enum QueryOutputLevel
{
    /// <summary>Only aggregates in the restricted form (<see cref="AggregateQuery"/>), checked by DP or SDC.</summary>
    AggregatesOnly,

    /// <summary>Any SELECT over granted relations (for protected derivatives whose policy allows row-level queries).</summary>
    RowLevel,
}

/// <summary>
/// The allow-list check of a parsed query: one SELECT statement over granted relations only, made of known expression
/// kinds and allowed functions; no table functions (read_csv, read_parquet, glob, …), no file paths as tables, no
/// system catalogues, no recursive CTEs, no sampling, no time travel. Anything not recognised is refused.
/// </summary>
public sealed class SqlChecker(DuckDbSqlParser? parser = null)
{
    private const int MaxDepth = 200;

    private static readonly FrozenSet<string> AllowedExpressionClasses = FrozenSet.Create(StringComparer.Ordinal,
        "COLUMN_REF", "CONSTANT", "FUNCTION", "OPERATOR", "COMPARISON", "CONJUNCTION", "CASE", "CAST", "BETWEEN", "SUBQUERY", "STAR",
        "WINDOW", "POSITIONAL_REFERENCE", "COLLATE", "PARAMETER");

    /// <summary>Aggregate functions (DuckDB names).</summary>
    public static readonly FrozenSet<string> AggregateFunctions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "count_star", "count", "sum", "avg", "mean", "median", "quantile", "quantile_cont", "quantile_disc", "min", "max",
        "stddev", "stddev_samp", "stddev_pop", "var_samp", "var_pop", "variance", "mode");

    private static readonly FrozenSet<string> ScalarFunctions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "+", "-", "*", "/", "//", "%", "^", "**", "||", "~~", "!~~", "~~*", "!~~*", "like_escape", "ilike_escape",
        "abs", "round", "floor", "ceil", "ceiling", "sign", "sqrt", "cbrt", "ln", "log", "log10", "log2", "exp", "pow", "power",
        "greatest", "least", "nullif", "ifnull", "coalesce", "lower", "upper", "lcase", "ucase", "length", "trim", "ltrim", "rtrim",
        "substring", "substr", "left", "right", "concat", "replace", "starts_with", "ends_with", "contains", "strpos", "instr",
        "lpad", "rpad", "regexp_matches", "year", "month", "day", "quarter", "week", "weekofyear", "dayofweek", "dayofyear",
        "dayofmonth", "isodow", "hour", "minute", "second", "date_part", "datepart", "date_trunc", "datetrunc", "date_diff",
        "datediff", "strftime", "make_date", "epoch", "isnan", "isinf", "isfinite", "row_number", "rank", "dense_rank",
        "width_bucket", "bit_length", "ascii", "chr", "reverse", "prefix", "suffix", "to_days", "to_months", "to_years");

    private static readonly FrozenSet<string> AllowedModifiers = FrozenSet.Create(StringComparer.Ordinal,
        "ORDER_MODIFIER", "LIMIT_MODIFIER", "DISTINCT_MODIFIER", "LIMIT_PERCENT_MODIFIER");

    private static readonly FrozenSet<string> TableReferenceTypes = FrozenSet.Create(StringComparer.Ordinal,
        "BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "TABLE_FUNCTION", "EXPRESSION_LIST", "PIVOT", "SHOW_REF", "COLUMN_DATA",
        "DELIM_GET", "CTE", "INVALID");

    private static readonly FrozenSet<string> QueryNodeTypes = FrozenSet.Create(StringComparer.Ordinal,
        "SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE", "BOUND_SUBQUERY_NODE", "STATEMENT_NODE", "INSERT_NODE");

    private readonly DuckDbSqlParser _parser = parser ?? DuckDbSqlParser.Shared;

    /// <summary>Parses and checks a query.</summary>
    /// <param name="sql">The consumer's SQL.</param>
    /// <param name="grantedRelations">Relation names the consumer may read.</param>
    /// <param name="level">Whether row-level output is allowed.</param>
    /// <param name="allowParameters">Whether <c>$name</c> parameters may appear (approved algorithm templates).</param>
    /// <exception cref="QueryRefusedException">A rule is broken; the message says which and where.</exception>
    public CheckedQuery Check(string sql, IEnumerable<string> grantedRelations, QueryOutputLevel level, bool allowParameters = false)
    {
        var statements = _parser.Parse(sql);
        if (statements.Count != 1)
        {
            throw new QueryRefusedException(QueryRules.SingleStatement, $"Send exactly one SELECT statement; this text has {statements.Count}.");
        }
        var statement = statements[0]!.AsObject();
        var granted = grantedRelations.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        var walker = new Walker(granted, level, allowParameters);
        walker.Statement(statement);
        AggregateQuery? aggregate = null;
        if (level == QueryOutputLevel.AggregatesOnly)
        {
            aggregate = AggregateQuery.From(statement, _parser);
        }
        return new CheckedQuery(sql, statement, walker.RelationsRead, aggregate, level);
    }

    private sealed class Walker(FrozenSet<string> granted, QueryOutputLevel level, bool allowParameters)
    {
        private readonly Stack<HashSet<string>> _cteScopes = new();

        public HashSet<string> RelationsRead { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void Statement(JsonObject statement)
        {
            var node = statement["node"] as JsonObject ?? throw Unsupported("a statement without a query");
            Node(node, 0);
        }

        private void Node(JsonObject node, int depth)
        {
            Depth(depth);
            var type = node["type"]?.GetValue<string>();
            if (type is not ("SELECT_NODE" or "SET_OPERATION_NODE"))
            {
                throw type == "RECURSIVE_CTE_NODE"
                    ? new QueryRefusedException(QueryRules.UnsupportedConstruct, "Recursive queries (WITH RECURSIVE) are not allowed.")
                    : Unsupported($"query of kind {type}");
            }
            if (type == "SET_OPERATION_NODE" && level == QueryOutputLevel.AggregatesOnly)
            {
                throw new QueryRefusedException(QueryRules.AggregatesOnly, "UNION, INTERSECT and EXCEPT are not allowed in aggregate queries; send one query per table.");
            }
            var scope = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            _cteScopes.Push(scope);
            try
            {
                foreach (var entry in node["cte_map"]?["map"]?.AsArray() ?? [])
                {
                    var name = entry!["key"]!.GetValue<string>();
                    var query = entry["value"]?["query"]?["node"] as JsonObject ?? throw Unsupported("a WITH clause without a query");
                    Node(query, depth + 1);
                    scope.Add(name);
                }
                foreach (var modifier in node["modifiers"]?.AsArray() ?? [])
                {
                    var kind = modifier!["type"]?.GetValue<string>() ?? "";
                    if (!AllowedModifiers.Contains(kind))
                    {
                        throw Unsupported($"modifier {kind}");
                    }
                    Any(modifier, depth + 1);
                }
                if (type == "SET_OPERATION_NODE")
                {
                    Node(node["left"]!.AsObject(), depth + 1);
                    Node(node["right"]!.AsObject(), depth + 1);
                    return;
                }
                if (node["sample"] is JsonObject)
                {
                    throw new QueryRefusedException(QueryRules.UnsupportedConstruct, "Sampling clauses (USING SAMPLE, TABLESAMPLE) are not allowed.");
                }
                Table(node["from_table"] as JsonObject ?? throw Unsupported("a query without FROM information"), depth + 1);
                foreach (var part in new[] { "select_list", "where_clause", "group_expressions", "having", "qualify" })
                {
                    if (node[part] is { } value)
                    {
                        Any(value, depth + 1);
                    }
                }
            }
            finally
            {
                _cteScopes.Pop();
            }
        }

        private void Table(JsonObject table, int depth)
        {
            Depth(depth);
            var type = table["type"]?.GetValue<string>();
            if (table["sample"] is JsonObject)
            {
                throw new QueryRefusedException(QueryRules.UnsupportedConstruct, "Sampling clauses (TABLESAMPLE) are not allowed.");
            }
            switch (type)
            {
                case "BASE_TABLE":
                    BaseTable(table);
                    break;
                case "JOIN":
                    Table(table["left"]!.AsObject(), depth + 1);
                    Table(table["right"]!.AsObject(), depth + 1);
                    if (table["condition"] is { } condition)
                    {
                        Any(condition, depth + 1);
                    }
                    break;
                case "SUBQUERY":
                    Node(table["subquery"]?["node"] as JsonObject ?? throw Unsupported("a subquery without a query"), depth + 1);
                    break;
                case "EMPTY":
                    break;
                case "TABLE_FUNCTION":
                    var name = table["function"]?["function_name"]?.GetValue<string>() ?? "?";
                    throw new QueryRefusedException(QueryRules.NoTableFunctions,
                        $"Table functions such as {name}() are not allowed: queries may read only the granted relations ({string.Join(", ", granted.Order(StringComparer.Ordinal))}).");
                case "EXPRESSION_LIST":
                    throw new QueryRefusedException(QueryRules.UnsupportedConstruct, "VALUES lists are not allowed as tables.");
                default:
                    throw Unsupported($"table reference of kind {type}");
            }
        }

        private void BaseTable(JsonObject table)
        {
            var name = table["table_name"]?.GetValue<string>() ?? "";
            var schema = table["schema_name"]?.GetValue<string>() ?? "";
            var catalog = table["catalog_name"]?.GetValue<string>() ?? "";
            if (table["at_clause"] is JsonObject)
            {
                throw new QueryRefusedException(QueryRules.UnsupportedConstruct, "AT (time travel) clauses are not allowed.");
            }
            if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains('.', StringComparison.Ordinal))
            {
                throw new QueryRefusedException(QueryRules.NoTableFunctions,
                    $"'{name}' looks like a file path; files cannot be read by name. Query the granted relations ({string.Join(", ", granted.Order(StringComparer.Ordinal))}).");
            }
            var qualified = schema.Length > 0 || catalog.Length > 0;
            if (!qualified && _cteScopes.Any(scope => scope.Contains(name)))
            {
                return;
            }
            var schemaOk = schema.Length == 0 || schema.Equals("main", StringComparison.OrdinalIgnoreCase);
            var catalogOk = catalog.Length == 0 || catalog.Equals("memory", StringComparison.OrdinalIgnoreCase);
            if (!schemaOk || !catalogOk || !granted.Contains(name))
            {
                var shown = string.Join(".", new[] { catalog, schema, name }.Where(p => p.Length > 0));
                throw new QueryRefusedException(QueryRules.GrantedRelationsOnly,
                    $"Relation '{shown}' is not granted to you. You may query: {string.Join(", ", granted.Order(StringComparer.Ordinal))}.");
            }
            RelationsRead.Add(name);
        }

        private void Any(JsonNode node, int depth)
        {
            Depth(depth);
            switch (node)
            {
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (item is not null)
                        {
                            Any(item, depth + 1);
                        }
                    }
                    break;
                case JsonObject obj:
                    if (obj["class"] is JsonValue)
                    {
                        Expression(obj, depth);
                        return;
                    }
                    if (obj["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var type))
                    {
                        if (QueryNodeTypes.Contains(type))
                        {
                            Node(obj, depth + 1);
                            return;
                        }
                        if (TableReferenceTypes.Contains(type))
                        {
                            Table(obj, depth + 1);
                            return;
                        }
                    }
                    if (obj["node"] is JsonObject nested && obj.ContainsKey("named_param_map"))
                    {
                        Node(nested, depth + 1);
                        return;
                    }
                    foreach (var (_, value) in obj)
                    {
                        if (value is not null)
                        {
                            Any(value, depth + 1);
                        }
                    }
                    break;
            }
        }

        private void Expression(JsonObject expression, int depth)
        {
            var kind = expression["class"]!.GetValue<string>();
            if (!AllowedExpressionClasses.Contains(kind))
            {
                throw kind == "LAMBDA"
                    ? new QueryRefusedException(QueryRules.AllowedFunctions, "Lambda functions are not allowed.")
                    : Unsupported($"expression of kind {kind}");
            }
            switch (kind)
            {
                case "PARAMETER" when !allowParameters:
                    throw new QueryRefusedException(QueryRules.UnsupportedConstruct, "Query parameters ($name, ?) are only used in approved algorithm templates.");
                case "WINDOW" when level == QueryOutputLevel.AggregatesOnly:
                    throw new QueryRefusedException(QueryRules.AggregatesOnly, "Window functions (OVER …) return a value per row and are not allowed in aggregate queries.");
                case "STAR":
                    if (expression["expr"] is JsonObject || expression["columns"]?.GetValue<bool>() == true)
                    {
                        throw new QueryRefusedException(QueryRules.UnsupportedConstruct, "COLUMNS(…) expressions are not allowed; name the columns.");
                    }
                    break;
                case "FUNCTION" or "WINDOW":
                    var name = expression["function_name"]?.GetValue<string>() ?? "";
                    var schema = expression["schema"]?.GetValue<string>() ?? "";
                    var catalog = expression["catalog"]?.GetValue<string>() ?? "";
                    if (schema.Length > 0 || catalog.Length > 0)
                    {
                        throw new QueryRefusedException(QueryRules.AllowedFunctions, $"Qualified function names ({schema}.{name}) are not allowed.");
                    }
                    if (!AggregateFunctions.Contains(name) && !ScalarFunctions.Contains(name))
                    {
                        throw new QueryRefusedException(QueryRules.AllowedFunctions,
                            $"Function '{name}' is not on the list of allowed functions (arithmetic, text, date and aggregate functions such as COUNT, SUM, AVG, MEDIAN, QUANTILE).");
                    }
                    break;
            }
            foreach (var (_, value) in expression)
            {
                if (value is JsonObject or JsonArray)
                {
                    Any(value, depth + 1);
                }
            }
        }

        private static void Depth(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new QueryRefusedException(QueryRules.Size, "The query is nested too deeply.");
            }
        }

        private static QueryRefusedException Unsupported(string what) =>
            new(QueryRules.UnsupportedConstruct, $"This query uses a {what}, which is not supported here.");
    }
}

/// <summary>A query that passed the checks.</summary>
/// <param name="Sql">The original text.</param>
/// <param name="Statement">DuckDB's syntax tree of the statement.</param>
/// <param name="RelationsRead">Granted relations it reads.</param>
/// <param name="Aggregate">The restricted aggregate form (aggregate-only queries).</param>
/// <param name="Level">The output level it was checked for.</param>
public sealed record CheckedQuery(string Sql, JsonObject Statement, IReadOnlySet<string> RelationsRead, AggregateQuery? Aggregate, QueryOutputLevel Level)
{
    /// <summary>The syntax tree without source positions: the same query typed with other spacing or keyword case
    /// gives the same text. Used in the answer-cache key.</summary>
    public string CanonicalTree
    {
        get
        {
            var copy = Statement.DeepClone();
            Strip(copy);
            return copy.ToJsonString();

            static void Strip(JsonNode? node)
            {
                switch (node)
                {
                    case JsonObject obj:
                        obj.Remove("query_location");
                        foreach (var (_, value) in obj)
                        {
                            Strip(value);
                        }
                        break;
                    case JsonArray array:
                        foreach (var item in array)
                        {
                            Strip(item);
                        }
                        break;
                }
            }
        }
    }
}
