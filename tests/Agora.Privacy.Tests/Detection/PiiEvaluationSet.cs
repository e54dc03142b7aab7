using System.Globalization;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Detection;

/// <summary>One labelled column of the evaluation set.</summary>
internal sealed record LabelledColumn(string Header, IReadOnlyList<string?> Values, PiiEntity? Label, string Kind);

/// <summary>The labelled evaluation set for PII detection: positives for every entity under headers in five languages
/// and under neutral headers, hard negatives that imitate identifiers (product codes shaped like phone numbers, order
/// numbers that pass Luhn, EAN barcodes, version strings, SKUs shaped like plates, event dates, company and product
/// names), plain negatives, and running text with and without embedded personal data. Generated from a fixed seed.</summary>
internal static class PiiEvaluationSet
{
    public const int Seed = 20_251_126;
    private const int RowsPerColumn = 120;

    // The generator's own name lists overlap the detector's lexicon only in part, as real data would.
    private static readonly string[] GivenNames =
    [
        "Jean", "Marie", "Paul", "Sophie", "Luc", "Anne", "Thomas", "Julie", "Marc", "Claire", "Pedro", "Ana", "Joao", "Rita",
        "Lukas", "Lena", "Jonas", "Mia", "Finn", "Emma", "Gilles", "Nadine", "Pol", "Mireille", "Romain", "Carine", "Fernand",
        "Josée", "Raphaël", "Chloé", "Tiago", "Inês", "Beatriz", "Duarte", "Matteo", "Giulia", "Liam", "Olivia", "Noémie",
        "Anouk", "Yannick", "Ghislaine", "Arsène", "Léandre", "Jeannot", "Mariette", "Kevin", "Svenja", "Dörte", "Gerlinde",
    ];

    private static readonly string[] FamilyNames =
    [
        "Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Kieffer", "Reuter", "Dupont", "Martin", "Bernard",
        "Dubois", "Moreau", "Lambert", "Silva", "Santos", "Ferreira", "Pereira", "Costa", "Rossi", "Peeters", "Janssens",
        "Smith", "Brown", "Becker", "Klein", "Goncalves", "Da Costa", "Meyrer", "Hengen", "Origer", "Wirtgen", "Schammel",
        "Ensch", "Kinnen", "Lentz", "Faber", "Bausch", "Kayser", "Molitor", "Steichen", "Frisch", "Hilbert", "Bettendorf",
    ];

    private static readonly string[] Cities =
    [
        "Luxembourg", "Esch-sur-Alzette", "Differdange", "Dudelange", "Ettelbruck", "Diekirch", "Wiltz", "Echternach", "Metz",
        "Trier", "Arlon", "Thionville", "Saarbrücken", "Porto", "Lisboa", "Bruxelles", "Liège", "Strasbourg", "Remich",
    ];

    private static readonly string[] Streets =
    [
        "rue de la Gare", "avenue de la Liberté", "route d'Arlon", "boulevard Royal", "rue du Fort Neipperg", "rue de Hollerich",
        "avenue Pasteur", "rue des Jardins", "chemin des Vignes", "place d'Armes", "allée Scheffer", "rue Principale",
    ];

    private static readonly string[] GermanStreets = ["Hauptstraße", "Bahnhofstraße", "Schulstrasse", "Kirchweg", "Lindenallee", "Am Ring", "Gartenstr."];

    private static readonly string[] Domains = ["post.lu", "pt.lu", "gmail.com", "web.de", "orange.fr", "outlook.com", "sapo.pt", "skynet.be", "education.lu"];

    private static readonly string[] Neutral = ["col_1", "field_7", "value", "data", "c12", "attribute_3", "Spalte 4", "colonne_2", "info", "x"];

