namespace Agora.Platform.Catalog.Dcat;

/// <summary>Legislation that mandates or governs a dataset (<c>dcatap:applicableLegislation</c>), identified by its
/// European Legislation Identifier (ELI).</summary>
public sealed record Legislation : ControlledTerm
{
    private Legislation(string code, string eli, string en, string fr, string de, string lb)
        : base(code, new Uri(eli), LocalizedText.Of(en, fr, de, lb), scheme: null)
    {
    }

    public static Legislation Gdpr { get; } = new("GDPR", "http://data.europa.eu/eli/reg/2016/679/oj",
        "Regulation (EU) 2016/679 (General Data Protection Regulation)",
        "Règlement (UE) 2016/679 (règlement général sur la protection des données)",
        "Verordnung (EU) 2016/679 (Datenschutz-Grundverordnung)",
        "Reglement (EU) 2016/679 (Datenschutz-Grondveruerdnung)");
    public static Legislation DataGovernanceAct { get; } = new("DGA", "http://data.europa.eu/eli/reg/2022/868/oj",
        "Regulation (EU) 2022/868 (Data Governance Act)",
        "Règlement (UE) 2022/868 (règlement sur la gouvernance des données)",
        "Verordnung (EU) 2022/868 (Daten-Governance-Rechtsakt)",
        "Reglement (EU) 2022/868 (Gesetz iwwer d'Dategouvernance)");
    public static Legislation OpenDataDirective { get; } = new("ODD", "http://data.europa.eu/eli/dir/2019/1024/oj",
        "Directive (EU) 2019/1024 on open data and the re-use of public sector information",
        "Directive (UE) 2019/1024 concernant les données ouvertes et la réutilisation des informations du secteur public",
        "Richtlinie (EU) 2019/1024 über offene Daten und die Weiterverwendung von Informationen des öffentlichen Sektors",
        "Direktiv (EU) 2019/1024 iwwer oppen Donnéeën an d'Weiderverwäertung vun Informatioune vum ëffentleche Secteur");
    public static Legislation HighValueDatasets { get; } = new("HVD", "http://data.europa.eu/eli/reg_impl/2023/138/oj",
        "Implementing Regulation (EU) 2023/138 (high-value datasets)",
        "Règlement d'exécution (UE) 2023/138 (ensembles de données de forte valeur)",
        "Durchführungsverordnung (EU) 2023/138 (hochwertige Datensätze)",
        "Ausféierungsreglement (EU) 2023/138 (Datesätz vu grousser Wäert)");
    public static Legislation EuropeanHealthDataSpace { get; } = new("EHDS", "http://data.europa.eu/eli/reg/2025/327/oj",
        "Regulation (EU) 2025/327 (European Health Data Space)",
        "Règlement (UE) 2025/327 (espace européen des données de santé)",
        "Verordnung (EU) 2025/327 (Europäischer Gesundheitsdatenraum)",
        "Reglement (EU) 2025/327 (Europäeschen Gesondheetsdateraum)");

    public static IReadOnlyList<Legislation> All { get; } = [Gdpr, DataGovernanceAct, OpenDataDirective, HighValueDatasets, EuropeanHealthDataSpace];

    public static Legislation FromCode(string code) => Find(All, code, "legislation");

    public static Legislation? FromUri(Uri uri) => FindByUri(All, uri);
}
