using System.Security.Cryptography;
using System.Text;
using Agora.Data.Files;
using Agora.Data.Ingestion;
using Agora.Data.Storage;
using Agora.Privacy.Keys;
using DuckDB.NET.Data;

namespace Agora.Data.Tests.Storage;

public sealed class VersionStoreTests : IDisposable
{
    private const string Csv = "id,name,amount,born,seen,active\n" +
        "1,Zoé Wagner-Secretvalue,12.5,1980-03-04,2024-01-02 10:00:00,true\n" +
        "2,Jean Muller-Secretvalue,,1975-12-31,2024-01-02 11:30:00,false\n" +
        "3,Lea Schmit-Secretvalue,7.25,2001-07-01,2024-02-03 08:15:00,true\n";

    private readonly StoreFixture _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Ingest_Csv_StoresAReadableVersionWithSchemaPreviewAndCount()
    {
        var version = await _store.IngestAsync(_store.Write("people.csv", Csv));
        Assert.Equal(3, version.RowCount);
        Assert.Equal(["id", "name", "amount", "born", "seen", "active"], version.Columns.Select(c => c.Name));
        using var reader = _store.Store.OpenRead(version.ContentHash, version.WrappedKey);
        Assert.Equal(3, reader.CountRows());
        Assert.Equal(version.Columns, reader.Columns());
        var preview = reader.Preview(2);
        Assert.Equal(["1", "Zoé Wagner-Secretvalue", "12.5", "1980-03-04", "2024-01-02 10:00:00", "true"], preview.Rows[0]);
        Assert.Null(preview.Rows[1][2]);
        Assert.Equal(2, preview.Rows.Count);
    }

