using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Tests.Catalog;

/// <summary>Catalogues for the writer tests.</summary>
internal static class SampleCatalogs
{
    /// <summary>Text that must be escaped in Turtle and JSON (quotes, backslashes, line breaks, tabs, controls, non-ASCII,
    /// emoji), URIs with characters that need encoding, every optional field, open and restricted data.</summary>
    public static DcatCatalog Awkward()
    {
        var publisher = new DcatAgent(new Uri("https://example.lu/org/é-ministère"),
            LocalizedText.Of("Ministère \"des\" Tests", "Ministère \"des\" Tests", "Ministerium für Tests", "Ministère fir Tester"),
            PublisherType.NationalAuthority)
        {
            Homepage = new Uri("https://example.lu/"),
            Email = "contact+dcat@example.lu",
        };
        var contact = new ContactPoint("Équipe données \\ «Open» 🚀", "data@example.lu", new Uri("https://example.lu/contact?a=1&b=2"))
        {
            Telephone = "+352 (0) 247-80 000",
        };
        var open = new DcatDataset(new Uri("https://example.lu/datasets/open%20data"), "open-data",
            LocalizedText.Of("Line one\nline two\tand a tab", "Guillemets \"doubles\" et 'simples'", "Backslash \\ und Umlaute äöü",
                "Lëtzebuergesch ë é 🚀"),
            LocalizedText.Of("Triple quotes \"\"\" and a carriage return\r\nhere.", "Contrôle \u0001 et \u007F supprimé ?",
                "Unicode: 日本語, Ελληνικά, עברית", "Emoji 👩‍⚕️ a méi"))
        {
            Keywords = [new("en", "a \"quoted\" keyword"), new("fr", "données ouvertes"), new("de", "offene Daten"), new("lb", "oppen Donnéeën")],
            Themes = [DataTheme.Government, DataTheme.Science],
            Publisher = publisher,
            ContactPoints = [contact],
            AccessRights = AccessRight.Public,
            Frequency = Frequency.Irregular,
            Temporal = new TemporalCoverage(new DateOnly(2020, 1, 1), null),
            Spatial =
            [
                SpatialCoverage.Luxembourg,
                new SpatialCoverage(new Uri("https://example.lu/communes/esch-sur-alzette"),
                    LocalizedText.Of("Esch-sur-Alzette", "Esch-sur-Alzette", "Esch an der Alzette", "Esch-Uelzecht")),
            ],
            Issued = new DateTimeOffset(2024, 2, 29, 23, 30, 15, 250, TimeSpan.FromHours(1)),
            Modified = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero),
            LandingPage = new Uri("https://example.lu/datasets/open data?lang=fr#top"),
            Languages = [CatalogLanguage.French, CatalogLanguage.Luxembourgish],
            DataProtection = [DataProtectionType.NonPersonalData],
            ApplicableLegislation = [Legislation.OpenDataDirective, Legislation.HighValueDatasets],
            Distributions =
            [
                new DcatDistribution(new Uri("https://example.lu/datasets/open-data/csv"), new Uri("https://example.lu/download/open-data.csv"))
                {
                    DownloadUrl = new Uri("https://example.lu/download/open-data.csv?v={1}|^`"),
                    Title = LocalizedText.Single("en", "CSV <file>"),
                    Description = LocalizedText.Single("en", "Comma, separated; values."),
                    Format = FileType.Csv,
                    Licence = Licence.CcBy4,
                    ByteSize = 123_456_789_012,
                    Issued = new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero),
                    Modified = new DateTimeOffset(2024, 1, 2, 12, 0, 0, TimeSpan.Zero),
                    Availability = PlannedAvailability.Available,
                    Languages = [CatalogLanguage.French],
                },
                new DcatDistribution(new Uri("https://example.lu/datasets/open-data/parquet"), new Uri("https://example.lu/download/open-data.parquet"))
                {
                    Format = FileType.Parquet,
                    Licence = Licence.Etalab2,
                    Description = LocalizedText.Single("fr", "Parquet"),
                    Availability = PlannedAvailability.Stable,
                },
            ],
        };
        var restricted = new DcatDataset(new Uri("https://example.lu/datasets/restricted"), "restricted",
            LocalizedText.Single("en", "Restricted"), LocalizedText.Single("en", "Personal data under an access agreement."))
        {
            Keywords = [new("en", "health")],
            Themes = [DataTheme.Health],
            Publisher = publisher,
            ContactPoints = [contact, new ContactPoint("Second desk", url: new Uri("https://example.lu/desk"))],
            AccessRights = AccessRight.Restricted,
            Temporal = new TemporalCoverage(null, new DateOnly(2023, 12, 31)),
            Spatial = [SpatialCoverage.LuxembourgCity],
            DataProtection = [DataProtectionType.PersonalData, DataProtectionType.StatisticallyConfidential],
            ApplicableLegislation = [Legislation.Gdpr],
            Distributions =
            [
                new DcatDistribution(new Uri("https://example.lu/datasets/restricted-access"), new Uri("https://example.lu/datasets/restricted/page"))
                {
                    Format = FileType.Parquet,
                    Description = LocalizedText.Single("en", "On request."),
                    Availability = PlannedAvailability.Available,
                },
            ],
        };
        return new DcatCatalog(new Uri("https://example.lu/catalog"), LocalizedText.Single("en", "Awkward catalogue"),
            LocalizedText.Single("en", "Every corner of the writers."), publisher)
        {
            Homepage = new Uri("https://example.lu/"),
            Languages = [CatalogLanguage.English],
            Licence = Licence.Cc0,
            Issued = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Modified = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Spatial = [SpatialCoverage.Luxembourg],
            Datasets = [open, restricted],
        };
    }
}
