using System.Globalization;
using System.Text;
using Agora.Data.Files;
using Agora.Privacy.Pseudonymisation;
using DuckDB.NET.Data;

namespace Agora.Data.Pseudonymisation;

/// <summary>What a pseudonymisation run did.</summary>
/// <param name="Rows">Rows written.</param>
/// <param name="Treatments">The plan that was applied.</param>
/// <param name="Policy">The policy.</param>
/// <param name="KeyVersion">The domain key version that made the pseudonyms.</param>
/// <param name="DocumentId">The per-document identifier (meaningful for the per-document policy).</param>
/// <param name="VaultPath">The token vault written, when a column used <c>token</c>.</param>
/// <param name="VaultEntries">Entries in that vault.</param>
public sealed record PseudonymisationSummary(
    long Rows, IReadOnlyList<ColumnTreatment> Treatments, PseudonymisationPolicy Policy, int KeyVersion, string DocumentId, string? VaultPath,
    long VaultEntries);

/// <summary>One column to reverse.</summary>
/// <param name="Column">The pseudonymised column.</param>
/// <param name="Method">How it was pseudonymised (reversible methods only).</param>
/// <param name="SubjectColumn">For shift-date: the subject column as it appears in the pseudonymised data.</param>
public sealed record ColumnReversal(string Column, PseudonymisationMethod Method, string? SubjectColumn = null);

/// <summary>Runs a <see cref="TreatmentPlan"/> over a relation (a stored version or a file opened as a view) as one
/// streaming <c>COPY (SELECT …) TO</c>, and reverses reversible columns the same way. Token columns add a DuckDB-side token
/// map (never a .NET dictionary) and a vault file written next to the output.</summary>
public static class DatasetPseudonymisation
{
    private const string RowColumn = "__agora_row";

