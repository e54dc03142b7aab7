using System.Globalization;
using Agora.Data.Files;
using Agora.Data.Pseudonymisation;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;
using DuckDB.NET.Data;

namespace Agora.Data.Tests.Pseudonymisation;

public sealed class DatasetPseudonymisationTests : IDisposable
{
    private static readonly string RingText = KeyRing.GenerateText();
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-pseudo-").FullName;
    private readonly KeyRing _ring = KeyRing.Parse(RingText);

    public void Dispose()
    {
        _ring.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string People()
    {
        var path = Path.Combine(_folder, "people.csv");
        File.WriteAllText(path, """
            id,name,email,ip,iban,admitted,note
            1893120105732,Jean Dupont,jean.dupont@post.lu,192.168.1.20,LU280019400644750000,1985-07-30,call +352 621 123 456
            1985073012345,Anne Schmit,anne.schmit@pt.lu,192.168.1.21,DE89370400440532013000,30/07/1990,no remark here
            1893120105732,Jean Dupont,jean.dupont@post.lu,10.0.0.1,LU280019400644750000,1985-08-02,mail jean.dupont@post.lu

            """);
        return path;
    }

    private static List<Dictionary<string, string?>> Read(string path)
    {
        using var connection = TabularFile.OpenAsView(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM input";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, string?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, string?>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            }
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public void Pseudonymise_EveryMethod_ThenReidentify_GivesTheOriginalsBack()
    {
        var input = People();
        var output = Path.Combine(_folder, "people.parquet");
        using var keys = DomainKeyChain.FromKeyRing(_ring, "study-1");
        var plan = new TreatmentPlan([
            new ColumnTreatment("id", PseudonymisationMethod.Siv), new ColumnTreatment("name", PseudonymisationMethod.Token),
            new ColumnTreatment("email", PseudonymisationMethod.EmailDomain), new ColumnTreatment("ip", PseudonymisationMethod.IpPrefix),
            new ColumnTreatment("iban", PseudonymisationMethod.Fpe), new ColumnTreatment("admitted", PseudonymisationMethod.ShiftDate, "id"),
            new ColumnTreatment("note", PseudonymisationMethod.Scrub),
        ]);
        var summary = DatasetPseudonymisation.PseudonymiseFile(input, output, plan, keys);
        Assert.Equal(3, summary.Rows);
        Assert.Equal(2, summary.VaultEntries);
        var original = Read(input);
        var pseudonymised = Read(output);
        Assert.All(pseudonymised, row => Assert.StartsWith("s1.", row["id"], StringComparison.Ordinal));
        Assert.Equal(pseudonymised[0]["id"], pseudonymised[2]["id"]);
        Assert.Equal(pseudonymised[0]["name"], pseudonymised[2]["name"]);
        Assert.True(TokenVault.IsToken(pseudonymised[0]["name"]!));
        Assert.EndsWith("@post.lu", pseudonymised[0]["email"], StringComparison.Ordinal);
        Assert.StartsWith("LU", pseudonymised[0]["iban"], StringComparison.Ordinal);
        Assert.NotEqual(original[0]["iban"], pseudonymised[0]["iban"]);
        Assert.Equal("call <PHONE_NUMBER>", pseudonymised[0]["note"]);
        Assert.Equal("no remark here", pseudonymised[1]["note"]);
        // One subject's dates move together: 3 days apart before, 3 days apart after.
        var shifted0 = DateOnly.Parse(pseudonymised[0]["admitted"]!, CultureInfo.InvariantCulture);
        var shifted2 = DateOnly.Parse(pseudonymised[2]["admitted"]!, CultureInfo.InvariantCulture);
        Assert.Equal(3, shifted2.DayNumber - shifted0.DayNumber);
        Assert.DoesNotContain(pseudonymised, row => row.ContainsValue("Jean Dupont") || row.ContainsValue("1893120105732"));

        var restored = Path.Combine(_folder, "restored.csv");
        DatasetPseudonymisation.ReidentifyFile(output, restored, [
            new ColumnReversal("id", PseudonymisationMethod.Siv), new ColumnReversal("name", PseudonymisationMethod.Token),
            new ColumnReversal("ip", PseudonymisationMethod.IpPrefix), new ColumnReversal("iban", PseudonymisationMethod.Fpe),
            new ColumnReversal("admitted", PseudonymisationMethod.ShiftDate, "id"),
        ], keys, summary.VaultPath);
        var back = Read(restored);
        for (var i = 0; i < original.Count; i++)
        {
            Assert.Equal(original[i]["id"], back[i]["id"]);
            Assert.Equal(original[i]["name"], back[i]["name"]);
            Assert.Equal(original[i]["ip"], back[i]["ip"]);
            Assert.Equal(original[i]["iban"], back[i]["iban"]);
            Assert.Equal(DateOnly.Parse(original[i]["admitted"]!.Contains('/') ? "1990-07-30" : original[i]["admitted"]!, CultureInfo.InvariantCulture),
                DateOnly.Parse(back[i]["admitted"]!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Hmac_InSql_EqualsThePureImplementation_AndDiffersPerDomain()
    {
        var input = People();
        using var study1 = DomainKeyChain.FromKeyRing(_ring, "study-1");
        using var study2 = DomainKeyChain.FromKeyRing(_ring, "study-2");
        var plan = new TreatmentPlan([new ColumnTreatment("name", PseudonymisationMethod.Hmac)]);
        var out1 = Path.Combine(_folder, "s1.csv");
        var out2 = Path.Combine(_folder, "s2.csv");
        DatasetPseudonymisation.PseudonymiseFile(input, out1, plan, study1);
        DatasetPseudonymisation.PseudonymiseFile(input, out2, plan, study2);
        using var pure = new KeyedPseudonymiser(study1.Current.KeyFor(KeyPurpose.Hmac));
        Assert.Equal(pure.Pseudonymise("Jean Dupont"), Read(out1)[0]["name"]);
        Assert.NotEqual(Read(out1)[0]["name"], Read(out2)[0]["name"]);
    }

    [Fact]
    public void PerDocumentPolicy_RepeatsWithinAFile_DiffersAcrossFiles_AndSivStillReverses()
    {
        var input = People();
        using var keys = DomainKeyChain.FromKeyRing(_ring, "study-1");
        var plan = new TreatmentPlan([new ColumnTreatment("name", PseudonymisationMethod.Hmac), new ColumnTreatment("id", PseudonymisationMethod.Siv)],
            PseudonymisationPolicy.PerDocument);
        var a = Path.Combine(_folder, "a.parquet");
        var b = Path.Combine(_folder, "b.parquet");
        DatasetPseudonymisation.PseudonymiseFile(input, a, plan, keys);
        DatasetPseudonymisation.PseudonymiseFile(input, b, plan, keys);
        var rowsA = Read(a);
        Assert.Equal(rowsA[0]["name"], rowsA[2]["name"]);
        Assert.Equal(rowsA[0]["id"], rowsA[2]["id"]);
        Assert.NotEqual(rowsA[0]["name"], Read(b)[0]["name"]);
        Assert.NotEqual(rowsA[0]["id"], Read(b)[0]["id"]);
        var restored = Path.Combine(_folder, "a-restored.csv");
        DatasetPseudonymisation.ReidentifyFile(a, restored, [new ColumnReversal("id", PseudonymisationMethod.Siv)], keys);
        Assert.Equal("1893120105732", Read(restored)[0]["id"]);
    }

    [Fact]
    public void RandomisedPolicy_GivesEveryOccurrenceItsOwnPseudonym()
    {
        var input = People();
        using var keys = DomainKeyChain.FromKeyRing(_ring, "study-1");
        var output = Path.Combine(_folder, "r.parquet");
        DatasetPseudonymisation.PseudonymiseFile(input, output, new TreatmentPlan([new ColumnTreatment("id", PseudonymisationMethod.Siv),
            new ColumnTreatment("name", PseudonymisationMethod.Hmac)], PseudonymisationPolicy.FullyRandomised), keys);
        var rows = Read(output);
        Assert.NotEqual(rows[0]["id"], rows[2]["id"]);
        Assert.NotEqual(rows[0]["name"], rows[2]["name"]);
    }

    [Fact]
    public void Reidentify_WithTheWrongDomain_FailsAndLeavesNoOutput()
    {
        var input = People();
        var output = Path.Combine(_folder, "p.parquet");
        using var right = DomainKeyChain.FromKeyRing(_ring, "study-1");
        using var wrong = DomainKeyChain.FromKeyRing(_ring, "study-2");
        DatasetPseudonymisation.PseudonymiseFile(input, output, new TreatmentPlan([new ColumnTreatment("id", PseudonymisationMethod.Siv)]), right);
        var restored = Path.Combine(_folder, "restored.csv");
        var error = Assert.Throws<PseudonymisationException>(() =>
            DatasetPseudonymisation.ReidentifyFile(output, restored, [new ColumnReversal("id", PseudonymisationMethod.Siv)], wrong));
        Assert.Contains("wrong domain", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(restored));
        Assert.Equal(["p.parquet", "people.csv"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Tokens_WithTheDeterministicPolicy_ReuseTheVaultAcrossFiles()
    {
        var input = People();
        var vault = Path.Combine(_folder, "shared.vault.parquet");
        using var keys = DomainKeyChain.FromKeyRing(_ring, "study-1");
        var plan = new TreatmentPlan([new ColumnTreatment("name", PseudonymisationMethod.Token)]);
        DatasetPseudonymisation.PseudonymiseFile(input, Path.Combine(_folder, "a.csv"), plan, keys, vault);
        var second = DatasetPseudonymisation.PseudonymiseFile(input, Path.Combine(_folder, "b.csv"), plan, keys, vault);
        Assert.Equal(2, second.VaultEntries);
        Assert.Equal(Read(Path.Combine(_folder, "a.csv"))[0]["name"], Read(Path.Combine(_folder, "b.csv"))[0]["name"]);
    }

    [Fact]
    public void UnsupportedMethodForAColumnType_FailsBeforeWriting()
    {
        var parquet = Path.Combine(_folder, "typed.parquet");
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT 1.5::DOUBLE AS amount, DATE '1980-01-02' AS born, 'p1' AS subject) TO {DuckDbSql.Literal(parquet)} (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        using var keys = DomainKeyChain.FromKeyRing(_ring, "study-1");
        var output = Path.Combine(_folder, "out.parquet");
        var error = Assert.Throws<PseudonymisationException>(() => DatasetPseudonymisation.PseudonymiseFile(parquet, output,
            new TreatmentPlan([new ColumnTreatment("amount", PseudonymisationMethod.Fpe)]), keys));
        Assert.Contains("'amount' (decimal): fpe", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));

        DatasetPseudonymisation.PseudonymiseFile(parquet, output, new TreatmentPlan([
            new ColumnTreatment("born", PseudonymisationMethod.ShiftDate, "subject"), new ColumnTreatment("amount", PseudonymisationMethod.Redact)]), keys);
        var columns = DatasetPseudonymisation.Columns(TabularFile.OpenAsView(output));
        Assert.Equal("DATE", columns.Single(c => c.Name == "born").DuckDbType);
        Assert.Equal("DOUBLE", columns.Single(c => c.Name == "amount").DuckDbType);
        Assert.Null(Read(output)[0]["amount"]);
    }

    [Fact]
    public void ShiftDate_OnValuesThatAreNotDates_NamesTheRule()
    {
        var input = People();
        using var keys = DomainKeyChain.FromKeyRing(_ring, "study-1");
        var error = Assert.Throws<PseudonymisationException>(() => DatasetPseudonymisation.PseudonymiseFile(input, Path.Combine(_folder, "x.csv"),
            new TreatmentPlan([new ColumnTreatment("name", PseudonymisationMethod.ShiftDate, "id")]), keys));
        Assert.Contains("shift-date needs dates", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "x.csv")));
    }
}
