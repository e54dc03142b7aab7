using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Data.Querying;

/// <summary>
/// DuckDB's own parser, reached through <c>json_serialize_sql</c> (SQL → syntax tree as JSON) and
/// <c>json_deserialize_sql</c> (tree → SQL). Parsing never executes anything; it runs on a private in-memory connection
/// with external access disabled and its configuration locked.
/// </summary>
public sealed class DuckDbSqlParser : IDisposable
{
    /// <summary>Longest SQL text accepted.</summary>
    public const int MaxSqlLength = 20_000;

    private readonly DuckDBConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Opens the parser's connection.</summary>
    public DuckDbSqlParser()
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        using var command = _connection.CreateCommand();
        foreach (var setting in new[]
                 {
                     "SET autoinstall_known_extensions = false", "SET autoload_known_extensions = false",
                     "SET enable_external_access = false", "SET lock_configuration = true",
                 })
        {
            command.CommandText = setting;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A shared parser for the process.</summary>
    public static DuckDbSqlParser Shared { get; } = new();

    /// <summary>Parses SQL into DuckDB's JSON syntax tree: the array of statements.</summary>
    /// <exception cref="QueryRefusedException">The SQL is empty, too long, does not parse, or is not a SELECT.</exception>
    public JsonArray Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new QueryRefusedException(QueryRules.Syntax, "The query is empty.");
        }
        if (sql.Length > MaxSqlLength)
        {
            throw new QueryRefusedException(QueryRules.Size, $"The query is {sql.Length} characters long; at most {MaxSqlLength} are accepted.");
        }
        if (sql.Contains('\0', StringComparison.Ordinal))
        {
            throw new QueryRefusedException(QueryRules.Syntax, "The query contains a NUL character.");
        }
        string json;
        lock (_lock)
        {
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT json_serialize_sql(CAST($sql AS VARCHAR))";
                command.Parameters.Add(new DuckDBParameter("sql", sql));
                json = (string)command.ExecuteScalar()!;
            }
            catch (DuckDBException e)
            {
                throw new QueryRefusedException(QueryRules.Syntax, $"The query cannot be parsed: {FirstLine(e.Message)}");
            }
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 1024 });
        }
        catch (JsonException)
        {
            throw new QueryRefusedException(QueryRules.Size, "The query is nested too deeply.");
        }
        if (root?["error"]?.GetValue<bool>() == true)
        {
            var message = root["error_message"]?.GetValue<string>() ?? "unknown error";
            if (message.Contains("Only SELECT statements", StringComparison.Ordinal))
            {
                throw new QueryRefusedException(QueryRules.SelectOnly,
                    "Only SELECT queries are allowed; statements such as PRAGMA, SET, ATTACH, COPY, EXPORT, INSTALL, LOAD, CREATE, INSERT or DELETE are refused.");
            }
            throw new QueryRefusedException(QueryRules.Syntax, $"The query cannot be parsed: {FirstLine(message)}");
        }
        return root!["statements"]!.AsArray();
    }

    /// <summary>Turns one statement's syntax tree back into SQL text (DuckDB quotes identifiers as needed).</summary>
    public string Render(JsonObject statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var document = new JsonObject { ["error"] = false, ["statements"] = new JsonArray(statement.DeepClone()) };
        lock (_lock)
        {
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT json_deserialize_sql(CAST($json AS JSON))";
                command.Parameters.Add(new DuckDBParameter("json", document.ToJsonString()));
                return (string)command.ExecuteScalar()!;
            }
            catch (DuckDBException e)
            {
                throw new QueryRefusedException(QueryRules.UnsupportedConstruct, $"The query cannot be rewritten: {FirstLine(e.Message)}");
            }
        }
    }

    /// <summary>Renders one expression as SQL text.</summary>
    public string RenderExpression(JsonNode expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var statement = new JsonObject
        {
            ["node"] = new JsonObject
            {
                ["type"] = "SELECT_NODE",
                ["modifiers"] = new JsonArray(),
                ["cte_map"] = new JsonObject { ["map"] = new JsonArray() },
                ["select_list"] = new JsonArray(expression.DeepClone()),
                ["from_table"] = new JsonObject { ["type"] = "EMPTY", ["alias"] = "", ["sample"] = null, ["query_location"] = 0 },
                ["where_clause"] = null,
                ["group_expressions"] = new JsonArray(),
                ["group_sets"] = new JsonArray(),
                ["aggregate_handling"] = "STANDARD_HANDLING",
                ["having"] = null,
                ["sample"] = null,
                ["qualify"] = null,
            },
            ["named_param_map"] = new JsonArray(),
        };
        var sql = Render(statement);
        const string prefix = "SELECT ";
        if (!sql.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new QueryRefusedException(QueryRules.UnsupportedConstruct, "The query cannot be rewritten.");
        }
        return sql[prefix.Length..];
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    internal static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }

    internal static string Quote(string identifier) => DuckDbSql.Identifier(identifier);
}
