using System.Globalization;
using System.Security.Cryptography;
using Agora.Data.Files;
using Agora.Data.Ingestion;
using Agora.Privacy.Keys;
using DuckDB.NET.Data;

namespace Agora.Data.Storage;

/// <summary>
/// The immutable, content-addressed, encrypted store of dataset versions under one root folder:
/// <c>versions/ab/abcd….parquet</c> (the name is the SHA-256 of the file) and <c>staging/</c> for writes in progress.
/// A version is written completely or not at all: DuckDB writes the encrypted Parquet into a private staging folder,
/// the file is flushed to disk and hashed, then renamed into place; only then does <see cref="IngestAsync"/> return, and
/// only then may the platform commit the version's metadata. Creating the store removes staging leftovers of writes
/// whose process died (see docs/adr/0030). Thread-safe; many writes may run at once, in one process or several.
/// </summary>
public sealed class VersionStore
{
    /// <summary>The name DuckDB knows a version's data key by inside the private connection that uses it.</summary>
    internal const string KeyName = "agora_version_key";

    private readonly KeyRing _keyRing;
    private readonly IngestionOptions _options;

    /// <summary>Opens (creating if needed) the store at <paramref name="root"/> and removes abandoned staging files.</summary>
    /// <param name="root">The store's folder, e.g. <c>{data-dir}/store</c>.</param>
    /// <param name="keyRing">The platform master key ring that wraps each version's data key.</param>
    /// <param name="options">Limits; defaults apply when <c>null</c>.</param>
    public VersionStore(string root, KeyRing keyRing, IngestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = Path.GetFullPath(root);
        _keyRing = keyRing ?? throw new ArgumentNullException(nameof(keyRing));
        _options = options ?? IngestionOptions.Default;
        Directory.CreateDirectory(VersionsFolder);
        Directory.CreateDirectory(StagingFolder);
        AbandonedFilesRemoved = StagingArea.RemoveAbandoned(StagingFolder);
    }

    /// <summary>The store's root folder.</summary>
    public string Root { get; }

    /// <summary>How many abandoned staging folders the constructor removed (writes killed mid-way).</summary>
    public int AbandonedFilesRemoved { get; }

    private string VersionsFolder => Path.Combine(Root, "versions");

    private string StagingFolder => Path.Combine(Root, "staging");

    /// <summary>Inspects an upload (see <see cref="FileInspector.Inspect"/>), with temporary files in this store's staging area.</summary>
    public FileInspection Inspect(string sourcePath)
    {
        using var staging = StagingArea.Create(StagingFolder);
        return FileInspector.Inspect(sourcePath, _options, staging.Folder);
    }