    private static readonly Dictionary<PiiEntity, string[]> Headers = new()
    {
        [PiiEntity.PersonName] = ["name", "full_name", "Nom", "Prénom", "Nachname", "Vorname", "Numm", "Virnumm", "nome", "apelido", "customer_name", "NomComplet", "Familienname", "patient name"],
        [PiiEntity.EmailAddress] = ["email", "E-Mail", "courriel", "adresse_mail", "E-Mail-Adresse", "e-mail Adress", "correio eletrónico", "contact_email", "mail"],
        [PiiEntity.PhoneNumber] = ["phone", "telephone", "Téléphone", "GSM", "Telefonnummer", "Handy", "Telefonsnummer", "telemóvel", "mobile", "tel"],
        [PiiEntity.Iban] = ["iban", "IBAN", "compte bancaire", "Kontonummer", "Bankverbindung", "conta bancária", "bank_account", "NIB"],
        [PiiEntity.PaymentCard] = ["card_number", "credit card", "numéro de carte", "Kreditkarte", "Kartennummer", "cartão de crédito", "PAN"],
        [PiiEntity.LuxembourgNationalId] = ["matricule", "Matricule national", "numéro d'identification", "Matrikelnummer", "Sozialversicherungsnummer", "national_id", "número de identificação"],
        [PiiEntity.EuVatNumber] = ["vat_number", "numéro TVA", "TVA intracommunautaire", "USt-IdNr", "Umsatzsteuer-ID", "número IVA", "VAT"],
        [PiiEntity.FrenchNir] = ["NIR", "numéro de sécurité sociale", "numero_secu", "numéro INSEE", "social_security_number"],
        [PiiEntity.BelgianNationalNumber] = ["rijksregisternummer", "numéro national", "registre national", "national_register_number", "NISS"],
        [PiiEntity.GermanTaxId] = ["Steuer-ID", "Steueridentifikationsnummer", "IdNr", "tax_id", "identifiant fiscal"],
        [PiiEntity.Postcode] = ["postcode", "code postal", "PLZ", "Postleitzahl", "código postal", "zip", "Postleitzuel", "CP"],
        [PiiEntity.StreetAddress] = ["address", "adresse", "Anschrift", "Straße", "morada", "Wunnadress", "street_address", "rue"],
        [PiiEntity.BirthDate] = ["date_of_birth", "date de naissance", "Geburtsdatum", "Gebuertsdatum", "data de nascimento", "dob", "birthday", "né le"],
        [PiiEntity.IpAddress] = ["ip_address", "adresse IP", "IP-Adresse", "client_ip", "endereço IP", "remote_addr"],
        [PiiEntity.MacAddress] = ["mac_address", "adresse MAC", "MAC-Adresse", "bssid", "endereço MAC"],
        [PiiEntity.VehiclePlate] = ["licence_plate", "immatriculation", "Kennzeichen", "Nummerplack", "matrícula", "plaque"],
        [PiiEntity.Url] = ["url", "website", "site web", "Webseite", "sítio web", "homepage", "profile_url"],
    };

    // Entities whose values alone are distinctive enough to be labelled under a neutral header.
    private static readonly PiiEntity[] ValueOnlyEntities =
    [
        PiiEntity.PersonName, PiiEntity.EmailAddress, PiiEntity.PhoneNumber, PiiEntity.Iban, PiiEntity.PaymentCard,
        PiiEntity.LuxembourgNationalId, PiiEntity.EuVatNumber, PiiEntity.FrenchNir, PiiEntity.BelgianNationalNumber,
        PiiEntity.GermanTaxId, PiiEntity.Postcode, PiiEntity.StreetAddress, PiiEntity.BirthDate, PiiEntity.IpAddress,
        PiiEntity.MacAddress, PiiEntity.VehiclePlate, PiiEntity.Url,
    ];

    public static IReadOnlyList<LabelledColumn> Generate()
    {
        var g = new SyntheticIdentifiers(Seed);
        var columns = new List<LabelledColumn>();
        foreach (var (entity, headers) in Headers)
        {
            foreach (var header in headers)
            {
                columns.Add(new LabelledColumn(header, Column(g, entity, neutral: false, noise: 0.04), entity, "positive"));
            }
            // A second pass with other header casings and formats.
            foreach (var header in headers.Take(6))
            {
                columns.Add(new LabelledColumn(header.ToUpperInvariant().Replace(' ', '_'), Column(g, entity, neutral: false, noise: 0.1), entity, "positive"));
            }
        }
        foreach (var entity in ValueOnlyEntities)
        {
            for (var i = 0; i < 4; i++)
            {
                columns.Add(new LabelledColumn(g.Pick(Neutral), Column(g, entity, neutral: true, noise: 0.02), entity, "positive, neutral header"));
            }
        }
        AddHardPositives(g, columns);
        AddFreeText(g, columns);
        AddHardNegatives(g, columns);
        AddPlainNegatives(g, columns);
        return columns;
    }

