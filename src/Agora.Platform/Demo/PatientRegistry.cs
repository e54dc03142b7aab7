using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>Demo dataset: a hospital's patient registry with direct identifiers (names, national identification numbers)
/// and quasi-identifiers (birth date, sex, postcode) next to a diagnosis: the material for pseudonymisation and
/// anonymisation. Entirely synthetic; the national numbers are valid in form only.</summary>
internal static class PatientRegistry
{
    private const int Rows = 5_000;

    private static readonly string[] FemaleNames =
    [
        "Anne", "Marie", "Claudine", "Sandra", "Nathalie", "Sophie", "Laura", "Emma", "Léa", "Julie", "Ana", "Maria", "Sofia",
        "Carla", "Chiara", "Sarah", "Mia", "Lena", "Nadine", "Martine", "Joëlle", "Danielle", "Beatriz", "Inês", "Zoé",
    ];

    private static readonly string[] MaleNames =
    [
        "Luc", "Marc", "Tom", "Laurent", "Jean", "Paul", "Claude", "Nico", "Ben", "Max", "João", "Pedro", "Miguel", "Carlos",
        "Luca", "Marco", "Thomas", "Michel", "Patrick", "Yves", "Gilles", "Jeff", "Raoul", "Noah", "Léon",
    ];

    private static readonly string[] LastNames =
    [
        "Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Schmitz", "Klein", "Kieffer", "Reuter", "Schroeder", "Majerus",
        "Steffen", "Kremer", "Goergen", "Weis", "Hansen", "Becker", "Meyer", "Jacoby", "Da Silva", "Pereira", "Ferreira",
        "Dos Santos", "Rodrigues", "Fernandes", "Gonçalves", "Martins", "Lopes", "Costa", "Bernard", "Dubois", "Lambert", "Rossi",
        "Ricci", "Marx", "Faber", "Frisch", "Lentz", "Theis", "Wirtgen", "Ries", "Origer", "Welter", "Braun",
    ];

    // ICD-10 codes with the weight of each in the registry.
    private static readonly ((string Code, string Label) Item, int Weight)[] Diagnoses =
    [
        (("I10", "Essential (primary) hypertension"), 14), (("E11.9", "Type 2 diabetes mellitus without complications"), 10),
        (("J45.9", "Asthma, unspecified"), 6), (("I25.1", "Atherosclerotic heart disease"), 6), (("J44.9", "Chronic obstructive pulmonary disease, unspecified"), 5),
        (("F32.9", "Depressive episode, unspecified"), 6), (("M54.5", "Low back pain"), 7), (("C50.9", "Malignant neoplasm of breast, unspecified"), 3),
        (("C34.9", "Malignant neoplasm of bronchus or lung, unspecified"), 2), (("I48.9", "Atrial fibrillation and atrial flutter, unspecified"), 4),
        (("N18.9", "Chronic kidney disease, unspecified"), 3), (("K21.9", "Gastro-oesophageal reflux disease without oesophagitis"), 5),
        (("E78.5", "Hyperlipidaemia, unspecified"), 6), (("J18.9", "Pneumonia, unspecified"), 4), (("S72.0", "Fracture of neck of femur"), 2),
        (("I63.9", "Cerebral infarction, unspecified"), 2), (("G40.9", "Epilepsy, unspecified"), 1), (("F10.2", "Mental and behavioural disorders due to use of alcohol: dependence syndrome"), 1),
        (("O80", "Single spontaneous delivery"), 4), (("A09", "Gastroenteritis and colitis of unspecified origin"), 3), (("U07.1", "COVID-19, virus identified"), 3),
        (("K35.8", "Acute appendicitis, other and unspecified"), 2), (("M17.9", "Gonarthrosis, unspecified"), 3),
    ];

