namespace Agora.Platform.Catalog.Dcat;

/// <summary>DCAT-AP-LU "type of data protection" (<c>dpv:hasData</c>): why a dataset is protected, in the categories of
/// the Data Governance Act (Article 3(1)), as terms of the W3C Data Privacy Vocabulary.</summary>
public sealed record DataProtectionType : ControlledTerm
{
    private const string Dpv = "https://w3id.org/dpv#";

    private DataProtectionType(string code, string en, string fr, string de, string lb)
        : base(code, new Uri(Dpv + code), LocalizedText.Of(en, fr, de, lb), scheme: null)
    {
    }

    public static DataProtectionType PersonalData { get; } = new("PersonalData", "Personal data", "Données à caractère personnel",
        "Personenbezogene Daten", "Perséinlech Donnéeën");
    public static DataProtectionType NonPersonalData { get; } = new("NonPersonalData", "Non-personal data",
        "Données à caractère non personnel", "Nicht personenbezogene Daten", "Net-perséinlech Donnéeën");
    public static DataProtectionType CommerciallyConfidential { get; } = new("CommerciallyConfidentialData",
        "Commercially confidential data", "Données commercialement confidentielles", "Vertrauliche Geschäftsdaten",
        "Kommerziell vertraulech Donnéeën");
    public static DataProtectionType StatisticallyConfidential { get; } = new("StatisticallyConfidentialData",
        "Statistically confidential data", "Données couvertes par le secret statistique", "Statistisch vertrauliche Daten",
        "Statistesch vertraulech Donnéeën");
    public static DataProtectionType IntellectualProperty { get; } = new("IntellectualPropertyData",
        "Data protected by intellectual property rights", "Données protégées par des droits de propriété intellectuelle",
        "Durch Rechte des geistigen Eigentums geschützte Daten", "Donnéeën, déi duerch intellektuell Eegentumsrechter geschützt sinn");

    public static IReadOnlyList<DataProtectionType> All { get; } =
        [PersonalData, NonPersonalData, CommerciallyConfidential, StatisticallyConfidential, IntellectualProperty];

    public static DataProtectionType FromCode(string code) => Find(All, code, "data protection type");

    public static DataProtectionType? FromUri(Uri uri) => FindByUri(All, uri);
}