    private static List<string?> Values(SyntheticIdentifiers g, double noise, Func<string> make)
    {
        var values = new List<string?>(RowsPerColumn);
        for (var i = 0; i < RowsPerColumn; i++)
        {
            var roll = g.Random.NextDouble();
            values.Add(roll < 0.05 ? null : roll < 0.05 + noise ? g.Pick(["n/a", "unknown", "-", "?", "inconnu", "keine Angabe"]) : make());
        }
        return values;
    }

    private static List<string?> Column(SyntheticIdentifiers g, PiiEntity entity, bool neutral, double noise)
    {
        var style = g.Random.Next(4);
        return entity switch
        {
            PiiEntity.PersonName => Values(g, noise, () => PersonName(g, style)),
            PiiEntity.EmailAddress => Values(g, noise, () =>
                $"{Ascii(g.Pick(GivenNames))}.{Ascii(g.Pick(FamilyNames))}{(g.Random.Next(3) == 0 ? g.Random.Next(99).ToString(CultureInfo.InvariantCulture) : "")}@{g.Pick(Domains)}".ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal)),
            PiiEntity.PhoneNumber => Values(g, noise, () => Phone(g, neutral ? 0 : style)),
            PiiEntity.Iban => Values(g, noise, () => g.Iban(g.Pick(["LU", "LU", "DE", "FR", "BE", "NL", "PT", "GB"]), spaced: style % 2 == 0)),
            PiiEntity.PaymentCard => Values(g, noise, () => g.Card(spaced: style % 2 == 0)),
            PiiEntity.LuxembourgNationalId => Values(g, noise, () => g.LuxembourgId(spaced: style == 3)),
            PiiEntity.EuVatNumber => Values(g, noise, g.Vat),
            PiiEntity.FrenchNir => Values(g, noise, () => g.FrenchNir(spaced: style % 2 == 0)),
            PiiEntity.BelgianNationalNumber => Values(g, noise, () => g.BelgianNumber(formatted: style % 2 == 0)),
            PiiEntity.GermanTaxId => Values(g, noise, () => g.GermanTaxId(spaced: style == 3)),
            PiiEntity.Postcode => Values(g, noise, () => neutral || style == 0
                ? $"L-{g.Random.Next(1000, 9999)}" + (style == 1 ? " " + g.Pick(Cities) : "")
                : style switch
                {
                    1 => g.Random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
                    2 => g.Random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture),
                    _ => $"{g.Random.Next(1000, 9999)}-{g.Random.Next(0, 999):000}",
                }),
            PiiEntity.StreetAddress => Values(g, noise, () => Street(g)),
            PiiEntity.BirthDate => Values(g, noise, () => DateText(g.Date(1935, 2012), neutral ? 0 : style)),
            PiiEntity.IpAddress => Values(g, noise, () => style == 3
                ? $"2001:db8:{g.Random.Next(0xffff):x}:{g.Random.Next(0xffff):x}::{g.Random.Next(1, 0xffff):x}"
                : $"{g.Random.Next(1, 224)}.{g.Random.Next(256)}.{g.Random.Next(256)}.{g.Random.Next(1, 255)}"),
            PiiEntity.MacAddress => Values(g, noise, () => string.Join(style % 2 == 0 ? ":" : "-",
                Enumerable.Range(0, 6).Select(_ => g.Random.Next(256).ToString(style == 1 ? "x2" : "X2", CultureInfo.InvariantCulture)))),
            PiiEntity.VehiclePlate => Values(g, noise, () => Plate(g, style)),
            PiiEntity.Url => Values(g, noise, () => g.Random.Next(3) switch
            {
                0 => $"https://www.{Ascii(g.Pick(FamilyNames)).ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal)}.lu/",
                1 => $"https://social.example.com/u/{Ascii(g.Pick(GivenNames)).ToLowerInvariant()}{g.Random.Next(1000)}",
                _ => $"www.{Ascii(g.Pick(FamilyNames)).ToLowerInvariant().Replace(" ", "-", StringComparison.Ordinal)}-consulting.de/team",
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(entity)),
        };
    }

    private static string PersonName(SyntheticIdentifiers g, int style) => style switch
    {
        0 => $"{g.Pick(GivenNames)} {g.Pick(FamilyNames)}",
        1 => $"{g.Pick(FamilyNames).ToUpperInvariant()} {g.Pick(GivenNames)}",
        2 => $"{g.Pick(FamilyNames)}, {g.Pick(GivenNames)}",
        _ => $"{g.Pick(GivenNames)} {g.Pick(GivenNames)} {g.Pick(FamilyNames)}",
    };

    private static string Phone(SyntheticIdentifiers g, int style) => style switch
    {
        0 => g.Random.Next(6) switch
        {
            0 => $"+352 {g.Pick(["621", "661", "691"])} {g.Random.Next(100, 999)} {g.Random.Next(100, 999)}",
            1 => $"+352 {g.Random.Next(20, 29)} {g.Random.Next(10, 99)} {g.Random.Next(10, 99)} {g.Random.Next(10, 99)}",
            2 => $"+33 6 {g.Random.Next(10, 99)} {g.Random.Next(10, 99)} {g.Random.Next(10, 99)} {g.Random.Next(10, 99)}",
            3 => $"+49 171 {g.Random.Next(1000000, 9999999)}",
            4 => $"+32 470 {g.Random.Next(10, 99)} {g.Random.Next(10, 99)} {g.Random.Next(10, 99)}",
            _ => $"00352 {g.Random.Next(20, 29)}{g.Random.Next(100000, 999999)}",
        },
        1 => $"{g.Pick(["621", "661", "691"])} {g.Random.Next(100, 999)} {g.Random.Next(100, 999)}",
        2 => $"0{g.Random.Next(1, 8)} {g.Random.Next(10, 99)} {g.Random.Next(10, 99)} {g.Random.Next(10, 99)} {g.Random.Next(10, 99)}",
        _ => $"0{g.Random.Next(151, 179)} {g.Random.Next(1000000, 9999999)}",
    };

    private static string Street(SyntheticIdentifiers g) => g.Random.Next(5) switch
    {
        0 => $"{g.Random.Next(1, 250)}, {g.Pick(Streets)}",
        1 => $"{g.Random.Next(1, 250)} {g.Pick(Streets)}, L-{g.Random.Next(1000, 9999)} {g.Pick(Cities)}",
        2 => $"{g.Pick(GermanStreets)} {g.Random.Next(1, 120)}",
        3 => $"Rua {g.Pick(["Augusta", "das Flores", "de Santa Catarina", "do Carmo"])} {g.Random.Next(1, 300)}",
        _ => $"{g.Random.Next(1, 300)} {g.Pick(["Baker", "High", "Church", "Station"])} {g.Pick(["Street", "Road", "Lane"])}",
    };

    private static string DateText(DateOnly date, int style) => style switch
    {
        0 or 3 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        1 => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        _ => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
    };

    private static string Plate(SyntheticIdentifiers g, int style) => style switch
    {
        0 => $"{g.Letters(2)} {g.Random.Next(1000, 9999)}",
        1 => $"{g.Letters(2)}-{g.Random.Next(100, 999)}-{g.Letters(2)}",
        2 => $"{g.Pick(["B", "M", "K", "HH", "SB", "TR"])}-{g.Letters(2)} {g.Random.Next(1, 9999)}",
        _ => $"{g.Random.Next(1, 9)}-{g.Letters(3)}-{g.Random.Next(100, 999)}",
    };

    // Columns a careful reader labels as personal data but that values and headers only half reveal: some are expected
    // misses, and they keep the reported recall honest.
    private static void AddHardPositives(SyntheticIdentifiers g, List<LabelledColumn> columns)
    {
        for (var i = 0; i < 3; i++)
        {
            // National phone numbers and bare postcodes under neutral headers: indistinguishable from codes.
            columns.Add(new LabelledColumn(g.Pick(Neutral), Values(g, 0.02, () => Phone(g, 1 + (i % 3))), PiiEntity.PhoneNumber, "hard positive: national phone, neutral header"));
            columns.Add(new LabelledColumn(g.Pick(Neutral), Values(g, 0.02, () => g.Random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)), PiiEntity.Postcode, "hard positive: bare postcode, neutral header"));
        }
        for (var i = 0; i < 2; i++)
        {
            columns.Add(new LabelledColumn(g.Pick(["name", "Nom", "nome"]), Values(g, 0.02, () => PersonName(g, 0).ToLowerInvariant()), PiiEntity.PersonName, "hard positive: lower-case names"));
            columns.Add(new LabelledColumn(g.Pick(Neutral), Values(g, 0.02, () => DateText(g.Date(2008, 2015), 0)), PiiEntity.BirthDate, "hard positive: children's birth dates, neutral header"));
            columns.Add(new LabelledColumn(g.Pick(["contact", "Kontakt", "contacto"]), Values(g, 0, () => g.Random.NextDouble() < 0.6
                ? $"{Ascii(g.Pick(GivenNames)).ToLowerInvariant()}@{g.Pick(Domains)}"
                : Phone(g, 0)), PiiEntity.EmailAddress, "hard positive: e-mails mixed with phone numbers"));
            columns.Add(new LabelledColumn(g.Pick(["client", "Kunde", "titulaire du contrat"]), Values(g, 0.02, () => $"{g.Pick(["M.", "Mme", "Dr.", "Herr", "Frau"])} {PersonName(g, 0)}"), PiiEntity.PersonName, "hard positive: names with titles"));
            columns.Add(new LabelledColumn(g.Pick(["contact_email", "generic mailbox"]), Values(g, 0, () => $"{g.Pick(["info", "contact", "office", "secretariat"])}@{Ascii(g.Pick(FamilyNames)).ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal)}.lu"), PiiEntity.EmailAddress, "hard positive: role mailboxes"));
        }
        // Sparse columns: most rows empty.
        foreach (var entity in new[] { PiiEntity.EmailAddress, PiiEntity.Iban, PiiEntity.LuxembourgNationalId, PiiEntity.PhoneNumber })
        {
            var full = Column(g, entity, neutral: false, noise: 0);
            columns.Add(new LabelledColumn(Headers[entity][0], full.Select(v => g.Random.NextDouble() < 0.7 ? null : v).ToList(), entity, "hard positive: sparse column"));
        }
        // Phone columns that mix international and national formats; dates in mixed formats.
        for (var i = 0; i < 4; i++)
        {
            columns.Add(new LabelledColumn(Headers[PiiEntity.PhoneNumber][i], Values(g, 0.03, () => Phone(g, g.Random.Next(4))), PiiEntity.PhoneNumber, "hard positive: mixed phone formats"));
            columns.Add(new LabelledColumn(Headers[PiiEntity.BirthDate][i], Values(g, 0.03, () => DateText(g.Date(1940, 2005), g.Random.Next(4))), PiiEntity.BirthDate, "hard positive: mixed date formats"));
        }
        // Customer numbers that pass Luhn with a Visa-like prefix under a header that is not contrary: expected false positives.
        for (var i = 0; i < 2; i++)
        {
            columns.Add(new LabelledColumn(g.Pick(["customer_id", "numéro client", "Kundennummer"]), Values(g, 0, () => g.LuhnOrderNumber(16, "4")), null, "hard negative: Luhn-valid customer numbers with a card prefix"));
        }
        foreach (var header in new[] { "username", "login", "Benutzername" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => $"{Ascii(g.Pick(GivenNames)).ToLowerInvariant()[..1]}{Ascii(g.Pick(FamilyNames)).ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal)}{g.Random.Next(100)}"), null, "negative: user names"));
        }
    }

    private static void AddFreeText(SyntheticIdentifiers g, List<LabelledColumn> columns)
    {
        string[] headers = ["comment", "remarques", "Bemerkung", "notes", "observações", "message", "description_client", "Notiz"];
        for (var i = 0; i < 16; i++)
        {
            var withEmail = i % 2 == 0;
            var values = Values(g, 0, () => g.Random.NextDouble() < 0.7
                ? withEmail
                    ? $"Merci de répondre à {Ascii(g.Pick(GivenNames)).ToLowerInvariant()}.{Ascii(g.Pick(FamilyNames)).ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal)}@{g.Pick(Domains)} avant vendredi, le dossier est complet."
                    : $"Customer asked to be called back on +352 621 {g.Random.Next(100, 999)} {g.Random.Next(100, 999)} about the delivery next week."
                : g.Pick(["Livraison effectuée sans problème, rien à signaler.", "Paket wurde an der Haustür abgestellt und bestätigt.",
                    "The order was shipped in two parcels because of stock levels.", "Encomenda entregue no prazo previsto sem incidentes."]));
            columns.Add(new LabelledColumn(headers[i % headers.Length], values, withEmail ? PiiEntity.EmailAddress : PiiEntity.PhoneNumber, "positive, free text"));
        }
        for (var i = 0; i < 10; i++)
        {
            columns.Add(new LabelledColumn(headers[(i + 3) % headers.Length], Values(g, 0, () => g.Pick([
                "Produit livré en bon état, emballage conforme aux attentes du client.",
                "Die Lieferung erfolgte pünktlich, die Verpackung war leicht beschädigt.",
                "Customer satisfied with the service and the speed of the intervention.",
                "Pedido processado com sucesso e enviado para o armazém central.",
                "GET /api/v2/catalogue/items?page=3 returned 200 in 45 ms from cache.",
                "Version 2.4.1 deployed to the staging cluster after the nightly build."])), null, "negative, free text"));
        }
    }

    private static void AddHardNegatives(SyntheticIdentifiers g, List<LabelledColumn> columns)
    {
        string[] productHeaders = ["product_code", "code article", "Artikelnummer", "código do produto", "sku", "ref_produit", "item_code", "Teilenummer"];
        string[] orderHeaders = ["order_number", "numéro de commande", "Bestellnummer", "número da encomenda", "invoice_no", "transaction_id", "ticket", "tracking_number"];
        // Product codes written like Luxembourg, French and German phone numbers.
        foreach (var header in productHeaders)
        {
            var style = g.Random.Next(3) + 1;
            columns.Add(new LabelledColumn(header, Values(g, 0, () => Phone(g, style)), null, "hard negative: product code shaped like a phone number"));
        }
        // Order numbers that pass Luhn, some even with a card-like prefix, under order headers.
        foreach (var header in orderHeaders)
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => g.LuhnOrderNumber(16, g.Pick(["4", "51", "9", "70"]))), null, "hard negative: Luhn-valid order number"));
        }
        // Luhn-valid numbers without a card issuer prefix under neutral headers.
        for (var i = 0; i < 6; i++)
        {
            columns.Add(new LabelledColumn(g.Pick(Neutral), Values(g, 0, () => g.LuhnOrderNumber(g.Pick([14, 16, 18]), g.Pick(["9", "70", "80", "10"]))), null, "hard negative: Luhn-valid number, no issuer prefix"));
        }
        // EAN-13 barcodes (13 digits like the Luxembourg matricule).
        string[] eanHeaders = ["ean", "gtin", "barcode", "EAN-Code", "code_barre", "col_ean"];
        foreach (var header in eanHeaders)
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => Ean13(g)), null, "hard negative: EAN-13"));
        }
        for (var i = 0; i < 3; i++)
        {
            columns.Add(new LabelledColumn(g.Pick(Neutral), Values(g, 0, () => Ean13(g)), null, "hard negative: EAN-13, neutral header"));
        }
        // Random 11-digit and 13-digit internal numbers (same lengths as BE, DE and LU identifiers; checks fail).
        for (var i = 0; i < 6; i++)
        {
            columns.Add(new LabelledColumn(g.Pick(Neutral.Concat(["customer_ref", "dossier", "Aktenzeichen"]).ToArray()),
                Values(g, 0, () => g.Digits(i % 2 == 0 ? 11 : 13, firstNonZero: true)), null, "hard negative: random 11/13-digit numbers"));
        }
        // Version strings that look like IPv4 addresses.
        foreach (var header in new[] { "version", "firmware_version", "Softwareversion", "build number", "release" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => $"{g.Random.Next(1, 6)}.{g.Random.Next(0, 20)}.{g.Random.Next(0, 40)}.{g.Random.Next(0, 200)}"), null, "hard negative: version numbers"));
        }
        // SKUs shaped like French and Luxembourg plates.
        foreach (var header in new[] { "sku", "référence", "Artikel", "part_number", "model" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => Plate(g, g.Random.Next(2))), null, "hard negative: SKU shaped like a plate"));
        }
        // Event dates clustered in recent years, with and without a header.
        foreach (var header in new[] { "order_date", "date de commande", "Bestelldatum", "data da encomenda", "created", "col_3", "x" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => DateText(g.Date(2021, 2024), g.Random.Next(3))), null, "hard negative: event dates"));
        }
        // Names of companies, products and cities: capitalised words under "name" headers.
        foreach (var header in new[] { "company name", "nom de la société", "Firmenname", "nome da empresa", "product name", "nom du produit", "Produktname" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => g.Pick(["Ceratizit", "Cactus", "Luxair", "Cargolux", "Arcelor Steel", "Paul Wurth",
                "Blue Widget", "Alpine Trust", "Nordic Tools", "Delta Systems", "Atlas Copco", "Orbit Media", "Pixel Forge", "Green Leaf"])), null, "hard negative: company/product names"));
        }
        foreach (var header in new[] { "city", "ville", "Ortschaft", "Stadt", "cidade", "col_9" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => g.Pick(Cities)), null, "hard negative: city names"));
        }
        // Four- and five-digit quantities and codes (postcode-shaped) under other headers.
        foreach (var header in new[] { "quantity", "amount", "stock", "Menge", "quantité", "field_7", "year" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => g.Random.Next(1000, 99999).ToString(CultureInfo.InvariantCulture)), null, "hard negative: postcode-shaped numbers"));
        }
        // Hex hashes and UUIDs (MAC-like and IPv6-like characters).
        foreach (var header in new[] { "hash", "checksum", "uuid", "request_id" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => SeededGuid(g).ToString(header == "hash" ? "N" : "D")), null, "hard negative: hashes and UUIDs"));
        }
        // Country-prefixed codes that are not VAT numbers (wrong length for the country).
        foreach (var header in new[] { "shipment", "colis", "Sendungsnummer" })
        {
            columns.Add(new LabelledColumn(header, Values(g, 0, () => g.Pick(["LU", "FR", "DE", "BE"]) + g.Digits(12)), null, "hard negative: country-prefixed parcel numbers"));
        }
    }

    private static void AddPlainNegatives(SyntheticIdentifiers g, List<LabelledColumn> columns)
    {
        (string Header, Func<string> Make)[] kinds =
        [
            ("price", () => (g.Random.Next(100, 99999) / 100.0).ToString("0.00", CultureInfo.InvariantCulture)),
            ("status", () => g.Pick(["active", "pending", "closed", "cancelled"])),
            ("statut", () => g.Pick(["Actif", "En attente", "Clôturé"])),
            ("Status", () => g.Pick(["Offen", "Erledigt", "In Bearbeitung"])),
            ("currency", () => g.Pick(["EUR", "USD", "CHF", "GBP"])),
            ("country", () => g.Pick(["LU", "FR", "DE", "BE", "PT"])),
            ("is_active", () => g.Pick(["true", "false"])),
            ("score", () => g.Random.NextDouble().ToString("0.000", CultureInfo.InvariantCulture)),
            ("category", () => g.Pick(["Food", "Energy", "Transport", "Health care", "Education"])),
            ("catégorie", () => g.Pick(["Alimentation", "Énergie", "Transport"])),
            ("colour", () => g.Pick(["Red", "Blue", "Green", "Black"])),
            ("weight_kg", () => (g.Random.Next(1, 5000) / 10.0).ToString("0.0", CultureInfo.InvariantCulture)),
            ("timestamp", () => new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(g.Random.Next(0, 31_000_000)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("count", () => g.Random.Next(0, 500).ToString(CultureInfo.InvariantCulture)),
            ("rating", () => g.Random.Next(1, 6).ToString(CultureInfo.InvariantCulture)),
            ("id", () => g.Random.Next(1, 100000).ToString(CultureInfo.InvariantCulture)),
            ("language", () => g.Pick(["lb", "fr", "de", "en", "pt"])),
            ("unit", () => g.Pick(["kg", "m", "l", "pcs"])),
            ("duration_min", () => g.Random.Next(1, 240).ToString(CultureInfo.InvariantCulture)),
            ("percentage", () => g.Random.Next(0, 101).ToString(CultureInfo.InvariantCulture) + "%"),
        ];
        for (var round = 0; round < 4; round++)
        {
            foreach (var (header, make) in kinds)
            {
                columns.Add(new LabelledColumn(round == 0 ? header : round == 1 ? header.ToUpperInvariant() : round == 2 ? "attr_" + header : g.Pick(Neutral), Values(g, 0, make), null, "negative"));
            }
        }
    }

    private static string Ean13(SyntheticIdentifiers g)
    {
        var body = g.Pick(["400", "540", "560", "300", "870"]) + g.Digits(9);
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (body[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return body + ((10 - (sum % 10)) % 10).ToString(CultureInfo.InvariantCulture);
    }

    private static Guid SeededGuid(SyntheticIdentifiers g)
    {
        var bytes = new byte[16];
        g.Random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Ascii(string text) => HeaderText.RemoveDiacritics(text);
}
