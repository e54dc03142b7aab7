using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Catalog.Harvesting;

/// <summary>What Agora keeps of a harvested DCAT-AP dataset: the parts its own catalogue model has room for. Texts are
/// keyed by language (en, fr, de, lb); vocabulary terms are Agora's codes; terms Agora does not know are left out.</summary>
public sealed record HarvestedDescription
{
    public required string RemoteIri { get; init; }

    public SortedDictionary<string, string> Title { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Description { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, List<string>> Keywords { get; init; } = new(StringComparer.Ordinal);

    public List<string> Themes { get; init; } = [];

    public string? Licence { get; init; }

    public AccessRights AccessRights { get; init; } = AccessRights.NonPublic;

    public string? ContactName { get; init; }

    public string? ContactEmail { get; init; }

    public string? Publisher { get; init; }

    public DateOnly? TemporalStart { get; init; }

    public DateOnly? TemporalEnd { get; init; }

    public string? Spatial { get; init; }

    public string? Frequency { get; init; }

    public string? LandingPage { get; init; }

    /// <summary>Hex SHA-256 of the description: equal descriptions, equal fingerprints.</summary>
    public string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this)));
}

/// <summary>Reads the datasets of a DCAT-AP catalogue graph (from <see cref="TurtleReader"/> or <see cref="JsonLdReader"/>)
/// into <see cref="HarvestedDescription"/>s; reports what it had to skip.</summary>
internal static class DcatHarvestReader
{
    private const string Dcat = RdfNamespaces.DcatNs;
    private const string Dct = RdfNamespaces.DctNs;
    private const string Vcard = RdfNamespaces.VcardNs;
    private const string Foaf = RdfNamespaces.FoafNs;

