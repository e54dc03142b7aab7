using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>The demo content: three organisations (a ministry, a hospital, a company) and six synthetic datasets, open
/// and restricted, with their DCAT-AP descriptions. Everything is fixed, so the demo looks the same on every start.</summary>
public static class DemoCatalog
{
    /// <summary>The date the demo datasets say they were published and last modified.</summary>
    public static DateTimeOffset Published { get; } = new(2025, 1, 15, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<DemoOrganisation> Organisations => DemoOrganisation.All;

    public static IReadOnlyList<DemoDataset> Datasets { get; } =
    [
        PatientRegistry.Dataset,
        MobilityCounts.Dataset,
        BusinessRegister.Dataset,
        EnergyConsumption.Dataset,
        SchoolResults.Dataset,
        CommunePopulation.Dataset,
    ];

    /// <summary>The whole demo catalogue as DCAT-AP, published by the ministry.</summary>
    public static DcatCatalog Describe(CatalogUris uris)
    {
        ArgumentNullException.ThrowIfNull(uris);
        return new DcatCatalog(
            uris.Catalog,
            LocalizedText.Of("Agora data catalogue (demo)", "Catalogue de données Agora (démo)", "Agora-Datenkatalog (Demo)",
                "Agora-Datekatalog (Demo)"),
            LocalizedText.Of(
                "Datasets that public bodies, hospitals and companies share on Agora, open or under access agreements.",
                "Jeux de données que des organismes publics, des hôpitaux et des entreprises partagent sur Agora, en accès libre ou sous accord d'accès.",
                "Datensätze, die öffentliche Stellen, Krankenhäuser und Unternehmen auf Agora teilen, offen oder mit Zugangsvereinbarung.",
                "Datesätz, déi ëffentlech Instanzen, Spideeler a Betriber op Agora deelen, oppen oder mat engem Accèsaccord."),
            DemoOrganisation.Ministry.ToAgent(uris))
        {
            Homepage = uris.Home,
            Languages = [CatalogLanguage.English, CatalogLanguage.French, CatalogLanguage.German, CatalogLanguage.Luxembourgish],
            Licence = Licence.Cc0,
            Issued = Published,
            Modified = Published,
            Spatial = [SpatialCoverage.Luxembourg],
            Datasets = [.. Datasets.Select(dataset => dataset.Describe(uris))],
        };
    }

    /// <summary>Writes every demo CSV into <paramref name="folder"/> (created if missing) and returns the paths.</summary>
    public static IReadOnlyList<string> WriteFiles(string folder)
    {
        Directory.CreateDirectory(folder);
        return [.. Datasets.Select(dataset =>
        {
            var path = Path.Combine(folder, dataset.FileName);
            dataset.WriteCsv(path);
            return path;
        })];
    }
}
