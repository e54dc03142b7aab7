using System.Globalization;
using Agora.Data.Files;
using Agora.Data.Ingestion;
using DuckDB.NET.Data;

namespace Agora.Data.Storage;

/// <summary>Plain formats a version can be exported to (for those allowed to download it).</summary>
public enum ExportFormat
{
    /// <summary>UTF-8 CSV with a header row.</summary>
    Csv,

    /// <summary>Unencrypted Parquet (zstd).</summary>
    Parquet,
}

/// <summary>The first rows of a version, every value as text (DuckDB's canonical form: ISO dates, shortest exact numbers).</summary>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">Rows, <c>null</c> for missing values.</param>
public sealed record TablePreview(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>
/// Read access to one stored version through a private in-memory DuckDB connection that holds the version's key and a view
/// named <see cref="RelationName"/> over the encrypted file. Profiling and querying run their SQL on <see cref="Connection"/>.
/// Dispose to drop the key from memory.
/// </summary>
public sealed class StoredVersionReader : IDisposable
{
    /// <summary>The view over the version.</summary>
    public const string RelationName = "version";

    private readonly string _stagingFolder;
    private readonly StagingArea _spill;

    internal StoredVersionReader(string contentHash, string path, ReadOnlySpan<byte> dataKey, StagingArea spill, string stagingFolder)
    {
        ContentHash = contentHash;
        _spill = spill;
        _stagingFolder = stagingFolder;
        Connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            Connection.Open();
            // Decrypted data that a large query spills goes to a private staging folder, removed on dispose or restart.
            Execute($"SET temp_directory = {DuckDbSql.Literal(spill.Folder)}");
            Execute(ParquetEncryption.AddKeyStatement(VersionStore.KeyName, dataKey));
            Execute($"CREATE VIEW {RelationName} AS SELECT * FROM read_parquet({DuckDbSql.Literal(path)}, {ParquetEncryption.ReadOption(VersionStore.KeyName)})");
            Execute($"SELECT * FROM {RelationName} LIMIT 0");
        }
        catch
        {
            Connection.Dispose();
            spill.Dispose();
            throw;
        }
    }

    /// <summary>The version's content hash.</summary>
    public string ContentHash { get; }

    /// <summary>The connection with the view <see cref="RelationName"/>; do not close it (dispose the reader instead).</summary>
    public DuckDBConnection Connection { get; }

    /// <summary>Rows in the version (from the Parquet footer; no data is decrypted).</summary>
    public long CountRows()
    {
        using var command = Connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {RelationName}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The version's columns and types.</summary>
    public IReadOnlyList<StoredColumn> Columns()
    {
        using var command = Connection.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {RelationName})";
        using var reader = command.ExecuteReader();
        var columns = new List<StoredColumn>();
        while (reader.Read())
        {
            columns.Add(new StoredColumn(reader.GetString(0), ColumnTypes.FromDuckDb(reader.GetString(1))));
        }
        return columns;
    }

    /// <summary>The first <paramref name="rows"/> rows as text.</summary>
    public TablePreview Preview(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var names = Columns().Select(c => c.Name).ToList();
        using var command = Connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", names.Select(n => $"CAST({DuckDbSql.Identifier(n)} AS VARCHAR)"))} FROM {RelationName} LIMIT {rows.ToString(CultureInfo.InvariantCulture)}";
        using var reader = command.ExecuteReader();
        var result = new List<IReadOnlyList<string?>>();
        while (reader.Read())
        {
            result.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i)).ToArray());
        }
        return new TablePreview(names, result);
    }

    /// <summary>Writes the version, decrypted, to <paramref name="outputPath"/> atomically (temporary file, then rename).</summary>
    public void Export(string outputPath, ExportFormat format)
    {
        var full = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            CopyTo(temporary, format);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Streams the version, decrypted, in <paramref name="format"/> to <paramref name="destination"/> (an HTTP
    /// response body). The plain file lives only in the store's staging area while it is streamed.</summary>
    public async Task ExportAsync(Stream destination, ExportFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var staging = StagingArea.Create(_stagingFolder);
        var temporary = staging.PathFor("export");
        await Task.Run(() => CopyTo(temporary, format), cancellationToken);
        await using var file = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await file.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Streams the result of a query on <see cref="Connection"/> (for example a re-identification of some of the
    /// version's columns), in <paramref name="format"/>, to <paramref name="destination"/>. <paramref name="produce"/> is
    /// handed a function that writes a query's result to the export file and returns its row count, and calls it once
    /// (<c>DatasetPseudonymisation.Reidentify</c> has that shape). The plain file lives only in the store's staging area
    /// while it is streamed.</summary>
    /// <returns>The rows written.</returns>
    public async Task<long> ExportQueryAsync(Func<Func<string, long>, long> produce, Stream destination, ExportFormat format,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(produce);
        ArgumentNullException.ThrowIfNull(destination);
        using var staging = StagingArea.Create(_stagingFolder);
        var temporary = staging.PathFor("export");
        var rows = await Task.Run(() => produce(select =>
        {
            CopyQueryTo(select, temporary, format);
            using var command = Connection.CreateCommand();
            command.CommandText = format == ExportFormat.Csv
                ? $"SELECT count(*) FROM read_csv({DuckDbSql.Literal(temporary)}, header = true, all_varchar = true)"
                : $"SELECT count(*) FROM read_parquet({DuckDbSql.Literal(temporary)})";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }), cancellationToken);
        await using var file = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await file.CopyToAsync(destination, cancellationToken);
        return rows;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Connection.Dispose();
        _spill.Dispose();
    }

    private void CopyTo(string path, ExportFormat format) => CopyQueryTo($"SELECT * FROM {RelationName}", path, format);

    private void CopyQueryTo(string select, string path, ExportFormat format)
    {
        var options = format == ExportFormat.Csv ? "FORMAT csv, HEADER true" : "FORMAT parquet, COMPRESSION zstd";
        Execute($"COPY ({select}) TO {DuckDbSql.Literal(path)} ({options})");
    }

    private void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