    /// <summary>The columns of a relation and their kinds.</summary>
    public static IReadOnlyList<(string Name, string DuckDbType, ColumnKind Kind)> Columns(DuckDBConnection connection, string relation = "input")
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {DuckDbSql.Identifier(relation)}";
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string, ColumnKind)>();
        while (reader.Read())
        {
            var type = reader.GetString(1);
            columns.Add((reader.GetString(0), type, KindOf(type)));
        }
        return columns;
    }

    /// <summary>The treatment kind of a DuckDB type name.</summary>
    public static ColumnKind KindOf(string duckDbType)
    {
        ArgumentNullException.ThrowIfNull(duckDbType);
        var type = duckDbType.ToUpperInvariant();
        return type switch
        {
            "VARCHAR" or "UUID" or "JSON" => ColumnKind.Text,
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT"
                or "UHUGEINT" => ColumnKind.Integer,
            "FLOAT" or "DOUBLE" or "REAL" => ColumnKind.Decimal,
            "DATE" => ColumnKind.Date,
            "TIMESTAMP" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" => ColumnKind.Timestamp,
            "BOOLEAN" => ColumnKind.Boolean,
            _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => ColumnKind.Decimal,
            _ => ColumnKind.Other,
        };
    }

    /// <summary>Pseudonymises a file into another (CSV, Parquet or JSON Lines, by extension). Nothing is left at
    /// <paramref name="outputPath"/> or at the vault path when anything fails.</summary>
    /// <exception cref="PseudonymisationException">The plan does not fit the file, or a value does not fit its method.</exception>
    /// <exception cref="TabularFileException">The input cannot be read.</exception>
    public static PseudonymisationSummary PseudonymiseFile(string inputPath, string outputPath, TreatmentPlan plan, DomainKeyChain keys,
        string? vaultPath = null, int maxShiftDays = 365)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var connection = TabularFile.OpenAsView(inputPath);
        return Pseudonymise(connection, "input", outputPath, plan, keys, vaultPath ?? outputPath + ".vault.parquet", maxShiftDays);
    }

    /// <summary>Pseudonymises a relation of an open connection into a file.</summary>
    public static PseudonymisationSummary Pseudonymise(DuckDBConnection connection, string relation, string outputPath, TreatmentPlan plan,
        DomainKeyChain keys, string vaultPath, int maxShiftDays = 365)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        return Pseudonymise(connection, relation, select =>
        {
            TabularFile.WriteAtomically(connection, select, outputPath);
            return CountRows(connection, outputPath);
        }, plan, keys, vaultPath, maxShiftDays);
    }

    /// <summary>Pseudonymises a relation of an open connection and hands the resulting query to <paramref name="write"/>,
    /// which runs it on the same connection and returns the rows written (the platform stores it as an encrypted derived
    /// version). The vault is put in place only after <paramref name="write"/> returned.</summary>
    /// <exception cref="PseudonymisationException">The plan does not fit the relation, or a value does not fit its method.</exception>
    public static PseudonymisationSummary Pseudonymise(DuckDBConnection connection, string relation, Func<string, long> write, TreatmentPlan plan,
        DomainKeyChain keys, string vaultPath, int maxShiftDays = 365)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(keys);
        var columns = Columns(connection, relation);
        plan.Validate(columns.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal));
        using var functions = PseudonymisationFunctions.Register(connection, keys, plan.Policy, maxShiftDays);
        var byColumn = plan.Treatments.ToDictionary(t => t.Column, StringComparer.Ordinal);
        var tokenColumns = plan.Treatments.Where(t => t.Method == PseudonymisationMethod.Token).Select(t => t.Column).ToList();
        var source = $"{DuckDbSql.Identifier(relation)} AS src";
        string? vaultTemporary = null;
        long vaultEntries = 0;
        try
        {
            if (tokenColumns.Count > 0)
            {
                vaultTemporary = TemporaryBeside(vaultPath);
                vaultEntries = BuildTokenMap(connection, relation, tokenColumns, plan.Policy, vaultPath, vaultTemporary);
                source = $"(SELECT *, row_number() OVER () AS {RowColumn} FROM {DuckDbSql.Identifier(relation)}) AS src";
            }
            var projection = new StringBuilder();
            var joins = new StringBuilder();
            var treatedExpressions = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, _, _) in columns)
            {
                treatedExpressions[name] = byColumn.TryGetValue(name, out var t) && t.Method != PseudonymisationMethod.ShiftDate
                    ? Treated(t, Source(name), columns.First(c => c.Name == name), tokenAlias: TokenAlias(tokenColumns, name), subject: null)
                    : Source(name);
            }
            foreach (var (name, type, kind) in columns)
            {
                if (projection.Length > 0)
                {
                    projection.Append(", ");
                }
                var expression = treatedExpressions[name];
                if (byColumn.TryGetValue(name, out var treatment) && treatment.Method == PseudonymisationMethod.ShiftDate)
                {
                    // The subject as it appears in the OUTPUT: a reverser who holds only the pseudonymised file can recompute the offset.
                    expression = Treated(treatment, Source(name), (name, type, kind), null, treatedExpressions[treatment.SubjectColumn!]);
                }
                projection.Append(expression).Append(" AS ").Append(DuckDbSql.Identifier(name));
            }
            foreach (var column in tokenColumns)
            {
                var alias = TokenAlias(tokenColumns, column)!;
                joins.Append(CultureInfo.InvariantCulture,
                    $" LEFT JOIN agora_token_map AS {alias} ON CAST({Source(column)} AS VARCHAR) = {alias}.value");
            }
            var select = $"SELECT {projection} FROM {source}{joins}" + (tokenColumns.Count > 0 ? $" ORDER BY src.{RowColumn}" : "");
            long rows;
            try
            {
                rows = write(select);
            }
            catch (DuckDBException e)
            {
                throw Translate(e);
            }
            if (vaultTemporary is not null)
            {
                File.Move(vaultTemporary, vaultPath, overwrite: true);
            }
            return new PseudonymisationSummary(rows, plan.Treatments, plan.Policy, keys.CurrentVersion,
                functions.DocumentId, vaultTemporary is null ? null : Path.GetFullPath(vaultPath), vaultEntries);
        }
        finally
        {
            if (vaultTemporary is not null && File.Exists(vaultTemporary))
            {
                File.Delete(vaultTemporary);
            }
        }
    }

    /// <summary>Reverses columns of a pseudonymised file. The vault is needed for token columns.</summary>
    /// <exception cref="PseudonymisationException">A method that is one-way, a pseudonym that does not open with this
    /// domain's key (wrong domain or key), or a token that is not in the vault.</exception>
    public static long ReidentifyFile(string inputPath, string outputPath, IReadOnlyList<ColumnReversal> reversals, DomainKeyChain keys,
        string? vaultPath = null, int maxShiftDays = 365)
    {
        ArgumentNullException.ThrowIfNull(reversals);
        using var connection = TabularFile.OpenAsView(inputPath);
        return Reidentify(connection, "input", outputPath, reversals, keys, vaultPath, maxShiftDays);
    }

    /// <summary>Reverses columns of a relation into a file.</summary>
    public static long Reidentify(DuckDBConnection connection, string relation, string outputPath, IReadOnlyList<ColumnReversal> reversals,
        DomainKeyChain keys, string? vaultPath, int maxShiftDays = 365)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        return Reidentify(connection, relation, select =>
        {
            TabularFile.WriteAtomically(connection, select, outputPath);
            return CountRows(connection, outputPath);
        }, reversals, keys, vaultPath, maxShiftDays);
    }

    /// <summary>Reverses columns of a relation and hands the resulting query to <paramref name="write"/>, which runs it on
    /// the same connection and returns the rows written.</summary>
    /// <exception cref="PseudonymisationException">See <see cref="ReidentifyFile"/>.</exception>
    public static long Reidentify(DuckDBConnection connection, string relation, Func<string, long> write, IReadOnlyList<ColumnReversal> reversals,
        DomainKeyChain keys, string? vaultPath, int maxShiftDays = 365)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(reversals);
        var columns = Columns(connection, relation);
        var names = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var reversal in reversals)
        {
            if (!names.Contains(reversal.Column))
            {
                throw new PseudonymisationException($"column '{reversal.Column}' is not in the input; columns are: {string.Join(", ", names)}.");
            }
            if (!TreatmentPlan.IsReversible(reversal.Method))
            {
                throw new PseudonymisationException($"column '{reversal.Column}': {TreatmentPlan.NameOf(reversal.Method)} is one-way and cannot be reversed.");
            }
            if (reversal.Method == PseudonymisationMethod.ShiftDate && (reversal.SubjectColumn is null || !names.Contains(reversal.SubjectColumn)))
            {
                throw new PseudonymisationException($"column '{reversal.Column}': reversing shift-date needs the subject column (--subject COL) as it appears in the input.");
            }
        }
        var tokenColumns = reversals.Where(r => r.Method == PseudonymisationMethod.Token).Select(r => r.Column).ToList();
        if (tokenColumns.Count > 0 && (vaultPath is null || !File.Exists(vaultPath)))
        {
            throw new PseudonymisationException($"token columns need their vault; not found: {vaultPath ?? "(none given)"}.");
        }
        using var functions = PseudonymisationFunctions.Register(connection, keys, PseudonymisationPolicy.Deterministic, maxShiftDays);
        var byColumn = reversals.ToDictionary(r => r.Column, StringComparer.Ordinal);
        var projection = new StringBuilder();
        var joins = new StringBuilder();
        foreach (var (name, type, kind) in columns)
        {
            if (projection.Length > 0)
            {
                projection.Append(", ");
            }
            var source = Source(name);
            var text = $"CAST({source} AS VARCHAR)";
            var expression = !byColumn.TryGetValue(name, out var reversal) ? source : reversal.Method switch
            {
                PseudonymisationMethod.Siv => $"agora_siv_open({text})",
                PseudonymisationMethod.Fpe => $"agora_fpe_open({text})",
                PseudonymisationMethod.IpPrefix => $"agora_ip_prefix_open({text})",
                PseudonymisationMethod.Token => TokenOpen(name, TokenAlias(tokenColumns, name)!),
                PseudonymisationMethod.ShiftDate => Shift(kind, source, $"CAST({Source(reversal.SubjectColumn!)} AS VARCHAR)", forward: false, type),
                _ => throw new InvalidOperationException(),
            };
            projection.Append(expression).Append(" AS ").Append(DuckDbSql.Identifier(name));
        }
        foreach (var column in tokenColumns)
        {
            var alias = TokenAlias(tokenColumns, column)!;
            joins.Append(CultureInfo.InvariantCulture,
                $" LEFT JOIN read_parquet({DuckDbSql.Literal(Path.GetFullPath(vaultPath!))}) AS {alias} ON CAST({Source(column)} AS VARCHAR) = {alias}.token");
        }
        var from = tokenColumns.Count > 0
            ? $"(SELECT *, row_number() OVER () AS {RowColumn} FROM {DuckDbSql.Identifier(relation)}) AS src"
            : $"{DuckDbSql.Identifier(relation)} AS src";
        var select = $"SELECT {projection} FROM {from}{joins}" + (tokenColumns.Count > 0 ? $" ORDER BY src.{RowColumn}" : "");
        try
        {
            return write(select);
        }
        catch (DuckDBException e)
        {
            throw Translate(e);
        }
    }

    private static string TokenOpen(string column, string alias) =>
        $"CASE WHEN {Source(column)} IS NOT NULL AND {alias}.token IS NULL THEN error({DuckDbSql.Literal($"column '{column}': a token is not in the vault (wrong vault for this file?)")})"
        + $" ELSE agora_vault_open({alias}.token, {alias}.sealed) END";

    private static string Treated(ColumnTreatment treatment, string source, (string Name, string Type, ColumnKind Kind) column, string? tokenAlias,
        string? subject)
    {
        var text = $"CAST({source} AS VARCHAR)";
        return treatment.Method switch
        {
            PseudonymisationMethod.Hmac => $"agora_hmac({text})",
            PseudonymisationMethod.Siv => $"agora_siv({text})",
            PseudonymisationMethod.Fpe => $"agora_fpe({text})",
            PseudonymisationMethod.Token => $"{tokenAlias}.token",
            PseudonymisationMethod.Mask => $"agora_mask({text})",
            PseudonymisationMethod.Redact => $"CAST(NULL AS {column.Type})",
            PseudonymisationMethod.IpPrefix => $"agora_ip_prefix({text})",
            PseudonymisationMethod.EmailDomain => $"agora_email_domain({text})",
            PseudonymisationMethod.Scrub => $"agora_scrub({text})",
            PseudonymisationMethod.ShiftDate => Shift(column.Kind, source, $"CAST({subject} AS VARCHAR)", forward: true, column.Type),
            _ => throw new InvalidOperationException(),
        };
    }

    private static string Shift(ColumnKind kind, string source, string subject, bool forward, string type)
    {
        var direction = forward ? "shift" : "unshift";
        return kind switch
        {
            ColumnKind.Date => $"agora_{direction}_date({source}, {subject})",
            ColumnKind.Timestamp => $"CAST(agora_{direction}_timestamp(CAST({source} AS TIMESTAMP), {subject}) AS {type})",
            _ => $"agora_{direction}_date_text(CAST({source} AS VARCHAR), {subject})",
        };
    }

    // One map of distinct values to tokens for all token columns: equal values get equal tokens (within this vault).
    // With the deterministic policy an existing vault is opened and extended, so tokens stay stable across files.
    private static long BuildTokenMap(DuckDBConnection connection, string relation, List<string> tokenColumns, PseudonymisationPolicy policy,
        string vaultPath, string vaultTemporary)
    {
        var reuse = File.Exists(vaultPath);
        if (reuse && policy != PseudonymisationPolicy.Deterministic)
        {
            throw new PseudonymisationException($"the vault {vaultPath} already exists; per-document tokens need a new vault (--vault PATH).");
        }
        var wanted = "SELECT DISTINCT value FROM (" + string.Join(" UNION ALL ", tokenColumns.Select(c =>
            $"SELECT CAST({DuckDbSql.Identifier(c)} AS VARCHAR) AS value FROM {DuckDbSql.Identifier(relation)} WHERE {DuckDbSql.Identifier(c)} IS NOT NULL")) + ")";
        var existing = reuse
            ? $"SELECT agora_vault_open(token, sealed) AS value, token FROM read_parquet({DuckDbSql.Literal(Path.GetFullPath(vaultPath))})"
            : "SELECT CAST(NULL AS VARCHAR) AS value, CAST(NULL AS VARCHAR) AS token WHERE false";
        Execute(connection,
            $"CREATE OR REPLACE TEMP TABLE agora_token_existing AS {existing}",
            $"CREATE OR REPLACE TEMP TABLE agora_token_map AS SELECT value, token FROM agora_token_existing UNION ALL "
            + $"SELECT w.value, agora_token_new() AS token FROM ({wanted}) AS w ANTI JOIN agora_token_existing AS e ON w.value = e.value",
            $"COPY (SELECT token, agora_vault_seal(token, value) AS sealed FROM agora_token_map) TO {DuckDbSql.Literal(vaultTemporary)} (FORMAT parquet, COMPRESSION zstd)");
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM agora_token_map";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(DuckDBConnection connection, params string[] statements)
    {
        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            try
            {
                command.ExecuteNonQuery();
            }
            catch (DuckDBException e)
            {
                throw Translate(e);
            }
        }
    }

    // Errors raised inside the scalar functions come back as "Invalid Input Error: <our message>"; keep our message.
    private static PseudonymisationException Translate(DuckDBException e)
    {
        var message = e.Message;
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline > 0)
        {
            message = message[..newline];
        }
        const string Prefix = "Invalid Input Error: ";
        if (message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            message = message[Prefix.Length..];
        }
        return new PseudonymisationException(message, e);
    }

    private static long CountRows(DuckDBConnection connection, string outputPath)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {TabularFile.ReadExpression(outputPath)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Source(string column) => "src." + DuckDbSql.Identifier(column);

    private static string? TokenAlias(List<string> tokenColumns, string column)
    {
        var index = tokenColumns.IndexOf(column);
        return index < 0 ? null : string.Create(CultureInfo.InvariantCulture, $"tokens{index}");
    }

    private static string TemporaryBeside(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp.parquet"));
    }
}
