using System.Globalization;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Data.Querying;

/// <summary>Resource limits of a sandboxed query.</summary>
/// <param name="MemoryLimit">DuckDB <c>memory_limit</c> (for example "1GB").</param>
/// <param name="Threads">DuckDB worker threads.</param>
/// <param name="Timeout">Wall-clock limit; the query is interrupted when it passes.</param>
/// <param name="MaxRows">Most rows a result may have.</param>
public sealed record SandboxLimits(string MemoryLimit = "1GB", int Threads = 2, TimeSpan? Timeout = null, int MaxRows = 10_000)
{
    /// <summary>The wall-clock limit (30 s unless set).</summary>
    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromSeconds(30);
}

/// <summary>
/// An isolated in-memory DuckDB connection that sees only the granted Parquet files, each as a view created before the
/// sandbox is locked: extension autoload/autoinstall off, keys for encrypted Parquet added, file access limited to the
/// granted files (<c>allowed_paths</c>), then <c>enable_external_access = false</c> and <c>lock_configuration = true</c>, so
/// no later statement can read other files, load extensions or change settings. Queries have a time limit.
/// </summary>
public sealed class QuerySandbox : IDisposable
{
    private readonly DuckDBConnection _connection;

    private QuerySandbox(DuckDBConnection connection, SandboxLimits limits)
    {
        _connection = connection;
        Limits = limits;
    }

    /// <summary>The limits in force.</summary>
    public SandboxLimits Limits { get; }

    /// <summary>Opens a sandbox over the granted relations.</summary>
    /// <exception cref="QueryFailedException">A granted file is missing or unreadable (the message names the relation, not the path).</exception>
    public static QuerySandbox Open(IReadOnlyList<GrantedRelation> relations, SandboxLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(relations);
        limits ??= new SandboxLimits();
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            Execute(connection, "SET autoinstall_known_extensions = false");
            Execute(connection, "SET autoload_known_extensions = false");
            Execute(connection, $"SET memory_limit = {DuckDbSql.Literal(limits.MemoryLimit)}");
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"SET threads = {Math.Max(1, limits.Threads)}"));
            // No copies of file data kept in memory between queries: an idle pooled sandbox stays small.
            Execute(connection, "SET enable_external_file_cache = false");
            var paths = new List<string>();
            for (var i = 0; i < relations.Count; i++)
            {
                var relation = relations[i];
                var path = Path.GetFullPath(relation.ParquetPath);
                if (!File.Exists(path))
                {
                    throw new QueryFailedException($"The data of relation '{relation.Name}' is not available.");
                }
                var options = "";
                if (relation.EncryptionKey is { } key)
                {
                    var keyName = string.Create(CultureInfo.InvariantCulture, $"agora_key_{i}");
                    Execute(connection, $"PRAGMA add_parquet_key({DuckDbSql.Literal(keyName)}, {DuckDbSql.Literal(Convert.ToBase64String(key))})");
                    options = $", encryption_config = {{footer_key: {DuckDbSql.Literal(keyName)}}}";
                }
                try
                {
                    Execute(connection, $"CREATE VIEW {DuckDbSql.Identifier(relation.Name)} AS SELECT * FROM read_parquet({DuckDbSql.Literal(path)}{options})");
                }
                catch (DuckDBException e)
                {
                    // The consumer sees the relation's name, never the storage path.
                    var reason = DuckDbSqlParser.FirstLine(e.Message).Replace(path, relation.Name, StringComparison.Ordinal);
                    throw new QueryFailedException($"The data of relation '{relation.Name}' cannot be read: {reason}", e);
                }
                paths.Add(path);
            }
            if (paths.Count > 0)
            {
                Execute(connection, $"SET allowed_paths = [{string.Join(", ", paths.Select(DuckDbSql.Literal))}]");
            }
            Execute(connection, "SET enable_external_access = false");
            Execute(connection, "SET lock_configuration = true");
            // Bind every view now, so a wrong key or a damaged file fails here with a clear message.
            foreach (var relation in relations)
            {
                try
                {
                    Execute(connection, $"SELECT * FROM {DuckDbSql.Identifier(relation.Name)} LIMIT 0");
                }
                catch (DuckDBException e)
                {
                    var reason = DuckDbSqlParser.FirstLine(e.Message).Replace(Path.GetFullPath(relation.ParquetPath), relation.Name, StringComparison.Ordinal);
                    throw new QueryFailedException($"The data of relation '{relation.Name}' cannot be read: {reason}", e);
                }
            }
            return new QuerySandbox(connection, limits);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a query and reads at most <see cref="SandboxLimits.MaxRows"/> rows (+1 to detect overflow).</summary>
    /// <exception cref="QueryFailedException">Time limit, memory limit or another runtime error.</exception>
    public async Task<SandboxResult> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limits.EffectiveTimeout);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<object?[]>();
            var truncated = false;
            while (await reader.ReadAsync(timeout.Token))
            {
                if (rows.Count >= Limits.MaxRows)
                {
                    truncated = true;
                    break;
                }
                var values = new object?[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                rows.Add(values);
            }
            return new SandboxResult(names, rows, truncated);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new QueryFailedException(string.Create(CultureInfo.InvariantCulture,
                $"The query ran longer than the {Limits.EffectiveTimeout.TotalSeconds:0.#} s limit and was stopped."));
        }
        catch (DuckDBException e)
        {
            var message = DuckDbSqlParser.FirstLine(e.Message);
            throw new QueryFailedException(message.Contains("memory", StringComparison.OrdinalIgnoreCase)
                ? $"The query needed more than the {Limits.MemoryLimit} memory limit: {message}"
                : $"The query failed: {message}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Rows read from the sandbox.</summary>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">Values (DBNull as null).</param>
/// <param name="Truncated">Whether more rows existed than the limit allows.</param>
public sealed record SandboxResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated);
