namespace Agora.Platform.Catalog.Dcat;

/// <summary>The EU data themes (<c>dcat:theme</c>), from the Publications Office data-theme table. English, French and
/// German labels are the Publications Office's; Luxembourgish labels are Agora's own (the table has no Luxembourgish).</summary>
public sealed record DataTheme : ControlledTerm
{
    private DataTheme(string code, string en, string fr, string de, string lb)
        : base(code, new Uri(ConceptScheme.DataThemes.Uri + "/" + code), LocalizedText.Of(en, fr, de, lb), ConceptScheme.DataThemes)
    {
    }

    public static DataTheme Agriculture { get; } = new("AGRI", "Agriculture, fisheries, forestry and food",
        "Agriculture, pêche, sylviculture et alimentation", "Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel",
        "Landwirtschaft, Fëscherei, Bëschwirtschaft an Iessen");
    public static DataTheme Economy { get; } = new("ECON", "Economy and finance", "Économie et finances", "Wirtschaft und Finanzen",
        "Wirtschaft a Finanzen");
    public static DataTheme Education { get; } = new("EDUC", "Education, culture and sport", "Éducation, culture et sport",
        "Bildung, Kultur und Sport", "Bildung, Kultur a Sport");
    public static DataTheme Energy { get; } = new("ENER", "Energy", "Énergie", "Energie", "Energie");
    public static DataTheme Environment { get; } = new("ENVI", "Environment", "Environnement", "Umwelt", "Ëmwelt");
    public static DataTheme Government { get; } = new("GOVE", "Government and public sector", "Gouvernement et secteur public",
        "Regierung und öffentlicher Sektor", "Regierung an ëffentleche Secteur");
    public static DataTheme Health { get; } = new("HEAL", "Health", "Santé", "Gesundheit", "Gesondheet");
    public static DataTheme International { get; } = new("INTR", "International issues", "Questions internationales",
        "Internationale Themen", "International Themen");
    public static DataTheme Justice { get; } = new("JUST", "Justice, legal system and public safety",
        "Justice, système juridique et sécurité publique", "Justiz, Rechtssystem und öffentliche Sicherheit",
        "Justiz, Rechtssystem an ëffentlech Sécherheet");
    public static DataTheme Regions { get; } = new("REGI", "Regions and cities", "Régions et villes", "Regionen und Städte",
        "Regiounen a Stied");
    public static DataTheme Society { get; } = new("SOCI", "Population and society", "Population et société",
        "Bevölkerung und Gesellschaft", "Bevëlkerung a Gesellschaft");
    public static DataTheme Science { get; } = new("TECH", "Science and technology", "Science et technologie",
        "Wissenschaft und Technologie", "Wëssenschaft an Technologie");
    public static DataTheme Transport { get; } = new("TRAN", "Transport", "Transports", "Verkehr", "Transport");

    public static IReadOnlyList<DataTheme> All { get; } =
        [Agriculture, Economy, Education, Energy, Environment, Government, Health, International, Justice, Regions, Society, Science, Transport];

    public static DataTheme FromCode(string code) => Find(All, code, "data theme");

    public static DataTheme? FromUri(Uri uri) => FindByUri(All, uri);
}
