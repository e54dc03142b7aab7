using System.Globalization;
using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>Demo dataset: anonymous results per secondary school, school year, class and subject (marks out of 60, the
/// Luxembourg scale). Cohorts under ten pupils are suppressed, as statistical confidentiality requires.</summary>
internal static class SchoolResults
{
    private const int MinimumCohort = 10;
    private static readonly string[] Grades = ["7e", "5e", "3e", "1re"];
    private static readonly string[] Subjects = ["Mathematics", "French", "German", "English", "Luxembourgish", "Sciences"];

    public static DemoDataset Dataset { get; } = new(
        "school-results",
        DemoOrganisation.Ministry,
        seed: 0x5343_484F_4F4C_5331,
        ["school_year", "school", "commune", "grade", "subject", "pupils", "mean_mark", "pass_rate"],
        Generate,
        (dataset, uris) => dataset.Base(uris,
            LocalizedText.Of("Secondary school results", "Résultats scolaires de l'enseignement secondaire",
                "Ergebnisse der Sekundarschulen", "Resultater vum Secondaire"),
            LocalizedText.Of(
                "Number of pupils, mean mark (out of 60) and pass rate per school, school year, class and subject, 2019/2020 to 2023/2024. Cohorts under ten pupils are suppressed. Synthetic demo data.",
                "Nombre d'élèves, note moyenne (sur 60) et taux de réussite par lycée, année scolaire, classe et matière, de 2019/2020 à 2023/2024. Les cohortes de moins de dix élèves sont masquées. Données de démonstration synthétiques.",
                "Zahl der Schüler, Durchschnittsnote (von 60) und Erfolgsquote je Schule, Schuljahr, Klasse und Fach, 2019/2020 bis 2023/2024. Kohorten unter zehn Schülern sind unterdrückt. Synthetische Demodaten.",
                "Zuel vun de Schüler, Duerchschnëttsnot (vu 60) an Erfollegsquot pro Lycée, Schouljoer, Klass a Fach, 2019/2020 bis 2023/2024. Kohorte vu manner wéi zéng Schüler si verstoppt. Synthetesch Demodonnéeën."),
            AccessRight.Restricted,
            licence: null) with
        {
            Keywords = [new("en", "education"), new("en", "school results"), new("fr", "éducation"), new("fr", "résultats scolaires"),
                new("de", "Bildung"), new("de", "Schulergebnisse"), new("lb", "Bildung"), new("lb", "Schoulresultater")],
            Themes = [DataTheme.Education],
            Frequency = Frequency.Annual,
            Temporal = new TemporalCoverage(new DateOnly(2019, 9, 15), new DateOnly(2024, 7, 15)),
            Spatial = [SpatialCoverage.Luxembourg],
            Languages = [CatalogLanguage.English, CatalogLanguage.French],
            DataProtection = [DataProtectionType.StatisticallyConfidential],
            ApplicableLegislation = [Legislation.DataGovernanceAct],
        });

    private static void Generate(SeededRandom random, DemoCsvWriter csv)
    {
        // Forty schools in the larger communes, several in the biggest ones.
        var schools = new List<(string Name, string Commune, double Level)>();
        var towns = LuxembourgCommunes.All.OrderByDescending(commune => commune.Population).Take(24).ToList();
        for (var i = 0; schools.Count < 40; i++)
        {
            var town = towns[i % towns.Count];
            var kind = (i / towns.Count) switch { 0 => "Lycée", 1 => "Lycée technique", _ => "Lycée classique" };
            schools.Add(($"{kind} de {town.Name}", town.Name, random.Normal(0, 2.5)));
        }
        for (var year = 2019; year <= 2023; year++)
        {
            var schoolYear = year.ToString(CultureInfo.InvariantCulture) + "/" + (year + 1).ToString(CultureInfo.InvariantCulture);
            foreach (var (school, commune, level) in schools)
            {
                foreach (var grade in Grades)
                {
                    var pupils = random.Between(4, 140);
                    foreach (var subject in Subjects)
                    {
                        csv.Field(schoolYear).Field(school).Field(commune).Field(grade).Field(subject).Field(pupils);
                        if (pupils < MinimumCohort)
                        {
                            csv.Field((string?)null).Field((string?)null);
                        }
                        else
                        {
                            var mean = Math.Clamp(random.Normal(38 + level, 3), 20, 55);
                            var passRate = Math.Clamp(0.5 + (mean - 30) / 40 + random.Normal(0, 0.04), 0.3, 1.0);
                            csv.Field(mean, 1).Field(passRate, 3);
                        }
                        csv.EndRow();
                    }
                }
            }
        }
    }
}
