using System.Globalization;
using System.Text.Json.Nodes;

namespace Agora.Data.Querying;

/// <summary>The type of an approved algorithm's parameter.</summary>
public enum AlgorithmParameterType
{
    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A decimal number.</summary>
    Number,

    /// <summary>Text.</summary>
    Text,

    /// <summary>A calendar date (yyyy-MM-dd).</summary>
    Date,

    /// <summary>true or false.</summary>
    Boolean,
}

/// <summary>A typed parameter of an approved algorithm.</summary>
/// <param name="Name">The name, used as <c>$name</c> in the template.</param>
/// <param name="Type">Its type.</param>
/// <param name="Minimum">Smallest number allowed.</param>
/// <param name="Maximum">Largest number allowed.</param>
/// <param name="AllowedValues">For text: the only values allowed.</param>
public sealed record AlgorithmParameter(string Name, AlgorithmParameterType Type, double? Minimum = null, double? Maximum = null,
    IReadOnlyList<string>? AllowedValues = null);

/// <summary>
/// A named analysis registered by the provider: an SQL template with typed <c>$name</c> parameters. Consumers choose only
/// the arguments. Arguments are validated, then put into DuckDB's syntax tree as typed constants (never spliced into
/// text), and the resulting SQL goes through the same checks and output control as any query.
/// </summary>
/// <param name="Name">The algorithm's name.</param>
/// <param name="Description">What it computes.</param>
/// <param name="SqlTemplate">The SQL with <c>$name</c> parameters.</param>
/// <param name="Parameters">Its parameters.</param>
public sealed record ApprovedAlgorithm(string Name, string Description, string SqlTemplate, IReadOnlyList<AlgorithmParameter> Parameters)
{
    /// <summary>Checks that the template parses, uses only granted relations and declares exactly the parameters it uses.</summary>
    /// <exception cref="QueryRefusedException">The template is not valid.</exception>
    public void Validate(IEnumerable<string> grantedRelations, DuckDbSqlParser? parser = null)
    {
        parser ??= DuckDbSqlParser.Shared;
        new SqlChecker(parser).Check(SqlTemplate, grantedRelations, QueryOutputLevel.RowLevel, allowParameters: true);
        var used = new HashSet<string>(StringComparer.Ordinal);
        CollectParameters(parser.Parse(SqlTemplate)[0]!, used);
        var declared = Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (!used.SetEquals(declared))
        {
            throw new QueryRefusedException(QueryRules.AlgorithmArguments,
                $"Template '{Name}' uses parameters [{string.Join(", ", used.Order(StringComparer.Ordinal))}] but declares [{string.Join(", ", declared.Order(StringComparer.Ordinal))}].");
        }
    }

    /// <summary>Renders the SQL for the given arguments (text as typed by the consumer).</summary>
    /// <exception cref="QueryRefusedException">An argument is missing, unknown, of the wrong type or out of range.</exception>
    public string Render(IReadOnlyDictionary<string, string> arguments, DuckDbSqlParser? parser = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        parser ??= DuckDbSqlParser.Shared;
        foreach (var name in arguments.Keys)
        {
            if (Parameters.All(p => p.Name != name))
            {
                throw Refuse($"Algorithm '{Name}' has no parameter '{name}'.");
            }
        }
        var constants = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var parameter in Parameters)
        {
            if (!arguments.TryGetValue(parameter.Name, out var text))
            {
                throw Refuse($"Algorithm '{Name}' needs a value for '{parameter.Name}' ({parameter.Type.ToString().ToLowerInvariant()}).");
            }
            constants[parameter.Name] = Constant(parameter, text);
        }
        var statement = parser.Parse(SqlTemplate)[0]!.AsObject();
        var replaced = Replace(statement, constants)!.AsObject();
        replaced["named_param_map"] = new JsonArray();
        return parser.Render(replaced);
    }

    private static JsonObject Constant(AlgorithmParameter parameter, string text)
    {
        switch (parameter.Type)
        {
            case AlgorithmParameterType.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    throw Refuse($"'{parameter.Name}' must be a whole number; '{text}' is not.");
                }
                CheckRange(parameter, integer);
                return Value("BIGINT", JsonValue.Create(integer));
            case AlgorithmParameterType.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    throw Refuse($"'{parameter.Name}' must be a number; '{text}' is not.");
                }
                CheckRange(parameter, number);
                return Value("DOUBLE", JsonValue.Create(number));
            case AlgorithmParameterType.Text:
                if (parameter.AllowedValues is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
                {
                    throw Refuse($"'{parameter.Name}' must be one of: {string.Join(", ", allowed)}.");
                }
                if (text.Length > 200)
                {
                    throw Refuse($"'{parameter.Name}' is longer than 200 characters.");
                }
                return Value("VARCHAR", JsonValue.Create(text));
            case AlgorithmParameterType.Date:
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw Refuse($"'{parameter.Name}' must be a date written yyyy-MM-dd; '{text}' is not.");
                }
                return new JsonObject
                {
                    ["class"] = "CAST",
                    ["type"] = "OPERATOR_CAST",
                    ["alias"] = "",
                    ["query_location"] = 0,
                    ["child"] = Value("VARCHAR", JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                    ["cast_type"] = new JsonObject { ["id"] = "DATE", ["type_info"] = null },
                    ["try_cast"] = false,
                };
            case AlgorithmParameterType.Boolean:
                if (!bool.TryParse(text, out var flag))
                {
                    throw Refuse($"'{parameter.Name}' must be true or false.");
                }
                return Value("BOOLEAN", JsonValue.Create(flag));
            default:
                throw new ArgumentOutOfRangeException(nameof(parameter));
        }
    }

    private static void CheckRange(AlgorithmParameter parameter, double value)
    {
        if (value < parameter.Minimum || value > parameter.Maximum)
        {
            throw Refuse(string.Create(CultureInfo.InvariantCulture,
                $"'{parameter.Name}' must be between {parameter.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "−∞"} and {parameter.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}."));
        }
    }

    private static JsonObject Value(string type, JsonNode? value) => new()
    {
        ["class"] = "CONSTANT",
        ["type"] = "VALUE_CONSTANT",
        ["alias"] = "",
        ["query_location"] = 0,
        ["value"] = new JsonObject { ["type"] = new JsonObject { ["id"] = type, ["type_info"] = null }, ["is_null"] = false, ["value"] = value },
    };

    private static JsonNode? Replace(JsonNode? node, Dictionary<string, JsonObject> constants)
    {
        switch (node)
        {
            case JsonObject obj when obj["class"]?.GetValue<string>() == "PARAMETER":
                var name = obj["identifier"]?.GetValue<string>() ?? "";
                if (!constants.TryGetValue(name, out var constant))
                {
                    throw Refuse($"The template uses an undeclared parameter '${name}'.");
                }
                var copy = constant.DeepClone().AsObject();
                copy["alias"] = obj["alias"]?.DeepClone();
                return copy;
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    result[key] = Replace(value, constants);
                }
                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Replace(item, constants))]);
            default:
                return node?.DeepClone();
        }
    }

    private static void CollectParameters(JsonNode node, HashSet<string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["class"]?.GetValue<string>() == "PARAMETER")
                {
                    names.Add(obj["identifier"]?.GetValue<string>() ?? "");
                }
                foreach (var (_, value) in obj)
                {
                    if (value is not null)
                    {
                        CollectParameters(value, names);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        CollectParameters(item, names);
                    }
                }
                break;
        }
    }

    private static QueryRefusedException Refuse(string message) => new(QueryRules.AlgorithmArguments, message);
}
