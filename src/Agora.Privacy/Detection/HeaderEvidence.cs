namespace Agora.Privacy.Detection;

/// <summary>What a column header says: the entity it names (in English, French, German, Luxembourgish or Portuguese),
/// a quasi-identifier or special category it names, and whether it names something that is not personal data
/// (a product, an order, a version…), which makes look-alike values much less likely to be personal.</summary>
/// <param name="Entity">The entity the header names, if any.</param>
/// <param name="Category">For headers that name no entity: quasi-identifier (sex, age, city…), sensitive (health,
/// religion…), or none.</param>
/// <param name="Contrary">The header names a non-personal thing (product code, order number, version…).</param>
/// <param name="Keyword">The keyword that matched, normalised; empty when none did.</param>
public sealed record HeaderEvidence(PiiEntity? Entity, PiiSuggestion Category, bool Contrary, string Keyword)
{
    /// <summary>No evidence either way.</summary>
    public static HeaderEvidence Neutral { get; } = new(null, PiiSuggestion.None, false, "");

    /// <summary>Reads a header.</summary>
    public static HeaderEvidence Of(string header)
    {
        var normal = HeaderText.Normalise(header);
        if (normal.Length == 0)
        {
            return Neutral;
        }
        var spaced = " " + normal + " ";
        var joined = normal.Replace(" ", "", StringComparison.Ordinal);
        (PiiEntity? Entity, PiiSuggestion Category, string Keyword) best = (null, PiiSuggestion.None, "");
        foreach (var group in Groups)
        {
            foreach (var keyword in group.Keywords)
            {
                if (keyword.Length > best.Keyword.Length && Matches(spaced, joined, keyword))
                {
                    best = (group.Entity, group.Category, keyword);
                }
            }
        }
        var contrary = false;
        foreach (var word in ContraryWords)
        {
            if (Matches(spaced, joined, word) && !best.Keyword.Contains(word, StringComparison.Ordinal))
            {
                contrary = true;
                break;
            }
        }
        if (best.Entity == PiiEntity.PersonName)
        {
            foreach (var word in NotAPersonWords)
            {
                if (Matches(spaced, joined, word))
                {
                    contrary = true;
                    break;
                }
            }
        }
        // A header that names a thing ("product name", "order date") names no person: keep only the contrary flag.
        if (contrary && best.Entity is PiiEntity.PersonName or PiiEntity.PhoneNumber or PiiEntity.BirthDate or PiiEntity.Postcode)
        {
            return new HeaderEvidence(null, PiiSuggestion.None, true, "");
        }
        return new HeaderEvidence(best.Entity, best.Entity is null ? best.Category : PiiSuggestion.None, contrary, best.Keyword);
    }

    // Short keywords must be whole words ("tel" is not in "hotel"); long ones may sit inside a compound
    // ("kundentelefonnummer", "dateofbirth").
    private static bool Matches(string spaced, string joined, string keyword)
    {
        if (spaced.Contains(" " + keyword + " ", StringComparison.Ordinal))
        {
            return true;
        }
        var compact = keyword.Replace(" ", "", StringComparison.Ordinal);
        return compact.Length >= 5 && joined.Contains(compact, StringComparison.Ordinal);
    }

    private sealed record KeywordGroup(PiiEntity? Entity, PiiSuggestion Category, string[] Keywords);