    [Fact]
    public async Task Ingest_NameIsTheSha256OfTheStoredFile()
    {
        var path = _store.Write("people.csv", Csv);
        var version = await _store.IngestAsync(path);
        var stored = _store.Store.PathOf(version.ContentHash);
        Assert.Equal(Path.Combine(_store.Store.Root, version.RelativePath), stored);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(stored))), version.ContentHash);
        Assert.Equal(new FileInfo(stored).Length, version.SizeBytes);
        Assert.True(_store.Store.VerifyIntegrity(version.ContentHash));
        Assert.Equal([version.ContentHash], _store.Store.ListContentHashes());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_store.Store.Root, "staging")));
    }

    [Fact]
    public async Task Ingest_SameUploadTwice_GivesTwoVersionsWithTheirOwnKeys()
    {
        var path = _store.Write("people.csv", Csv);
        var first = await _store.IngestAsync(path);
        var second = await _store.IngestAsync(path);
        Assert.NotEqual(first.ContentHash, second.ContentHash);
        Assert.NotEqual(first.WrappedKey.Bytes, second.WrappedKey.Bytes);
    }

    [Fact]
    public async Task Ingest_AppliesRenameRetypeAndDrop()
    {
        var path = _store.Write("people.csv", Csv);
        var plan = _store.Store.Inspect(path).Plan.Rename("name", "full_name").Retype("id", ColumnType.Text).DropColumn("born");
        var version = await _store.Store.IngestAsync(path, plan);
        using var reader = _store.Store.OpenRead(version.ContentHash, version.WrappedKey);
        Assert.Equal(
            [new StoredColumn("id", ColumnType.Text), new StoredColumn("full_name", ColumnType.Text), new StoredColumn("amount", ColumnType.Decimal),
                new StoredColumn("seen", ColumnType.Timestamp), new StoredColumn("active", ColumnType.Boolean)],
            reader.Columns());
    }

    [Fact]
    public async Task Ingest_Latin1_IsStoredAsUtf8()
    {
        var version = await _store.IngestAsync(_store.Write("latin.csv", "name,city\nZoé,Münsbach\n", Encoding.Latin1));
        using var reader = _store.Store.OpenRead(version.ContentHash, version.WrappedKey);
        Assert.Equal(["Zoé", "Münsbach"], reader.Preview(1).Rows[0]);
    }

    [Fact]
    public async Task Ingest_JsonLinesAndParquet_RoundTrip()
    {
        var json = await _store.IngestAsync(_store.Write("e.jsonl", "{\"id\":1,\"tags\":{\"a\":1}}\n{\"id\":2,\"tags\":null}\n"));
        using (var reader = _store.Store.OpenRead(json.ContentHash, json.WrappedKey))
        {
            Assert.Equal(["1", "{\"a\":1}"], reader.Preview(1).Rows[0]);
            reader.Export(Path.Combine(_store.Folder, "plain.parquet"), ExportFormat.Parquet);
        }
        var parquet = await _store.IngestAsync(Path.Combine(_store.Folder, "plain.parquet"));
        using var again = _store.Store.OpenRead(parquet.ContentHash, parquet.WrappedKey);
        Assert.Equal(2, again.CountRows());
        Assert.Equal([new StoredColumn("id", ColumnType.Integer), new StoredColumn("tags", ColumnType.Text)], again.Columns());
    }

    [Fact]
    public async Task Export_CsvToFileAndStream_AreThePlainData()
    {
        var version = await _store.IngestAsync(_store.Write("people.csv", Csv));
        var output = Path.Combine(_store.Folder, "out", "people.csv");
        var staging = Path.Combine(_store.Store.Root, "staging");
        using (var reader = _store.Store.OpenRead(version.ContentHash, version.WrappedKey))
        {
            reader.Export(output, ExportFormat.Csv);
            var text = await File.ReadAllTextAsync(output);
            Assert.StartsWith("id,name,amount,born,seen,active\n1,Zoé Wagner-Secretvalue,12.5,1980-03-04,2024-01-02 10:00:00,true\n", text, StringComparison.Ordinal);
            using var stream = new MemoryStream();
            await reader.ExportAsync(stream, ExportFormat.Csv);
            Assert.Equal(text, Encoding.UTF8.GetString(stream.ToArray()));
            // Only the reader's own spill folder and its lock remain while it is open.
            Assert.Equal(2, Directory.GetFileSystemEntries(staging).Length);
        }
        Assert.Empty(Directory.GetFileSystemEntries(staging));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public async Task StoredFile_RevealsNoCellValueWithoutTheKey()
    {
        // Long, distinctive values so that a plain file would show them even through compression.
        var rows = string.Concat(Enumerable.Range(0, 300).Select(i => $"{i},Patient-Secretvalue-{i % 7},LU-IDN-19800304-{i:D5}\n"));
        var path = _store.Write("patients.csv", "id,name,national_id\n" + rows);
        var version = await _store.IngestAsync(path);
        var stored = File.ReadAllBytes(_store.Store.PathOf(version.ContentHash));
        string[] known = ["Patient-Secretvalue", "LU-IDN-19800304", "national_id"];

        // The same data exported plainly does show the values: the scan below can fail.
        using (var reader = _store.Store.OpenRead(version.ContentHash, version.WrappedKey))
        {
            reader.Export(Path.Combine(_store.Folder, "plain.parquet"), ExportFormat.Parquet);
        }
        var plain = File.ReadAllBytes(Path.Combine(_store.Folder, "plain.parquet"));
        Assert.All(known, value => Assert.True(Contains(plain, value), value));

        Assert.All(known, value => Assert.False(Contains(stored, value), value));
        Assert.Equal("PARE"u8.ToArray(), stored[..4]);

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet({DuckDbSql.Literal(_store.Store.PathOf(version.ContentHash))})";
        var error = Assert.Throws<DuckDBException>(() => command.ExecuteNonQuery());
        Assert.Contains("encrypted", error.Message, StringComparison.OrdinalIgnoreCase);
        command.CommandText = $"PRAGMA add_parquet_key('guess', '{Convert.ToBase64String(new byte[32])}')";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT * FROM read_parquet({DuckDbSql.Literal(_store.Store.PathOf(version.ContentHash))}, encryption_config = {{footer_key: 'guess'}})";
        Assert.Throws<DuckDBException>(() => command.ExecuteNonQuery());
    }

    [Fact]
    public async Task StoredFile_IsOnlyGcmModulesWithDistinctNonces()
    {
        // Parquet modular encryption: "PARE", then modules [length:4][nonce:12][ciphertext][tag:16], then the encrypted
        // footer, its length and "PARE". Walking the modules proves no plain byte sits between them, and distinct nonces
        // show the mbedTLS writer did not repeat one under this file's key (see docs/adr/0031-encryption-at-rest.md).
        var rows = string.Concat(Enumerable.Range(0, 250_000).Select(i => $"{i},{i % 97},name {i}\n"));
        var path = _store.Write("many.csv", "id,group,label\n" + rows);
        var version = await _store.IngestAsync(path);
        var bytes = File.ReadAllBytes(_store.Store.PathOf(version.ContentHash));
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footerStart = bytes.Length - 8 - footerLength;
        var nonces = new HashSet<string>();
        var position = 4;
        var modules = 0;
        while (position < footerStart)
        {
            var length = BitConverter.ToInt32(bytes, position);
            Assert.InRange(length, 28, footerStart - position - 4);
            Assert.True(nonces.Add(Convert.ToHexString(bytes, position + 4, 12)), $"nonce repeated at offset {position}");
            position += 4 + length;
            modules++;
        }
        Assert.Equal(footerStart, position);
        var footerNonce = Convert.ToHexString(bytes, footerStart + 4, 12);
        Assert.True(nonces.Add(footerNonce));
        Assert.True(modules > 20, $"only {modules} modules");
    }

    [Fact]
    public async Task OpenRead_WrappedKeyOfAnotherVersion_DoesNotOpen()
    {
        var first = await _store.IngestAsync(_store.Write("a.csv", Csv));
        var second = await _store.IngestAsync(_store.Write("b.csv", Csv));
        Assert.Throws<KeyRingException>(() => _store.Store.OpenRead(first.ContentHash, second.WrappedKey));
        using var otherRing = KeyRing.Parse(KeyRing.GenerateText());
        var otherStore = new VersionStore(_store.Store.Root, otherRing);
        Assert.Throws<KeyRingException>(() => otherStore.OpenRead(first.ContentHash, first.WrappedKey));
    }

    [Fact]
    public async Task Ingest_Failure_LeavesNothingBehind()
    {
        var path = _store.Write("bad.csv", "a,b\n1,2\n3\n");
        await Assert.ThrowsAsync<IngestionException>(() => _store.IngestAsync(path));
        Assert.Empty(_store.StoredFiles());
    }

    [Fact]
    public async Task Ingest_Cancelled_LeavesNothingBehind()
    {
        var rows = string.Concat(Enumerable.Range(0, 400_000).Select(i => $"{i},{i % 97},name {i},2024-01-01\n"));
        var path = _store.Write("big.csv", "id,group,label,day\n" + rows);
        var plan = _store.Store.Inspect(path).Plan;
        using var cancellation = new CancellationTokenSource();
        var ingestion = _store.Store.IngestAsync(path, plan, cancellation.Token);
        var staging = Path.Combine(_store.Store.Root, "staging");
        while (!ingestion.IsCompleted && Directory.GetFiles(staging, "*.lock").Length == 0)
        {
            await Task.Delay(1);
        }
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ingestion);
        Assert.Empty(_store.StoredFiles());
    }

    [Fact]
    public void NewStore_RemovesAbandonedStagingButNotLiveWrites()
    {
        var staging = Path.Combine(_store.Store.Root, "staging");
        // A dead writer: lock file and folder, nobody holding the lock.
        Directory.CreateDirectory(Path.Combine(staging, "dead"));
        File.WriteAllText(Path.Combine(staging, "dead", "version.parquet"), "partial");
        File.WriteAllText(Path.Combine(staging, "dead.lock"), "");
        // A folder whose lock is gone.
        Directory.CreateDirectory(Path.Combine(staging, "orphan"));
        // A live writer holding its lock.
        Directory.CreateDirectory(Path.Combine(staging, "live"));
        using var live = new FileStream(Path.Combine(staging, "live.lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

        var reopened = new VersionStore(_store.Store.Root, _store.KeyRing);

        Assert.Equal(2, reopened.AbandonedFilesRemoved);
        Assert.Equal(["live", "live.lock"], Directory.GetFileSystemEntries(staging).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task RemoveUnreferenced_DeletesOnlyOldFilesNoMetadataNames()
    {
        var kept = await _store.IngestAsync(_store.Write("a.csv", Csv));
        var orphan = await _store.IngestAsync(_store.Write("b.csv", Csv));
        Assert.Empty(_store.Store.RemoveUnreferenced(new HashSet<string> { kept.ContentHash }, TimeSpan.FromHours(1)));
        var removed = _store.Store.RemoveUnreferenced(new HashSet<string> { kept.ContentHash }, TimeSpan.Zero);
        Assert.Equal([orphan.ContentHash], removed);
        Assert.True(_store.Store.Exists(kept.ContentHash));
        Assert.False(_store.Store.Exists(orphan.ContentHash));
    }

    private static bool Contains(byte[] haystack, string value) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;
}
