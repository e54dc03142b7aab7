using System.Globalization;
using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>Demo dataset: a register of companies with RCS numbers, legal forms, NACE activity codes, communes and staff
/// numbers. Open data (a high-value dataset category: companies and company ownership).</summary>
internal static class BusinessRegister
{
    private const int Rows = 6_000;

    private static readonly ((string Code, string Label) Item, int Weight)[] LegalForms =
    [
        (("S.à r.l.", "Société à responsabilité limitée"), 45), (("S.A.", "Société anonyme"), 25),
        (("S.à r.l.-S", "Société à responsabilité limitée simplifiée"), 10), (("S.C.Sp.", "Société en commandite spéciale"), 8),
        (("S.C.S.", "Société en commandite simple"), 4), (("S.N.C.", "Société en nom collectif"), 3),
        (("S.C.A.", "Société en commandite par actions"), 3), (("S.E.", "Société européenne"), 1), (("S.C.", "Société coopérative"), 1),
    ];

    private static readonly ((string Code, string Label) Item, int Weight)[] Activities =
    [
        (("64.30", "Trusts, funds and similar financial entities"), 12), (("70.22", "Business and other management consultancy activities"), 10),
        (("66.30", "Fund management activities"), 6), (("64.19", "Other monetary intermediation"), 3), (("62.01", "Computer programming activities"), 6),
        (("62.02", "Computer consultancy activities"), 5), (("69.10", "Legal activities"), 4), (("69.20", "Accounting, bookkeeping and auditing activities"), 5),
        (("68.20", "Renting and operating of own or leased real estate"), 8), (("41.20", "Construction of residential and non-residential buildings"), 5),
        (("43.21", "Electrical installation"), 3), (("47.11", "Retail sale in non-specialised stores with food, beverages or tobacco predominating"), 3),
        (("47.30", "Retail sale of automotive fuel in specialised stores"), 1), (("49.41", "Freight transport by road"), 3),
        (("52.29", "Other transportation support activities"), 2), (("55.10", "Hotels and similar accommodation"), 2),
        (("56.10", "Restaurants and mobile food service activities"), 5), (("71.12", "Engineering activities and related technical consultancy"), 3),
        (("86.21", "General medical practice activities"), 2), (("96.02", "Hairdressing and other beauty treatment"), 2),
        (("10.71", "Manufacture of bread; manufacture of fresh pastry goods and cakes"), 1), (("25.11", "Manufacture of metal structures and parts of structures"), 1),
        (("45.20", "Maintenance and repair of motor vehicles"), 2), (("58.29", "Other software publishing"), 2), (("73.11", "Advertising agencies"), 2),
    ];

    private static readonly string[] NameStems =
    [
        "Moselle", "Alzette", "Sûre", "Ösling", "Minett", "Kirchberg", "Pétrusse", "Gutland", "Mullerthal", "Our", "Attert", "Syr",
        "Wiltz", "Clervaux", "Belval", "Cloche d'Or", "Grund", "Bock", "Schuman", "Hamilius", "Lëtz", "Red Rock", "Benelux", "Europa",
    ];

    private static readonly string[] NameActivities =
    [
        "Consulting", "Capital", "Invest", "Logistics", "Immobilier", "Services", "Solutions", "Technologies", "Holding", "Partners",
        "Bau", "Transports", "Finance", "Digital", "Trading", "Gestion", "Energy", "Medical", "Design", "Data",
    ];

    private static readonly string[] Founders = ["Schmit", "Weber", "Muller", "Da Silva", "Hoffmann", "Wagner", "Rossi", "Kremer", "Thill"];

