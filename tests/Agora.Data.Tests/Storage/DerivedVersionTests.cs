using System.Text;
using Agora.Data.Anonymisation;
using Agora.Data.Pseudonymisation;
using Agora.Data.Storage;
using Agora.Privacy.Anonymisation;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;
using DuckDB.NET.Data;

namespace Agora.Data.Tests.Storage;

public sealed class DerivedVersionTests : IDisposable
{
    private const string People = "id,name,age,city\n1,Zoé Wagner-Secretvalue,34,Esch\n2,Jean Muller-Secretvalue,36,Esch\n3,Lea Schmit-Secretvalue,52,Wiltz\n4,Tom Weber-Secretvalue,57,Wiltz\n";
    private const string Visits = "person,visits\n2,5\n3,1\n9,4\n";

    private readonly StoreFixture _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task StoreQueryResult_WritesAnEncryptedVersionWithoutAPlainCopy()
    {
        var source = await _store.IngestAsync(_store.Write("people.csv", People));
        StoredVersion derived;
        using (var reader = _store.Store.OpenRead(source.ContentHash, source.WrappedKey))
        {
            derived = _store.Store.StoreQueryResult(reader.Connection, "SELECT id, upper(city) AS city FROM version WHERE age > 35");
        }
        Assert.Equal(3, derived.RowCount);
        Assert.Equal(["id", "city"], derived.Columns.Select(c => c.Name));
        Assert.Equal(Agora.Data.Ingestion.ColumnType.Integer, derived.Columns[0].Type);
        Assert.True(_store.Store.VerifyIntegrity(derived.ContentHash));
        // Nothing but the two versions is on disk: no staging leftovers, no plain file.
        Assert.Equal(2, _store.StoredFiles().Count(f => f.EndsWith(".parquet", StringComparison.Ordinal)));
        Assert.DoesNotContain("WILTZ", Encoding.Latin1.GetString(File.ReadAllBytes(_store.Store.PathOf(derived.ContentHash))), StringComparison.Ordinal);
        using var check = new DuckDBConnection("DataSource=:memory:");
        check.Open();
        using var command = check.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM read_parquet('{_store.Store.PathOf(derived.ContentHash)}')";
        Assert.ThrowsAny<Exception>(() => command.ExecuteScalar());

        using var derivedReader = _store.Store.OpenRead(derived.ContentHash, derived.WrappedKey);
        Assert.Equal(["2", "ESCH"], derivedReader.Preview(1).Rows[0]);
    }

    [Fact]
    public async Task StoreQueryResult_BadQuery_LeavesNothing()
    {
        var source = await _store.IngestAsync(_store.Write("people.csv", People));
        using var reader = _store.Store.OpenRead(source.ContentHash, source.WrappedKey);
        var staging = Path.Combine(_store.Store.Root, "staging");
        var before = Directory.GetFileSystemEntries(staging).Length;
        Assert.ThrowsAny<DuckDBException>(() => _store.Store.StoreQueryResult(reader.Connection, "SELECT CAST(name AS INTEGER) FROM version"));
        Assert.Single(_store.StoredFiles(), f => f.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Equal(before, Directory.GetFileSystemEntries(staging).Length);
    }

    [Fact]
    public async Task Attach_JoinsTwoVersionsEachUnderItsOwnKey()
    {
        var people = await _store.IngestAsync(_store.Write("people.csv", People));
        var visits = await _store.IngestAsync(_store.Write("visits.csv", Visits));
        using var reader = _store.Store.OpenRead(people.ContentHash, people.WrappedKey);
        _store.Store.Attach(reader, "right_version", visits.ContentHash, visits.WrappedKey);
        var select = PseudonymLinkage.JoinQuery(reader.Connection, "version", "id", "right_version", "person");
        var joined = _store.Store.StoreQueryResult(reader.Connection, select);
        Assert.Equal(2, joined.RowCount);
        Assert.Equal(["id", "name", "age", "city", "visits"], joined.Columns.Select(c => c.Name));
        // A key that belongs to another version does not open it.
        Assert.Throws<KeyRingException>(() => _store.Store.Attach(reader, "wrong", visits.ContentHash, people.WrappedKey));
    }

    [Fact]
    public async Task AnonymiseThenPseudonymise_OnOneConnection_StoresOneDerivedVersion()
    {
        var source = await _store.IngestAsync(_store.Write("people.csv", People));
        using var reader = _store.Store.OpenRead(source.ContentHash, source.WrappedKey);
        // Risk first (its own table), then the anonymisation on the same connection: their temporary objects do not clash.
        using (var risk = AnonymisationTable.FromRelation(reader.Connection, "version", ["age", "city"]))
        {
            Assert.Equal(4, risk.RowCount);
            Assert.Equal(["age", "city"], risk.Columns);
        }
        using var table = AnonymisationTable.FromRelation(reader.Connection, "version");
        var columns = table.ReadEncoded(["age", "city"]);
        var result = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(columns[0], HierarchyBuilders.Intervals("age", columns[0].Dictionary, [10, 20])),
                new QuasiIdentifier(columns[1], HierarchyBuilders.SuppressionOnly("city", columns[1].Dictionary))],
            Models = [new KAnonymity(2)],
        });
        table.WriteAnonymised(result, select => Execute(reader.Connection, $"CREATE TEMP TABLE anonymised AS {select}"));
        using var ring = KeyRing.Parse(KeyRing.GenerateText());
        using var keys = DomainKeyChain.FromKeyRing(ring, "test");
        StoredVersion? stored = null;
        var summary = DatasetPseudonymisation.Pseudonymise(reader.Connection, "anonymised", select =>
        {
            stored = _store.Store.StoreQueryResult(reader.Connection, select);
            return stored.RowCount;
        }, new TreatmentPlan([new ColumnTreatment("name", PseudonymisationMethod.Hmac)]), keys, Path.Combine(_store.Folder, "vault.parquet"));
        Assert.Equal(4, summary.Rows);
        using var derived = _store.Store.OpenRead(stored!.ContentHash, stored.WrappedKey);
        var rows = derived.Preview(10).Rows;
        Assert.All(rows, r => Assert.Equal(32, r[1]!.Length));
        Assert.Equal(["30-39", "30-39", "50-59", "50-59"], rows.Select(r => r[2]));
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
