namespace Agora.Privacy.Detection;

/// <summary>The kinds of personal data Agora recognises in columns and free text.</summary>
/// <remarks>The numeric values are stable: they are bit positions in <see cref="ValueSignals"/> and appear in stored
/// reports through their names only.</remarks>
public enum PiiEntity
{
    /// <summary>A person's given name, family name or full name.</summary>
    PersonName = 0,

    /// <summary>An e-mail address.</summary>
    EmailAddress = 1,

    /// <summary>A telephone number (Luxembourg, neighbouring countries, or international E.164 form).</summary>
    PhoneNumber = 2,

    /// <summary>An IBAN that passes the ISO 7064 mod-97 check.</summary>
    Iban = 3,

    /// <summary>A payment card number with a known issuer prefix and a valid Luhn digit.</summary>
    PaymentCard = 4,

    /// <summary>The Luxembourg national identification number (13 digits, Luhn and Verhoeff check digits).</summary>
    LuxembourgNationalId = 5,

    /// <summary>An EU VAT identification number with its country prefix.</summary>
    EuVatNumber = 6,

    /// <summary>The French social security number (NIR) with its key.</summary>
    FrenchNir = 7,

    /// <summary>The Belgian national register number (mod-97 check).</summary>
    BelgianNationalNumber = 8,

    /// <summary>The German tax identification number (Steuer-IdNr, MOD 11,10 check).</summary>
    GermanTaxId = 9,

    /// <summary>A postcode such as <c>L-1234</c>.</summary>
    Postcode = 10,

    /// <summary>A street address (number and street).</summary>
    StreetAddress = 11,

    /// <summary>A date of birth.</summary>
    BirthDate = 12,

    /// <summary>An IPv4 or IPv6 address.</summary>
    IpAddress = 13,

    /// <summary>A network hardware (MAC) address.</summary>
    MacAddress = 14,

    /// <summary>A vehicle registration plate (Luxembourg, France, Germany, Belgium, Portugal).</summary>
    VehiclePlate = 15,

    /// <summary>A URL.</summary>
    Url = 16,
}

/// <summary>What a finding suggests doing with a column.</summary>
public enum PiiSuggestion
{
    /// <summary>Nothing personal was found.</summary>
    None,

    /// <summary>Identifies a person on its own: pseudonymise or remove.</summary>
    DirectIdentifier,

    /// <summary>Identifies in combination with others (birth date, postcode, sex…): generalise or anonymise.</summary>
    QuasiIdentifier,

    /// <summary>A special category of personal data (GDPR art. 9: health, religion, ethnicity…): restrict access.</summary>
    Sensitive,
}

/// <summary>Names used in reports and on the command line.</summary>
public static class PiiNames
{
    /// <summary>The report name of an entity, for example <c>email_address</c>.</summary>
    public static string Of(PiiEntity entity) => entity switch
    {
        PiiEntity.PersonName => "person_name",
        PiiEntity.EmailAddress => "email_address",
        PiiEntity.PhoneNumber => "phone_number",
        PiiEntity.Iban => "iban",
        PiiEntity.PaymentCard => "payment_card",
        PiiEntity.LuxembourgNationalId => "lu_national_id",
        PiiEntity.EuVatNumber => "eu_vat_number",
        PiiEntity.FrenchNir => "fr_nir",
        PiiEntity.BelgianNationalNumber => "be_national_number",
        PiiEntity.GermanTaxId => "de_tax_id",
        PiiEntity.Postcode => "postcode",
        PiiEntity.StreetAddress => "street_address",
        PiiEntity.BirthDate => "birth_date",
        PiiEntity.IpAddress => "ip_address",
        PiiEntity.MacAddress => "mac_address",
        PiiEntity.VehiclePlate => "vehicle_plate",
        PiiEntity.Url => "url",
        _ => throw new ArgumentOutOfRangeException(nameof(entity)),
    };

    /// <summary>The report name of a suggestion, for example <c>direct_identifier</c>.</summary>
    public static string Of(PiiSuggestion suggestion) => suggestion switch
    {
        PiiSuggestion.None => "none",
        PiiSuggestion.DirectIdentifier => "direct_identifier",
        PiiSuggestion.QuasiIdentifier => "quasi_identifier",
        PiiSuggestion.Sensitive => "sensitive",
        _ => throw new ArgumentOutOfRangeException(nameof(suggestion)),
    };

    /// <summary>The suggestion that goes with an entity.</summary>
    public static PiiSuggestion SuggestionFor(PiiEntity entity) => entity switch
    {
        PiiEntity.Postcode or PiiEntity.BirthDate or PiiEntity.Url => PiiSuggestion.QuasiIdentifier,
        _ => PiiSuggestion.DirectIdentifier,
    };

    /// <summary>Every entity, in bit order.</summary>
    public static IReadOnlyList<PiiEntity> AllEntities { get; } = Enum.GetValues<PiiEntity>();
}