    public static DemoDataset Dataset { get; } = new(
        "business-register",
        DemoOrganisation.Ministry,
        seed: 0x4255_5349_4E45_5353,
        ["rcs_number", "company_name", "legal_form", "legal_form_name", "nace_code", "activity", "commune", "postcode", "employees",
            "registration_date", "status"],
        Generate,
        (dataset, uris) => dataset.Base(uris,
            LocalizedText.Of("Business register", "Registre des entreprises", "Unternehmensregister", "Betribsregister"),
            LocalizedText.Of(
                "Companies registered in Luxembourg: RCS number, legal form, NACE Rev. 2 activity, commune, number of employees and registration date. Synthetic demo data.",
                "Entreprises immatriculées au Luxembourg : numéro RCS, forme juridique, activité NACE Rév. 2, commune, nombre de salariés et date d'immatriculation. Données de démonstration synthétiques.",
                "In Luxemburg eingetragene Unternehmen: RCS-Nummer, Rechtsform, Tätigkeit nach NACE Rev. 2, Gemeinde, Zahl der Beschäftigten und Eintragungsdatum. Synthetische Demodaten.",
                "Zu Lëtzebuerg ageschriwwe Betriber: RCS-Nummer, Rechtsform, Aktivitéit no NACE Rev. 2, Gemeng, Zuel vun de Beschäftegten an Datum vun der Aschreiwung. Synthetesch Demodonnéeën."),
            AccessRight.Public,
            Licence.CcBy4) with
        {
            Keywords = [new("en", "companies"), new("en", "NACE"), new("en", "RCS"), new("fr", "entreprises"), new("fr", "registre de commerce"),
                new("de", "Unternehmen"), new("de", "Handelsregister"), new("lb", "Betriber"), new("lb", "Handelsregister")],
            Themes = [DataTheme.Economy],
            Frequency = Frequency.Weekly,
            Temporal = new TemporalCoverage(new DateOnly(1990, 1, 1), new DateOnly(2024, 12, 31)),
            Spatial = [SpatialCoverage.Luxembourg],
            Languages = [CatalogLanguage.English, CatalogLanguage.French],
            DataProtection = [DataProtectionType.NonPersonalData],
            ApplicableLegislation = [Legislation.OpenDataDirective, Legislation.HighValueDatasets],
        });

    private static void Generate(SeededRandom random, DemoCsvWriter csv)
    {
        var first = new DateOnly(1990, 1, 1).DayNumber;
        var days = new DateOnly(2024, 12, 31).DayNumber - first + 1;
        var numbers = new HashSet<int>();
        for (var i = 0; i < Rows; i++)
        {
            // RCS numbers grow with time: older companies have smaller numbers.
            var registered = DateOnly.FromDayNumber(first + random.Next(days));
            var number = 10_000 + (int)((registered.DayNumber - first) * 290_000L / days) + random.Next(400);
            while (!numbers.Add(number))
            {
                number++;
            }
            var (form, formName) = random.Pick(LegalForms);
            var (nace, activity) = random.Pick(Activities);
            var commune = LuxembourgCommunes.PickByPopulation(random);
            var dissolved = random.Chance(registered.Year < 2010 ? 0.18 : 0.06);
            csv.Field("B" + number.ToString(CultureInfo.InvariantCulture))
                .Field(Name(random) + " " + form)
                .Field(form)
                .Field(formName)
                .Field(nace)
                .Field(activity)
                .Field(commune.Name)
                .Field(random.Pick(commune.Postcodes))
                .Field(Employees(random, form))
                .Field(registered)
                .Field(dissolved ? "dissolved" : "active")
                .EndRow();
        }
    }

    private static string Name(SeededRandom random) => random.Next(10) switch
    {
        0 => random.Pick(Founders) + ", " + random.Pick(Founders) + " & Associés",
        1 => random.Pick(Founders) + " Frères",
        _ => random.Pick(NameStems) + " " + random.Pick(NameActivities),
    };

    // Most companies are small; a few public limited companies are large employers.
    private static int Employees(SeededRandom random, string form)
    {
        var size = random.NextDouble();
        var large = form is "S.A." or "S.E." ? 0.05 : 0.01;
        return size < large ? random.Between(250, 4_000) : size < 0.25 ? random.Between(10, 249) : random.Between(0, 9);
    }
}