    private static readonly KeywordGroup[] Groups =
    [
        new(PiiEntity.PersonName, PiiSuggestion.None,
        [
            "name", "first name", "firstname", "last name", "lastname", "surname", "given name", "full name", "forename",
            "family name", "maiden name", "customer name", "patient name", "employee name", "contact name", "holder",
            "nom", "prenom", "nom de famille", "nom complet", "nom de jeune fille", "nom prenom", "titulaire",
            "vorname", "nachname", "familienname", "geburtsname", "vollstandiger name", "kundenname",
            "numm", "virnumm", "familljennumm", "nonumm",
            "nome", "apelido", "sobrenome", "nome completo", "primeiro nome", "ultimo nome",
        ]),
        new(PiiEntity.EmailAddress, PiiSuggestion.None,
        [
            "email", "e mail", "mail", "email address", "mail address", "courriel", "adresse mail", "adresse electronique",
            "mel", "e mail adresse", "mailadresse", "emailadresse", "e mail adress", "mailadress", "correio eletronico",
            "endereco de email", "endereco eletronico",
        ]),
        new(PiiEntity.PhoneNumber, PiiSuggestion.None,
        [
            "phone", "telephone", "tel", "mobile", "gsm", "cell", "cellphone", "phone number", "fax", "portable",
            "numero de telephone", "telefon", "telefonnummer", "handy", "handynummer", "rufnummer", "mobilnummer",
            "telefonsnummer", "telefonnummer", "telefone", "telemovel", "celular", "contacto telefonico",
        ]),
        new(PiiEntity.Iban, PiiSuggestion.None,
        [
            "iban", "bank account", "account number", "compte", "compte bancaire", "numero de compte", "rib", "konto",
            "kontonummer", "bankverbindung", "bankkonto", "kont", "kontonummer", "conta", "conta bancaria", "nib",
        ]),
        new(PiiEntity.PaymentCard, PiiSuggestion.None,
        [
            "card", "card number", "credit card", "debit card", "pan", "carte", "carte bancaire", "numero de carte",
            "carte de credit", "kreditkarte", "kartennummer", "karte", "bankkarte", "kaart", "kreditkaart", "cartao",
            "cartao de credito", "numero do cartao",
        ]),
        new(PiiEntity.LuxembourgNationalId, PiiSuggestion.None,
        [
            "matricule", "numero de matricule", "matricule national", "numero d identification", "identifiant national",
            "national id", "national identification number", "nin", "matricule cns", "cns", "sozialversicherungsnummer",
            "matrikel", "matrikelnummer", "identifikatiounsnummer", "numero de identificacao", "matricula nacional",
            "ssn lu", "lu id",
        ]),
        new(PiiEntity.EuVatNumber, PiiSuggestion.None,
        [
            "vat", "vat number", "vat id", "tva", "numero tva", "numero de tva", "tva intracommunautaire", "ust id",
            "ustid", "ust idnr", "umsatzsteuer", "umsatzsteuer id", "mwst nummer", "mwst", "tva nummer", "iva",
            "numero iva", "numero de iva", "nif iva",
        ]),
        new(PiiEntity.FrenchNir, PiiSuggestion.None,
        [
            "nir", "numero de securite sociale", "securite sociale", "secu", "numero secu", "insee", "numero insee",
            "social security number", "ssn", "social security", "french ssn", "numero ss",
        ]),
        new(PiiEntity.BelgianNationalNumber, PiiSuggestion.None,
        [
            "rijksregisternummer", "rijksregister", "numero national", "registre national", "numero de registre national",
            "nn", "rrn", "niss", "national register", "national register number", "nationalnummer", "inss",
        ]),
        new(PiiEntity.GermanTaxId, PiiSuggestion.None,
        [
            "steuer id", "steuerid", "steueridentifikationsnummer", "steuer identifikationsnummer", "idnr", "steuer idnr",
            "identifikationsnummer", "tax id", "tin", "tax identification number", "steuernummer", "numero fiscal",
            "identifiant fiscal", "numero d identification fiscale", "nif", "numero de identificacao fiscal",
        ]),
        new(PiiEntity.Postcode, PiiSuggestion.None,
        [
            "postcode", "post code", "postal code", "zip", "zip code", "zipcode", "code postal", "cp", "plz", "postleitzahl",
            "postleitzuel", "codigo postal", "cod postal", "npa",
        ]),
        new(PiiEntity.StreetAddress, PiiSuggestion.None,
        [
            "address", "street", "street address", "home address", "postal address", "adresse", "adresse postale", "rue",
            "domicile", "strasse", "anschrift", "wohnadresse", "hausnummer", "adress", "strooss", "wunnadress", "morada",
            "endereco", "rua", "residencia", "address line",
        ]),
        new(PiiEntity.BirthDate, PiiSuggestion.None,
        [
            "birth date", "date of birth", "dob", "birthday", "birthdate", "born", "date de naissance", "naissance", "ne le",
            "date naissance", "geburtsdatum", "geburtstag", "geboren", "geb datum", "gebuertsdatum", "gebuertsdag",
            "data de nascimento", "nascimento", "data nascimento", "data de nasc",
        ]),
        new(PiiEntity.IpAddress, PiiSuggestion.None,
        [
            "ip", "ip address", "ipaddress", "ip addr", "client ip", "remote addr", "remote ip", "source ip", "src ip",
            "adresse ip", "ip adresse", "endereco ip", "ipv4", "ipv6", "ip adress",
        ]),
        new(PiiEntity.MacAddress, PiiSuggestion.None,
        [
            "mac", "mac address", "macaddress", "mac addr", "adresse mac", "mac adresse", "hardware address", "bssid",
            "endereco mac", "mac adress",
        ]),
        new(PiiEntity.VehiclePlate, PiiSuggestion.None,
        [
            "plate", "licence plate", "license plate", "number plate", "registration plate", "vehicle registration",
            "immatriculation", "plaque", "plaque d immatriculation", "kennzeichen", "kfz kennzeichen", "nummernschild",
            "autokennzeichen", "nummerplack", "matricula", "placa", "matricula do veiculo",
        ]),
        new(PiiEntity.Url, PiiSuggestion.None,
        [
            "url", "website", "web site", "homepage", "link", "profile url", "site web", "site internet", "lien", "webseite",
            "internetseite", "webadresse", "websait", "sitio", "sitio web", "pagina web", "uri",
        ]),
        new(null, PiiSuggestion.QuasiIdentifier,
        [
            "sex", "gender", "sexe", "genre", "geschlecht", "sexo", "genero", "age", "alter", "idade", "nationality",
            "nationalite", "staatsangehorigkeit", "nationalitat", "nacionalidade", "nationaliteit", "occupation",
            "profession", "job title", "beruf", "profissao", "marital status", "etat civil", "familienstand",
            "estado civil", "city", "ville", "localite", "stadt", "ort", "wohnort", "cidade", "localidade", "commune",
            "gemeinde", "uertschaft", "place of birth", "lieu de naissance", "geburtsort", "local de nascimento",
            "country of birth", "pays de naissance", "geburtsland", "education", "diplome", "ausbildung", "escolaridade",
            "year of birth", "annee de naissance", "geburtsjahr", "ano de nascimento",
        ]),
        new(null, PiiSuggestion.Sensitive,
        [
            "health", "sante", "gesundheit", "saude", "diagnosis", "diagnostic", "diagnose", "diagnostico", "disease",
            "maladie", "krankheit", "doenca", "medical condition", "medication", "medicament", "medikament", "icd",
            "treatment", "traitement", "behandlung", "tratamento", "disability", "handicap", "behinderung", "deficiencia",
            "religion", "religious", "confession", "konfession", "religiao", "ethnicity", "ethnic origin", "ethnie",
            "origine ethnique", "ethnische herkunft", "etnia", "race", "sexual orientation", "orientation sexuelle",
            "sexuelle orientierung", "orientacao sexual", "political opinion", "opinion politique", "politische meinung",
            "party membership", "union membership", "syndicat", "gewerkschaft", "sindicato", "genetic", "genetique",
            "genetisch", "biometric", "biometrique", "biometrisch", "fingerprint", "criminal record", "conviction",
            "casier judiciaire", "vorstrafe", "pregnancy", "grossesse", "schwangerschaft", "hiv", "blood type",
            "groupe sanguin", "blutgruppe",
        ]),
    ];