    public static DemoDataset Dataset { get; } = new(
        "patient-registry",
        DemoOrganisation.Hospital,
        seed: 0x5041_5449_454E_5453,
        ["patient_id", "national_id", "last_name", "first_name", "sex", "birth_date", "postcode", "commune", "admission_date",
            "diagnosis_code", "diagnosis", "length_of_stay_days"],
        Generate,
        (dataset, uris) => dataset.Base(uris,
            LocalizedText.Of("Patient registry", "Registre des patients", "Patientenregister", "Patienteregister"),
            LocalizedText.Of(
                "Admissions of the Alzette Hospital Centre 2015–2024: one row per patient with identity, birth date, sex, postcode and main diagnosis (ICD-10). Synthetic demo data.",
                "Admissions du Centre hospitalier de l'Alzette 2015–2024 : une ligne par patient avec identité, date de naissance, sexe, code postal et diagnostic principal (CIM-10). Données de démonstration synthétiques.",
                "Aufnahmen des Krankenhauszentrums Alzette 2015–2024: eine Zeile je Patient mit Identität, Geburtsdatum, Geschlecht, Postleitzahl und Hauptdiagnose (ICD-10). Synthetische Demodaten.",
                "Opnamen vum Spidolszentrum Alzette 2015–2024: eng Zeil pro Patient mat Identitéit, Gebuertsdatum, Geschlecht, Postcode an Haaptdiagnos (ICD-10). Synthetesch Demodonnéeën."),
            AccessRight.Restricted,
            licence: null) with
        {
            Keywords = [new("en", "patients"), new("en", "diagnoses"), new("en", "ICD-10"), new("fr", "patients"), new("fr", "diagnostics"),
                new("de", "Patienten"), new("de", "Diagnosen"), new("lb", "Patienten"), new("lb", "Diagnosen")],
            Themes = [DataTheme.Health],
            Frequency = Frequency.Monthly,
            Temporal = new TemporalCoverage(new DateOnly(2015, 1, 1), new DateOnly(2024, 12, 31)),
            Spatial = [SpatialCoverage.Luxembourg],
            Languages = [CatalogLanguage.English],
            DataProtection = [DataProtectionType.PersonalData],
            ApplicableLegislation = [Legislation.Gdpr, Legislation.EuropeanHealthDataSpace],
        });

    private static void Generate(SeededRandom random, DemoCsvWriter csv)
    {
        var serials = new Dictionary<DateOnly, int>();
        var first = new DateOnly(2015, 1, 1).DayNumber;
        var days = new DateOnly(2024, 12, 31).DayNumber - first + 1;
        // Birth dates go up to 2019, so an admission is drawn from the part of the period after birth.
        for (var i = 1; i <= Rows; i++)
        {
            var female = random.Chance(0.51);
            var birth = DateOnly.FromDayNumber(new DateOnly(1930, 1, 1).DayNumber + random.Next(365 * 90));
            var serial = serials.GetValueOrDefault(birth);
            serials[birth] = serial + 1;
            var commune = LuxembourgCommunes.PickByPopulation(random);
            var (code, label) = random.Pick(Diagnoses);
            if (code == "O80" && (!female || birth.Year < 1975))
            {
                (code, label) = Diagnoses[0].Item;
            }
            csv.Field("P" + i.ToString("000000", System.Globalization.CultureInfo.InvariantCulture))
                .Field(NationalIdentificationNumber.Create(birth, serial))
                .Field(random.Pick(LastNames))
                .Field(random.Pick(female ? FemaleNames : MaleNames))
                .Field(female ? "F" : "M")
                .Field(birth)
                .Field(random.Pick(commune.Postcodes))
                .Field(commune.Name)
                .Field(Admission(random, birth, first, days))
                .Field(code)
                .Field(label)
                .Field(Math.Max(0, (int)random.Normal(5, 4)))
                .EndRow();
        }
    }

    private static DateOnly Admission(SeededRandom random, DateOnly birth, int first, int days)
    {
        var start = Math.Max(first, birth.DayNumber);
        return DateOnly.FromDayNumber(start + random.Next(first + days - start));
    }
}
