using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>Demo dataset: hourly counts of bicycles and pedestrians at counting stations in Luxembourg City, with the
/// daily and weekly rhythm of real counters. Open data (a high-value dataset category: mobility).</summary>
internal static class MobilityCounts
{
    private static readonly DateOnly FirstDay = new(2024, 3, 1);
    private const int Days = 50;

    private static readonly (string Id, string Name, int Bicycles, int Pedestrians)[] Stations =
    [
        ("LUX-01", "Pont Adolphe", 90, 160), ("LUX-02", "Boulevard Royal", 55, 240), ("LUX-03", "Kirchberg – Avenue J.F. Kennedy", 70, 210),
        ("LUX-04", "Gare Centrale", 60, 320), ("LUX-05", "Place de l'Étoile", 40, 150), ("LUX-06", "Limpertsberg – Allée Scheffer", 35, 90),
        ("LUX-07", "Bonnevoie – Rue de Bonnevoie", 30, 120), ("LUX-08", "Glacis", 45, 80), ("LUX-09", "Hollerich – Route d'Esch", 50, 70),
        ("LUX-10", "Cents – Rue de Trèves", 15, 25), ("LUX-11", "Pfaffenthal – Panoramic lift", 25, 130), ("LUX-12", "Belair – Avenue du X Septembre", 28, 95),
    ];

    // Share of a day's traffic in each hour on a working day and on a weekend day (in thousandths).
    private static readonly int[] WorkdayProfile = [4, 2, 1, 1, 3, 12, 38, 86, 95, 55, 45, 50, 62, 55, 48, 55, 78, 98, 80, 52, 33, 22, 14, 9];
    private static readonly int[] WeekendProfile = [9, 6, 3, 2, 2, 4, 10, 22, 38, 58, 72, 80, 82, 80, 78, 76, 72, 64, 52, 38, 26, 18, 14, 11];

    public static DemoDataset Dataset { get; } = new(
        "mobility-counts",
        DemoOrganisation.Ministry,
        seed: 0x4D4F_4249_4C49_5459,
        ["station_id", "station_name", "date", "hour", "bicycles", "pedestrians"],
        Generate,
        (dataset, uris) => dataset.Base(uris,
            LocalizedText.Of("Bicycle and pedestrian counts in Luxembourg City", "Comptages de vélos et de piétons à Luxembourg-Ville",
                "Fahrrad- und Fußgängerzählungen in der Stadt Luxemburg", "Vëlos- a Foussgängerzielungen an der Stad Lëtzebuerg"),
            LocalizedText.Of(
                "Hourly counts of bicycles and pedestrians at twelve automatic counting stations, spring 2024. Synthetic demo data.",
                "Comptages horaires de vélos et de piétons à douze stations de comptage automatique, printemps 2024. Données de démonstration synthétiques.",
                "Stündliche Zählungen von Fahrrädern und Fußgängern an zwölf automatischen Zählstellen, Frühjahr 2024. Synthetische Demodaten.",
                "Stonnenzielunge vu Vëloen a Foussgänger op zwielef automateschen Zielstatiounen, Fréijoer 2024. Synthetesch Demodonnéeën."),
            AccessRight.Public,
            Licence.CcBy4) with
        {
            Keywords = [new("en", "mobility"), new("en", "cycling"), new("en", "traffic counts"), new("fr", "mobilité"), new("fr", "vélo"),
                new("de", "Mobilität"), new("de", "Radverkehr"), new("lb", "Mobilitéit"), new("lb", "Vëlo")],
            Themes = [DataTheme.Transport, DataTheme.Regions],
            Frequency = Frequency.Daily,
            Temporal = new TemporalCoverage(FirstDay, FirstDay.AddDays(Days - 1)),
            Spatial = [SpatialCoverage.LuxembourgCity],
            Languages = [CatalogLanguage.English, CatalogLanguage.French],
            DataProtection = [DataProtectionType.NonPersonalData],
            ApplicableLegislation = [Legislation.OpenDataDirective, Legislation.HighValueDatasets],
        });

    private static void Generate(SeededRandom random, DemoCsvWriter csv)
    {
        foreach (var (id, name, bicycles, pedestrians) in Stations)
        {
            for (var day = 0; day < Days; day++)
            {
                var date = FirstDay.AddDays(day);
                var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                var profile = weekend ? WeekendProfile : WorkdayProfile;
                // Weather: some days are wet and everyone stays in; spring gets warmer over the period.
                var weather = (random.Chance(0.2) ? 0.55 : 1.0) * (0.85 + 0.3 * day / Days);
                for (var hour = 0; hour < 24; hour++)
                {
                    var scale = profile[hour] / 1000.0 * 24 * weather;
                    csv.Field(id).Field(name).Field(date).Field(hour)
                        .Field(Count(random, bicycles * scale * (weekend ? 0.8 : 1.0)))
                        .Field(Count(random, pedestrians * scale))
                        .EndRow();
                }
            }
        }
    }

    private static int Count(SeededRandom random, double mean) =>
        Math.Max(0, (int)Math.Round(random.Normal(mean, Math.Max(1.0, mean * 0.2)), MidpointRounding.AwayFromZero));
}
