namespace Agora.Platform.Catalog.Dcat;

/// <summary>Who may access a dataset (<c>dct:accessRights</c>), from the Publications Office access-right table.</summary>
public sealed record AccessRight : ControlledTerm
{
    private AccessRight(string code, string en, string fr, string de, string lb)
        : base(code, new Uri(ConceptScheme.AccessRights.Uri + "/" + code), LocalizedText.Of(en, fr, de, lb), ConceptScheme.AccessRights)
    {
    }

    /// <summary>Open to anyone.</summary>
    public static AccessRight Public { get; } = new("PUBLIC", "public", "public", "öffentlich", "ëffentlech");

    /// <summary>Available under conditions, e.g. an access agreement negotiated on the platform.</summary>
    public static AccessRight Restricted { get; } = new("RESTRICTED", "restricted", "restreint", "eingeschränkt", "ageschränkt");

    /// <summary>Not available to the public at all.</summary>
    public static AccessRight NonPublic { get; } = new("NON_PUBLIC", "non-public", "non public", "nicht öffentlich", "net ëffentlech");

    public static IReadOnlyList<AccessRight> All { get; } = [Public, Restricted, NonPublic];

    public static AccessRight FromCode(string code) => Find(All, code, "access right");

    public static AccessRight? FromUri(Uri uri) => FindByUri(All, uri);
}
