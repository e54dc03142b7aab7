namespace Agora.Platform.Catalog.Dcat;

/// <summary>The ADMS licence types (<c>dct:type</c> of a licence).</summary>
public sealed record LicenceType : ControlledTerm
{
    private LicenceType(string code, string en, string fr, string de, string lb)
        : base(code, new Uri("http://purl.org/adms/licencetype/" + code), LocalizedText.Of(en, fr, de, lb), ConceptScheme.LicenceTypes)
    {
    }

    public static LicenceType Attribution { get; } = new("Attribution", "Attribution", "Attribution", "Namensnennung", "Nennung vum Auteur");
    public static LicenceType PublicDomain { get; } = new("PublicDomain", "Public domain", "Domaine public", "Gemeinfrei", "Ëffentlechen Domaine");
    public static LicenceType ShareAlike { get; } = new("ViralEffect-ShareAlike", "Share alike", "Partage dans les mêmes conditions",
        "Weitergabe unter gleichen Bedingungen", "Deelen ënner deene selwechte Konditiounen");
    public static LicenceType NonCommercialUseOnly { get; } = new("NonCommercialUseOnly", "Non-commercial use only",
        "Usage non commercial uniquement", "Nur nicht-kommerzielle Nutzung", "Nëmmen net-kommerziell Notzung");

    public static IReadOnlyList<LicenceType> All { get; } = [Attribution, PublicDomain, ShareAlike, NonCommercialUseOnly];

    public static LicenceType FromCode(string code) => Find(All, code, "licence type");
}

/// <summary>A licence (<c>dct:license</c>). The EU Publications Office licence table is used where it has the licence;
/// otherwise the SPDX licence URI. <see cref="Custom"/> makes a licence of one's own (e.g. a data-use agreement).</summary>
public sealed record Licence : ControlledTerm
{
    private Licence(string code, Uri uri, LocalizedText label, LicenceType type, ConceptScheme? scheme)
        : base(code, uri, label, scheme)
    {
        Type = type;
    }

    public LicenceType Type { get; }

    public static Licence CcBy4 { get; } = Eu("CC_BY_4_0", "Creative Commons Attribution 4.0 International", LicenceType.Attribution);
    public static Licence Cc0 { get; } = Eu("CC0", "Creative Commons CC0 1.0 Universal", LicenceType.PublicDomain);
    public static Licence CcBySa4 { get; } = Eu("CC_BYSA_4_0", "Creative Commons Attribution-ShareAlike 4.0 International", LicenceType.ShareAlike);

    /// <summary>Etalab Open Licence 2.0, the licence of the French public sector; SPDX identifier <c>etalab-2.0</c>.</summary>
    public static Licence Etalab2 { get; } = new("etalab-2.0", new Uri("http://spdx.org/licenses/etalab-2.0"),
        LocalizedText.Of("Open Licence 2.0 (Etalab)", "Licence Ouverte 2.0 (Etalab)", "Offene Lizenz 2.0 (Etalab)", "Oppe Lizenz 2.0 (Etalab)"),
        LicenceType.Attribution, scheme: null);

    public static IReadOnlyList<Licence> All { get; } = [CcBy4, Cc0, CcBySa4, Etalab2];

    public static Licence FromCode(string code) => Find(All, code, "licence");

    public static Licence? FromUri(Uri uri) => FindByUri(All, uri);

    /// <summary>A licence that is not in <see cref="All"/>, identified by the URI of its text.</summary>
    public static Licence Custom(string code, Uri uri, LocalizedText label, LicenceType type) =>
        new(code, CatalogText.RequireAbsolute(uri, "licence URI"), label, type, scheme: null);

    private static Licence Eu(string code, string name, LicenceType type) =>
        new(code, new Uri(ConceptScheme.Licences.Uri + "/" + code), LocalizedText.Of(name, name, name, name), type, ConceptScheme.Licences);
}
