using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Tests.Catalog;

public sealed class DcatModelTests
{
    [Fact]
    public void LocalizedText_KeepsPlatformLanguagesFirstAndFallsBackToEnglish()
    {
        var text = LocalizedText.From([new("pt", "Saúde"), new("lb", "Gesondheet"), new("en", "Health"), new("fr", "Santé")]);
        Assert.Equal(["en", "fr", "lb", "pt"], text.Languages);
        Assert.Equal("Santé", text.In("fr"));
        Assert.Equal("Health", text.In("de"));
        Assert.Equal(LocalizedText.From([new("fr", "Santé"), new("en", "Health"), new("pt", "Saúde"), new("lb", "Gesondheet")]), text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("en GB")]
    [InlineData("en_GB")]
    [InlineData("e1")]
    public void LanguageText_BadLanguageTag_IsRefused(string tag) =>
        Assert.Throws<ArgumentException>(() => new LanguageText(tag, "text"));

    [Fact]
    public void LocalizedText_SameLanguageTwice_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalizedText.From([new("en", "a"), new("EN", "b")]));
        Assert.Contains("'en' is given twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LanguageText_UnpairedSurrogate_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new LanguageText("en", "broken \ud800 text"));
        Assert.Contains("unpaired UTF-16 surrogate at position 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vocabularies_UseTheEuPublicationsOfficeUris()
    {
        Assert.Equal("http://publications.europa.eu/resource/authority/data-theme/HEAL", DataTheme.Health.Uri.AbsoluteUri);
        Assert.Equal("http://publications.europa.eu/resource/authority/frequency/ANNUAL", Frequency.Annual.Uri.AbsoluteUri);
        Assert.Equal("http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC", AccessRight.NonPublic.Uri.AbsoluteUri);
        Assert.Equal("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", Licence.CcBy4.Uri.AbsoluteUri);
        Assert.Equal("http://publications.europa.eu/resource/authority/file-type/PARQUET", FileType.Parquet.Uri.AbsoluteUri);
        Assert.Equal("http://publications.europa.eu/resource/authority/language/LTZ", CatalogLanguage.Luxembourgish.Uri.AbsoluteUri);
        Assert.Equal("https://www.iana.org/assignments/media-types/text/csv", FileType.Csv.MediaTypeUri.AbsoluteUri);
        Assert.Equal(13, DataTheme.All.Count);
    }

    [Fact]
    public void Vocabularies_EveryTermHasALabelInTheFourPlatformLanguages()
    {
        IEnumerable<ControlledTerm> terms =
        [
            .. DataTheme.All, .. Frequency.All, .. AccessRight.All, .. CatalogLanguage.All, .. FileType.All, .. Licence.All,
            .. LicenceType.All, .. PlannedAvailability.All, .. PublisherType.All, .. DataProtectionType.All, .. Legislation.All,
        ];
        foreach (var term in terms)
        {
            Assert.True(term.Label.Languages.Take(4).SequenceEqual(["en", "fr", "de", "lb"]), $"{term.Code}: {term.Label}");
        }
    }

    [Fact]
    public void Vocabularies_FindTermsByCodeAndUri()
    {
        Assert.Same(DataTheme.Transport, DataTheme.FromCode("tran"));
        Assert.Same(Frequency.Monthly, Frequency.FromUri(new Uri("http://publications.europa.eu/resource/authority/frequency/MONTHLY")));
        Assert.Same(CatalogLanguage.Luxembourgish, CatalogLanguage.FromTag("lb"));
        // DPV terms differ only by fragment, which System.Uri equality ignores; lookups must not.
        Assert.Same(DataProtectionType.NonPersonalData, DataProtectionType.FromUri(new Uri("https://w3id.org/dpv#NonPersonalData")));
        var error = Assert.Throws<ArgumentException>(() => DataTheme.FromCode("HEALTH"));
        Assert.Contains("Unknown data theme 'HEALTH'. Known: AGRI, ECON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_RequiredPartsAndInvariants_AreChecked()
    {
        Assert.Throws<ArgumentException>(() => new DcatDataset(new Uri("/relative", UriKind.Relative), "x",
            LocalizedText.Single("en", "t"), LocalizedText.Single("en", "d")));
        Assert.Throws<ArgumentException>(() => new TemporalCoverage(new DateOnly(2024, 2, 1), new DateOnly(2024, 1, 1)));
        Assert.Throws<ArgumentException>(() => new TemporalCoverage(null, null));
        Assert.Throws<ArgumentException>(() => new ContactPoint("Desk"));
        Assert.Throws<ArgumentException>(() => new ContactPoint("Desk", "not an address"));
        Assert.Throws<ArgumentException>(() => new SpatialCoverage(new Uri("https://example.lu/x"), LocalizedText.Single("en", "x"),
            centroid: "6.1 49.6"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DcatDistribution(new Uri("https://example.lu/d"), new Uri("https://example.lu/a"))
        {
            ByteSize = -1,
        });
    }

    [Fact]
    public void CatalogUris_BuildThePlatformsUrlScheme()
    {
        var uris = new CatalogUris(new Uri("https://agora.example.lu/base/"));
        Assert.Equal("https://agora.example.lu/base/catalog/datasets/energy%20use", uris.Dataset("energy use").AbsoluteUri);
        Assert.Equal("https://agora.example.lu/base/datasets/energy", uris.LandingPage("energy").AbsoluteUri);
        Assert.Equal("https://agora.example.lu/base/catalog/datasets/energy/distributions/csv", uris.Distribution("energy", "csv").AbsoluteUri);
        Assert.Equal("https://agora.example.lu/base/api/datasets/energy/download?format=csv", uris.Download("energy", "csv").AbsoluteUri);
    }
}
