using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Detection;

public sealed class ColumnClassifierTests
{
    [Theory]
    [InlineData("Date de naissance", "date de naissance")]
    [InlineData("dateOfBirth", "date of birth")]
    [InlineData("GEBURTSDATUM", "geburtsdatum")]
    [InlineData("Straße", "strasse")]
    [InlineData("e-mail_Adresse", "e mail adresse")]
    public void HeaderText_Normalises(string header, string expected) => Assert.Equal(expected, HeaderText.Normalise(header));

    [Theory]
    [InlineData("Prénom", PiiEntity.PersonName)]
    [InlineData("Geburtsdatum", PiiEntity.BirthDate)]
    [InlineData("Gebuertsdatum", PiiEntity.BirthDate)]
    [InlineData("data de nascimento", PiiEntity.BirthDate)]
    [InlineData("Kundentelefonnummer", PiiEntity.PhoneNumber)]
    [InlineData("matricule", PiiEntity.LuxembourgNationalId)]
    [InlineData("ip_address", PiiEntity.IpAddress)]
    [InlineData("email address", PiiEntity.EmailAddress)]
    [InlineData("code postal", PiiEntity.Postcode)]
    public void HeaderEvidence_NamesTheEntityInFiveLanguages(string header, PiiEntity entity) =>
        Assert.Equal(entity, HeaderEvidence.Of(header).Entity);

    [Theory]
    [InlineData("product name")]
    [InlineData("nom de la société")]
    [InlineData("hotel")]
    public void HeaderEvidence_ThingsThatAreNotPeople_NameNoPerson(string header) => Assert.NotEqual(PiiEntity.PersonName, HeaderEvidence.Of(header).Entity);

    [Fact]
    public void Classify_CheckDigitIdentifier_NeedsNoHeader()
    {
        var generator = new SyntheticIdentifiers(7);
        var finding = ColumnClassifier.Classify("col_1", Enumerable.Range(0, 40).Select(_ => generator.LuxembourgId(spaced: false)).Append("n/a"));
        Assert.Equal(PiiEntity.LuxembourgNationalId, finding.Entity);
        Assert.Equal(PiiSuggestion.DirectIdentifier, finding.Suggestion);
        Assert.True(finding.Confidence >= 0.9);
        // 40 of the 41 values: English writes "98%", not the invariant culture's "98 %".
        Assert.EndsWith("; 98% of 41 values match", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_PhoneShapedProductCodes_UnderAProductHeader_AreNone()
    {
        var finding = ColumnClassifier.Classify("product_code", Enumerable.Range(0, 50).Select(i => $"+352 621 {100 + i} 456"));
        Assert.Null(finding.Entity);
    }

    [Fact]
    public void Classify_SensitiveHeader_SuggestsSensitiveWithoutEntity()
    {
        var finding = ColumnClassifier.Classify("diagnostic", ["J45", "E11", "I10"]);
        Assert.Null(finding.Entity);
        Assert.Equal(PiiSuggestion.Sensitive, finding.Suggestion);
    }

    [Fact]
    public void Classify_BirthDateHeader_IsAQuasiIdentifier()
    {
        var finding = ColumnClassifier.Classify("date de naissance", ["1985-07-30", "1961-03-12", "2001-11-02"]);
        Assert.Equal(PiiEntity.BirthDate, finding.Entity);
        Assert.Equal(PiiSuggestion.QuasiIdentifier, finding.Suggestion);
    }

    [Fact]
    public void Classify_EmptyColumn_IsNone() => Assert.Null(ColumnClassifier.Classify("email", [null, "", " "]).Entity);

    [Fact]
    public void Evidence_MergedFromTwoHalves_EqualsEvidenceFromAll()
    {
        string[] values = ["1985-07-30", "1961-03-12", "x", "anne@example.lu"];
        var all = new ColumnEvidence("c");
        var first = new ColumnEvidence("c");
        var second = new ColumnEvidence("c");
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            all.Add(value);
            (i % 2 == 0 ? first : second).Add(value);
        }
        first.Merge(second);
        Assert.Equal(all.Values, first.Values);
        Assert.Equal(all.ShareMatching(PiiEntity.BirthDate), first.ShareMatching(PiiEntity.BirthDate));
        Assert.Equal(all.YearQuantile(0.5), first.YearQuantile(0.5));
    }
}