    private static readonly string[] ContraryWords =
    [
        "product", "produit", "produkt", "produto", "article", "artikel", "artigo", "sku", "ean", "gtin", "upc", "order",
        "commande", "bestellung", "bestellnummer", "encomenda", "pedido", "invoice", "facture", "rechnung", "fatura",
        "factura", "reference", "ref", "referenz", "referencia", "serial", "serie", "seriennummer", "version", "firmware",
        "release", "batch", "lot", "file", "fichier", "datei", "ficheiro", "hash", "checksum", "tracking",
        "sendungsnummer", "ticket", "part", "piece", "teilenummer", "model", "modele", "modell", "build number",
        "transaction", "isbn", "barcode", "item", "catalogue", "catalog", "katalog", "stock", "inventory", "shipment",
        "colis", "paket", "code article", "sku code", "voucher", "coupon", "gutschein", "contract", "contrat", "vertrag",
    ];

    // Words that make "name", "nom" or "Name" something other than a person's name.
    private static readonly string[] NotAPersonWords =
    [
        "company", "societe", "entreprise", "firma", "unternehmen", "empresa", "street", "rue", "strasse", "city", "ville",
        "stadt", "country", "pays", "land", "brand", "marque", "marke", "marca", "category", "categorie", "kategorie",
        "team", "project", "projet", "projekt", "department", "abteilung", "departement", "shop", "store", "magasin",
        "hotel", "restaurant", "school", "ecole", "schule", "hospital", "hopital", "krankenhaus", "bank", "banque",
        "domain", "domaine", "host", "server", "serveur", "table", "column", "colonne", "field", "champ", "user", "username",
        "login", "organisation", "organization", "employer", "employeur", "arbeitgeber", "region", "commune",
        "municipality", "gemeinde", "dataset", "event", "evenement", "veranstaltung", "course", "cours", "kurs", "service",
    ];
}
