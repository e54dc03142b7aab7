using System.Globalization;
using System.Text;
using Agora.Data.Pseudonymisation;
using Agora.Privacy.Detection;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;

namespace Agora.Data.Tests.Pseudonymisation;

public sealed class DetectionAndLinkageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agora-detect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Generated(int rows)
    {
        var random = new Random(3);
        var builder = new StringBuilder("matricule;courriel;Geburtsdatum;product_code;amount;remarques\n");
        for (var i = 0; i < rows; i++)
        {
            var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(25_000));
            var body = birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + random.Next(1000).ToString("000", CultureInfo.InvariantCulture);
            var id = body + CheckDigits.LuhnCheckDigit(body) + CheckDigits.VerhoeffCheckDigit(body);
            builder.Append(CultureInfo.InvariantCulture,
                $"{id};user{i}@example.lu;{birth:dd.MM.yyyy};0{random.Next(1, 8)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)};{random.Next(100)}.50;RAS\n");
        }
        var path = Path.Combine(_folder, "generated.csv");
        File.WriteAllText(path, builder.ToString());
        return path;
    }

    [Theory]
    [InlineData(500)]
    [InlineData(null)]
    public void DetectFile_SampleOrFullScan_FindsTheColumns(int? sample)
    {
        var findings = DatasetDetection.DetectFile(Generated(2000), sample).ToDictionary(f => f.Column);
        Assert.Equal(PiiEntity.LuxembourgNationalId, findings["matricule"].Entity);
        Assert.Equal(PiiEntity.EmailAddress, findings["courriel"].Entity);
        Assert.Equal(PiiEntity.BirthDate, findings["Geburtsdatum"].Entity);
        Assert.Null(findings["product_code"].Entity);
        Assert.Null(findings["amount"].Entity);
        Assert.Equal(PiiSuggestion.DirectIdentifier, findings["matricule"].Suggestion);
        Assert.Equal(PiiSuggestion.QuasiIdentifier, findings["Geburtsdatum"].Suggestion);
    }

    [Fact]
    public void DetectFile_AgreesWithTheInMemoryClassifier()
    {
        var path = Generated(300);
        var fromDuckDb = DatasetDetection.DetectFile(path, sampleRows: null);
        var lines = File.ReadAllLines(path);
        var headers = lines[0].Split(';');
        for (var c = 0; c < headers.Length; c++)
        {
            var inMemory = ColumnClassifier.Classify(headers[c], lines.Skip(1).Select(l => l.Split(';')[c]));
            Assert.Equal(inMemory, fromDuckDb[c]);
        }
    }

    [Fact]
    public void JoinByPseudonym_LinksTheSameDomain_AndNothingAcrossDomains()
    {
        using var ring = KeyRing.Parse(KeyRing.GenerateText());
        var hospital = Path.Combine(_folder, "hospital.csv");
        var insurer = Path.Combine(_folder, "insurer.csv");
        File.WriteAllText(hospital, "patient,diagnosis\n1893120105732,J45\n1985073012345,E11\n1970010112345,I10\n");
        File.WriteAllText(insurer, "insured,premium\n1985073012345,120\n1893120105732,95\n2001020312345,80\n");
        var plan = (string column) => new TreatmentPlan([new ColumnTreatment(column, PseudonymisationMethod.Hmac)]);
        using var linkage = DomainKeyChain.FromKeyRing(ring, "linkage:project-9");
        using var other = DomainKeyChain.FromKeyRing(ring, "linkage:project-10");
        var h = Path.Combine(_folder, "h.parquet");
        var i = Path.Combine(_folder, "i.parquet");
        var iOther = Path.Combine(_folder, "i-other.parquet");
        DatasetPseudonymisation.PseudonymiseFile(hospital, h, plan("patient"), linkage);
        DatasetPseudonymisation.PseudonymiseFile(insurer, i, plan("insured"), linkage);
        DatasetPseudonymisation.PseudonymiseFile(insurer, iOther, plan("insured"), other);

        var linked = PseudonymLinkage.JoinFiles(h, "patient", i, "insured", Path.Combine(_folder, "linked.parquet"));
        Assert.Equal(2, linked.LinkedRows);
        Assert.DoesNotContain("1893120105732", File.ReadAllText(Path.Combine(_folder, "linked.parquet")), StringComparison.Ordinal);
        Assert.Equal(0, PseudonymLinkage.JoinFiles(h, "patient", iOther, "insured", Path.Combine(_folder, "none.parquet")).LinkedRows);
    }
}