    public static (List<HarvestedDescription> Datasets, List<string> Skipped) Read(IReadOnlyList<RdfTriple> triples)
    {
        var graph = triples.GroupBy(t => t.Subject).ToDictionary(g => g.Key, g => g.ToList());
        var datasetNodes = triples.Where(t => t.Predicate == RdfNamespaces.RdfType && t.Object is RdfIri { Value: Dcat + "Dataset" }).Select(t => t.Subject)
            .Concat(triples.Where(t => t.Predicate == Dcat + "dataset").Select(t => t.Object).Where(o => o is not RdfLiteral))
            .Distinct().ToList();
        var datasets = new List<HarvestedDescription>();
        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in datasetNodes)
        {
            var statements = graph.GetValueOrDefault(node) ?? [];
            string? remote = node switch
            {
                RdfIri iri => iri.Value,
                _ => Literals(statements, Dct + "identifier").Select(l => "urn:agora:harvest:identifier:" + Uri.EscapeDataString(l.Value)).FirstOrDefault(),
            };
            var title = Texts(statements, Dct + "title", 300);
            if (remote is null)
            {
                skipped.Add($"a dataset without IRI or dct:identifier ({title.Values.FirstOrDefault() ?? "no title"})");
                continue;
            }
            if (title.Count == 0)
            {
                skipped.Add($"{remote}: no dct:title");
                continue;
            }
            if (!seen.Add(remote))
            {
                continue;
            }
            var contact = Objects(statements, Dcat + "contactPoint").Select(c => graph.GetValueOrDefault(c) ?? []).FirstOrDefault() ?? [];
            var temporal = Objects(statements, Dct + "temporal").Select(c => graph.GetValueOrDefault(c) ?? []).FirstOrDefault() ?? [];
            var publisher = Objects(statements, Dct + "publisher").Select(c => graph.GetValueOrDefault(c) ?? []).FirstOrDefault() ?? [];
            var distributions = Objects(statements, Dcat + "distribution").Select(d => graph.GetValueOrDefault(d) ?? []).ToList();
            var keywords = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var keyword in Literals(statements, Dcat + "keyword"))
            {
                if (Language(keyword) is { } language && keyword.Value.Trim().Length is > 0 and <= 100)
                {
                    if (!keywords.TryGetValue(language, out var list))
                    {
                        keywords[language] = list = [];
                    }
                    if (!list.Contains(keyword.Value.Trim(), StringComparer.OrdinalIgnoreCase))
                    {
                        list.Add(keyword.Value.Trim());
                    }
                }
            }
            foreach (var list in keywords.Values)
            {
                list.Sort(StringComparer.Ordinal);
            }
            var email = Objects(contact, Vcard + "hasEmail").Select(e => e switch
            {
                RdfIri iri => iri.Value,
                RdfLiteral literal => literal.Value,
                _ => null,
            }).FirstOrDefault(e => e is not null);
            var landing = Iris(statements, Dcat + "landingPage").FirstOrDefault(IsWebAddress)
                ?? distributions.SelectMany(d => Iris(d, Dcat + "accessURL")).FirstOrDefault(IsWebAddress);
            datasets.Add(new HarvestedDescription
            {
                RemoteIri = remote,
                Title = title,
                Description = Texts(statements, Dct + "description", 20000),
                Keywords = keywords,
                Themes = [.. Terms(graph, statements, Dcat + "theme").Select(i => DataTheme.FromUri(new Uri(i))?.Code).OfType<string>().Distinct().Order(StringComparer.Ordinal)],
                Licence = Terms(graph, statements, Dct + "license").Concat(distributions.SelectMany(d => Terms(graph, d, Dct + "license")))
                    .Select(i => Licence.FromUri(new Uri(i))?.Code).FirstOrDefault(c => c is not null),
                AccessRights = Terms(graph, statements, Dct + "accessRights").Select(i => AccessRight.FromUri(new Uri(i))).FirstOrDefault(a => a is not null) switch
                {
                    { Code: "PUBLIC" } => AccessRights.Public,
                    { Code: "RESTRICTED" } => AccessRights.Restricted,
                    _ => AccessRights.NonPublic,
                },
                ContactName = Clip(Literals(contact, Vcard + "fn").Select(l => l.Value).FirstOrDefault(), 200),
                ContactEmail = Email(email),
                Publisher = Clip(Texts(publisher, Foaf + "name", 300).Values.FirstOrDefault(), 300),
                TemporalStart = Date(temporal, Dcat + "startDate"),
                TemporalEnd = Date(temporal, Dcat + "endDate"),
                Spatial = Terms(graph, statements, Dct + "spatial").Select(i => Vocabularies.Places.FirstOrDefault(p => p.Value.Uri.AbsoluteUri == new Uri(i).AbsoluteUri).Key)
                    .FirstOrDefault(k => k is not null),
                Frequency = Terms(graph, statements, Dct + "accrualPeriodicity").Select(i => Dcat_Frequency(i)).FirstOrDefault(c => c is not null),
                LandingPage = Clip(landing, 500),
            });
        }
        return (datasets, skipped);
    }

    private static string? Dcat_Frequency(string iri) => Agora.Platform.Catalog.Dcat.Frequency.FromUri(new Uri(iri))?.Code;

    private static bool IsWebAddress(string iri) =>
        iri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || iri.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The vocabulary IRIs a property points to: directly, or (as DCAT-AP-LU writes them) through a blank node
    /// that says <c>rdfs:seeAlso</c> or <c>skos:exactMatch</c> the IRI. The Publications Office's authority tables are
    /// also written with https; Agora's vocabularies use their canonical http form.</summary>
    private static IEnumerable<string> Terms(Dictionary<RdfTerm, List<RdfTriple>> graph, List<RdfTriple> statements, string predicate)
    {
        foreach (var value in Objects(statements, predicate))
        {
            IEnumerable<string> iris = value switch
            {
                RdfIri iri => [iri.Value],
                RdfBlankNode blank => (graph.GetValueOrDefault(blank) ?? [])
                    .Where(t => t.Predicate is RdfNamespaces.Rdfs + "seeAlso" or RdfNamespaces.SkosNs + "exactMatch").Select(t => t.Object).OfType<RdfIri>().Select(i => i.Value),
                _ => [],
            };
            foreach (var iri in iris)
            {
                var canonical = iri.StartsWith("https://publications.europa.eu/resource/authority/", StringComparison.Ordinal) ? "http" + iri[5..] : iri;
                if (Uri.TryCreate(canonical, UriKind.Absolute, out _))
                {
                    yield return canonical;
                }
            }
        }
    }

    private static IEnumerable<RdfTerm> Objects(List<RdfTriple> statements, string predicate) =>
        statements.Where(s => s.Predicate == predicate).Select(s => s.Object);

    private static IEnumerable<RdfLiteral> Literals(List<RdfTriple> statements, string predicate) => Objects(statements, predicate).OfType<RdfLiteral>();

    /// <summary>IRIs that System.Uri can read (anything else could not be compared with a vocabulary anyway).</summary>
    private static IEnumerable<string> Iris(List<RdfTriple> statements, string predicate) =>
        Objects(statements, predicate).OfType<RdfIri>().Select(i => i.Value).Where(v => Uri.TryCreate(v, UriKind.Absolute, out _));

    /// <summary>Texts by language: tagged en/fr/de/lb (fr-LU counts as fr); an untagged text when nothing else is there
    /// counts as English.</summary>
    private static SortedDictionary<string, string> Texts(List<RdfTriple> statements, string predicate, int maxLength)
    {
        var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? untagged = null;
        foreach (var literal in Literals(statements, predicate))
        {
            var value = literal.Value.Trim();
            if (value.Length == 0)
            {
                continue;
            }
            if (literal.Language is null)
            {
                untagged ??= value;
            }
            else if (Language(literal) is { } language && !texts.ContainsKey(language))
            {
                texts[language] = Clip(value, maxLength)!;
            }
        }
        if (texts.Count == 0 && untagged is not null)
        {
            texts["en"] = Clip(untagged, maxLength)!;
        }
        return texts;
    }

    private static string? Language(RdfLiteral literal)
    {
        if (literal.Language is null)
        {
            return "en";
        }
        // Two-letter (ISO 639-1) or, as some DCAT-AP-LU examples write them, three-letter (ISO 639-2) codes.
        var primary = literal.Language.Split('-')[0].ToLowerInvariant() switch
        {
            "eng" => "en",
            "fra" or "fre" => "fr",
            "deu" or "ger" => "de",
            "ltz" => "lb",
            var code => code,
        };
        return Vocabularies.Languages.Contains(primary, StringComparer.Ordinal) ? primary : null;
    }

    private static DateOnly? Date(List<RdfTriple> statements, string predicate)
    {
        var text = Literals(statements, predicate).Select(l => l.Value.Trim()).FirstOrDefault();
        if (text is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    private static string? Email(string? value)
    {
        var address = value is not null && value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;
        return address is { Length: <= 256 } && System.Net.Mail.MailAddress.TryCreate(address, out var parsed) && parsed.Address == address ? address : null;
    }

    private static string? Clip(string? text, int length) => text is null ? null : text.Length <= length ? text : text[..length];
}
