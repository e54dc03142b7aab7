namespace Agora.Platform.Catalog.Dcat;

/// <summary>How often a dataset is updated (<c>dct:accrualPeriodicity</c>), from the Publications Office frequency table.</summary>
public sealed record Frequency : ControlledTerm
{
    private Frequency(string code, string en, string fr, string de, string lb)
        : base(code, new Uri(ConceptScheme.Frequencies.Uri + "/" + code), LocalizedText.Of(en, fr, de, lb), ConceptScheme.Frequencies)
    {
    }

    public static Frequency Continuous { get; } = new("UPDATE_CONT", "continuously updated", "mis à jour en continu",
        "kontinuierlich aktualisiert", "stänneg aktualiséiert");
    public static Frequency Daily { get; } = new("DAILY", "daily", "quotidien", "täglich", "deeglech");
    public static Frequency Weekly { get; } = new("WEEKLY", "weekly", "hebdomadaire", "wöchentlich", "wëchentlech");
    public static Frequency Monthly { get; } = new("MONTHLY", "monthly", "mensuel", "monatlich", "monatlech");
    public static Frequency Quarterly { get; } = new("QUARTERLY", "quarterly", "trimestriel", "vierteljährlich", "véierelsjäerlech");
    public static Frequency Annual { get; } = new("ANNUAL", "annual", "annuel", "jährlich", "jäerlech");
    public static Frequency Irregular { get; } = new("IRREG", "irregular", "irrégulier", "unregelmäßig", "onreegelméisseg");
    public static Frequency Never { get; } = new("NEVER", "never", "jamais", "nie", "ni");
    public static Frequency Unknown { get; } = new("UNKNOWN", "unknown", "inconnu", "unbekannt", "onbekannt");

    public static IReadOnlyList<Frequency> All { get; } = [Continuous, Daily, Weekly, Monthly, Quarterly, Annual, Irregular, Never, Unknown];

    public static Frequency FromCode(string code) => Find(All, code, "frequency");

    public static Frequency? FromUri(Uri uri) => FindByUri(All, uri);
}
