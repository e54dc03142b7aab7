using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>Demo dataset: population of every commune on 1 January of each year since 1995, with the Luxembourgish and
/// foreign population, area and density. Public-sector open data in the public domain.</summary>
internal static class CommunePopulation
{
    private const int FirstYear = 1995;
    private const int LastYear = 2024;

    public static DemoDataset Dataset { get; } = new(
        "communes-population",
        DemoOrganisation.Ministry,
        seed: 0x504F_5055_4C41_5449,
        ["commune", "canton", "year", "population", "luxembourgish", "foreign", "area_km2", "density_per_km2"],
        Generate,
        (dataset, uris) => dataset.Base(uris,
            LocalizedText.Of("Population of the communes", "Population des communes", "Bevölkerung der Gemeinden", "Bevëlkerung vun de Gemengen"),
            LocalizedText.Of(
                "Population of each of the 100 communes on 1 January, 1995–2024, split into Luxembourgish and foreign residents, with area and density. Synthetic demo data.",
                "Population de chacune des 100 communes au 1er janvier, 1995–2024, répartie entre résidents luxembourgeois et étrangers, avec superficie et densité. Données de démonstration synthétiques.",
                "Bevölkerung jeder der 100 Gemeinden am 1. Januar, 1995–2024, nach luxemburgischen und ausländischen Einwohnern, mit Fläche und Dichte. Synthetische Demodaten.",
                "Bevëlkerung vun all eenzeler vun den 100 Gemengen um 1. Januar, 1995–2024, no lëtzebuergeschen an auslänneschen Awunner, mat Fläch an Dicht. Synthetesch Demodonnéeën."),
            AccessRight.Public,
            Licence.Cc0) with
        {
            Keywords = [new("en", "population"), new("en", "communes"), new("en", "demography"), new("fr", "population"), new("fr", "communes"),
                new("de", "Bevölkerung"), new("de", "Gemeinden"), new("lb", "Bevëlkerung"), new("lb", "Gemengen")],
            Themes = [DataTheme.Society, DataTheme.Regions, DataTheme.Government],
            Frequency = Frequency.Annual,
            Temporal = new TemporalCoverage(new DateOnly(FirstYear, 1, 1), new DateOnly(LastYear, 1, 1)),
            Spatial = [SpatialCoverage.Luxembourg],
            Languages = [CatalogLanguage.English, CatalogLanguage.French, CatalogLanguage.German, CatalogLanguage.Luxembourgish],
            DataProtection = [DataProtectionType.NonPersonalData],
            ApplicableLegislation = [Legislation.OpenDataDirective],
        });

    private static void Generate(SeededRandom random, DemoCsvWriter csv)
    {
        foreach (var commune in LuxembourgCommunes.All)
        {
            // Luxembourg grew by about 2 % a year; each commune a little faster or slower, with a foreign share that rises.
            var growth = 1.012 + random.NextDouble() * 0.018;
            var foreignShare = (commune.Name is "Luxembourg" or "Strassen" or "Bertrange" ? 0.55 : 0.25 + random.NextDouble() * 0.25) * 0.7;
            var population = (double)commune.Population;
            var series = new int[LastYear - FirstYear + 1];
            for (var year = LastYear; year >= FirstYear; year--)
            {
                series[year - FirstYear] = (int)Math.Round(population, MidpointRounding.AwayFromZero);
                population /= growth * (0.995 + random.NextDouble() * 0.01);
            }
            for (var year = FirstYear; year <= LastYear; year++)
            {
                var total = series[year - FirstYear];
                var share = Math.Min(0.75, foreignShare * (1 + 0.012 * (year - FirstYear)));
                var foreign = (int)Math.Round(total * share, MidpointRounding.AwayFromZero);
                csv.Field(commune.Name).Field(commune.Canton).Field(year).Field(total).Field(total - foreign).Field(foreign)
                    .Field(commune.AreaKm2, 1).Field(total / commune.AreaKm2, 1).EndRow();
            }
        }
    }
}