    /// <summary>
    /// Validates and stores <paramref name="sourcePath"/> as a new encrypted version following <paramref name="plan"/>, in
    /// one pass of DuckDB over the file (explicit dialect and types, Parquet with zstd and modular encryption under a fresh
    /// random data key). On any error nothing is left in the store.
    /// </summary>
    /// <exception cref="IngestionException">The file breaks a rule; the error names rule, line and column.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was stored.</exception>
    public async Task<StoredVersion> IngestAsync(string sourcePath, IngestionPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        var verdict = ContentSniffer.Examine(sourcePath, _options);
        if (verdict.Format != plan.Format)
        {
            throw IngestionException.Of(IngestionRule.InvalidPlan, null, null,
                $"The plan is for {plan.Format} but {Path.GetFileName(sourcePath)} is {verdict.Format}; inspect the file again.");
        }
        using var staging = StagingArea.Create(StagingFolder);
        using var scanCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var findNul = plan.Format != TabularFormat.Parquet && plan.Encoding is not (TextEncoding.Utf16LittleEndian or TextEncoding.Utf16BigEndian);
        // The scan reads the source while DuckDB converts it; the OS page cache serves both readers.
        var nulScan = findNul
            ? Task.Run(() => NulScan.FindFirst(sourcePath, scanCancellation.Token), scanCancellation.Token)
            : Task.FromResult<NulScan.Result?>(null);
        var dataKey = KeyRing.NewDataKey();
        try
        {
            var readable = sourcePath;
            if (plan.Format != TabularFormat.Parquet && ContentSniffer.NeedsTranscoding(plan.Encoding))
            {
                readable = staging.PathFor("source.utf8");
                await Task.Run(() => Transcoder.ToUtf8(sourcePath, plan.Encoding, readable, cancellationToken: cancellationToken), cancellationToken);
            }
            var written = staging.PathFor("version.parquet");
            var rows = await Task.Run(() => WriteEncrypted(readable, plan, written, dataKey, staging.Folder, cancellationToken), cancellationToken);
            if (await nulScan is { } nul)
            {
                throw IngestionException.Of(IngestionRule.BinaryData, nul.Line, null,
                    $"Line {nul.Line.ToString(CultureInfo.InvariantCulture)} contains a NUL byte (offset {nul.Offset.ToString(CultureInfo.InvariantCulture)}), so the file is binary data, not text.");
            }
            var contentHash = DurableFile.SyncAndHash(written, cancellationToken);
            var size = new FileInfo(written).Length;
            var relative = RelativePathOf(contentHash);
            var wrapped = _keyRing.Wrap(dataKey, KeyPurpose(contentHash));
            DurableFile.MoveIntoPlace(written, Path.Combine(Root, relative));
            var columns = plan.KeptColumns.Select(c => new StoredColumn(c.Name.Trim(), c.Type)).ToList();
            return new StoredVersion(contentHash, wrapped, rows, size, columns, plan.Format, relative);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            await scanCancellation.CancelAsync();
            try
            {
                await nulScan;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Opens a stored version for reading: a private in-memory DuckDB connection with the version's key
    /// registered and a view <c>version</c> over the file.</summary>
    /// <exception cref="FileNotFoundException">No version has this hash.</exception>
    /// <exception cref="KeyRingException">The wrapped key does not belong to this version or this key ring.</exception>
    public StoredVersionReader OpenRead(string contentHash, WrappedKey wrappedKey)
    {
        ArgumentNullException.ThrowIfNull(wrappedKey);
        var path = PathOf(contentHash);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No stored version {contentHash}.", path);
        }
        var dataKey = _keyRing.Unwrap(wrappedKey, KeyPurpose(contentHash));
        try
        {
            return new StoredVersionReader(contentHash, path, dataKey, StagingArea.Create(StagingFolder), StagingFolder);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Stores the result of <paramref name="selectSql"/>, run on an open connection (typically a
    /// <see cref="StoredVersionReader"/>'s, with the source version as a view), as a new encrypted version: the derived
    /// versions of protection (pseudonymised, anonymised) and linkage. DuckDB writes the result straight into an encrypted
    /// Parquet file under a fresh data key in this store's staging area, so no plain copy of the derived data ever reaches
    /// the disk; then the file is flushed, hashed and renamed into place as in <see cref="IngestAsync"/>. The data key stays
    /// registered on <paramref name="connection"/>, which the caller disposes.
    /// </summary>
    /// <exception cref="DuckDBException">The query failed; nothing was stored.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was stored.</exception>
    public StoredVersion StoreQueryResult(DuckDBConnection connection, string selectSql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(selectSql);
        using var staging = StagingArea.Create(StagingFolder);
        var dataKey = KeyRing.NewDataKey();
        // A name per write: several derived versions may be written on one connection, each under its own key.
        var keyName = "agora_derived_" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        try
        {
            Execute(connection, ParquetEncryption.AllowWritingStatement);
            Execute(connection, ParquetEncryption.AddKeyStatement(keyName, dataKey));
            var written = staging.PathFor("version.parquet");
            var columns = new List<StoredColumn>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"DESCRIBE {selectSql}";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    columns.Add(new StoredColumn(reader.GetString(0), ColumnTypes.FromDuckDb(reader.GetString(1))));
                }
            }
            long rows;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"COPY ({selectSql}) TO {DuckDbSql.Literal(written)} " +
                    $"(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, {ParquetEncryption.CopyOption(keyName)})";
                using (cancellationToken.Register(command.Cancel))
                {
                    try
                    {
                        command.ExecuteNonQuery();
                    }
                    catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                }
                command.CommandText = $"SELECT count(*) FROM read_parquet({DuckDbSql.Literal(written)}, {ParquetEncryption.ReadOption(keyName)})";
                rows = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            cancellationToken.ThrowIfCancellationRequested();
            var contentHash = DurableFile.SyncAndHash(written, cancellationToken);
            var size = new FileInfo(written).Length;
            var relative = RelativePathOf(contentHash);
            var wrapped = _keyRing.Wrap(dataKey, KeyPurpose(contentHash));
            DurableFile.MoveIntoPlace(written, Path.Combine(Root, relative));
            return new StoredVersion(contentHash, wrapped, rows, size, columns, TabularFormat.Parquet, relative);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Adds another stored version to an open reader as the view <paramref name="relation"/>, with its own key,
    /// so that one query can read several versions (a linkage join).</summary>
    /// <exception cref="FileNotFoundException">No version has this hash.</exception>
    /// <exception cref="KeyRingException">The wrapped key does not belong to this version or this key ring.</exception>
    public void Attach(StoredVersionReader reader, string relation, string contentHash, WrappedKey wrappedKey)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(wrappedKey);
        var path = PathOf(contentHash);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No stored version {contentHash}.", path);
        }
        var dataKey = _keyRing.Unwrap(wrappedKey, KeyPurpose(contentHash));
        try
        {
            var keyName = KeyName + "_" + contentHash[..16];
            Execute(reader.Connection, ParquetEncryption.AddKeyStatement(keyName, dataKey));
            Execute(reader.Connection,
                $"CREATE VIEW {DuckDbSql.Identifier(relation)} AS SELECT * FROM read_parquet({DuckDbSql.Literal(path)}, {ParquetEncryption.ReadOption(keyName)})");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Whether a version with this hash is stored.</summary>
    public bool Exists(string contentHash) => File.Exists(PathOf(contentHash));

    /// <summary>The absolute path of a version's file.</summary>
    public string PathOf(string contentHash) => Path.Combine(Root, RelativePathOf(contentHash));

    /// <summary>Re-hashes a stored file and compares it with its name (detects corruption or tampering at rest).</summary>
    public bool VerifyIntegrity(string contentHash)
    {
        using var stream = File.OpenRead(PathOf(contentHash));
        return Convert.ToHexStringLower(SHA256.HashData(stream)) == contentHash;
    }

    /// <summary>Every stored version's hash.</summary>
    public IReadOnlyList<string> ListContentHashes() =>
        Directory.EnumerateFiles(VersionsFolder, "*.parquet", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).Where(IsContentHash).Select(h => h!).Order(StringComparer.Ordinal).ToList();

    /// <summary>Deletes stored files that no metadata references and that are older than <paramref name="minimumAge"/>:
    /// the files of ingestions whose process died after the file was in place but before the metadata commit. The age
    /// guard keeps files whose commit is still in flight.</summary>
    public IReadOnlyList<string> RemoveUnreferenced(IReadOnlySet<string> referencedHashes, TimeSpan minimumAge, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(referencedHashes);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var removed = new List<string>();
        foreach (var hash in ListContentHashes())
        {
            var path = PathOf(hash);
            if (!referencedHashes.Contains(hash) && now - File.GetLastWriteTimeUtc(path) >= minimumAge)
            {
                File.Delete(path);
                removed.Add(hash);
            }
        }
        return removed;
    }

    /// <summary>The associated data a version's key is wrapped with: a wrapped key copied to another version does not open.</summary>
    public static string KeyPurpose(string contentHash) => "agora/version/" + contentHash;

    private static string RelativePathOf(string contentHash)
    {
        if (!IsContentHash(contentHash))
        {
            throw new ArgumentException("A content hash is 64 lower-case hexadecimal characters.", nameof(contentHash));
        }
        return Path.Combine("versions", contentHash[..2], contentHash + ".parquet");
    }

    private static bool IsContentHash(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static long WriteEncrypted(string readable, IngestionPlan plan, string destination, byte[] dataKey, string stagingFolder,
        CancellationToken cancellationToken)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        // Should DuckDB spill to disk, the plain intermediate data stays in the staging folder, which is deleted afterwards.
        Execute(connection, $"SET temp_directory = {DuckDbSql.Literal(stagingFolder)}");
        Execute(connection, ParquetEncryption.AllowWritingStatement);
        Execute(connection, ParquetEncryption.AddKeyStatement(KeyName, dataKey));
        const string rejects = "agora_rejects";
        var from = SourceQuery.From(plan, readable, rejectsTable: plan.Format == TabularFormat.Csv ? rejects : null);
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT {SourceQuery.Select(plan)} FROM {from}) TO {DuckDbSql.Literal(destination)} " +
            $"(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, {ParquetEncryption.CopyOption(KeyName)})";
        using (cancellationToken.Register(command.Cancel))
        {
            try
            {
                command.ExecuteNonQuery();
            }
            catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (DuckDBException e)
            {
                throw new IngestionException(plan.Format switch
                {
                    TabularFormat.JsonLines => ErrorLocator.FromJsonFailure(e, plan, readable),
                    TabularFormat.Parquet => ErrorLocator.FromParquetFailure(connection, e, plan, readable),
                    _ => new IngestionError(IngestionRule.UnknownFormat, null, null, DuckDbErrors.FirstLine(e.Message)),
                }, e);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (plan.Format == TabularFormat.Csv && ErrorLocator.FromCsvRejects(connection, rejects, plan) is { } error)
        {
            throw new IngestionException(error);
        }
        command.CommandText = $"SELECT count(*) FROM read_parquet({DuckDbSql.Literal(destination)}, {ParquetEncryption.ReadOption(KeyName)})";
        var rows = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (rows == 0)
        {
            throw IngestionException.Of(IngestionRule.EmptyFile, null, null, "The file has no data rows.");
        }
        return rows;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
