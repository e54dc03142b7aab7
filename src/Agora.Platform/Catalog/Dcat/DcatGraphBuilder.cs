using System.Globalization;
using static Agora.Platform.Catalog.Dcat.RdfNamespaces;

namespace Agora.Platform.Catalog.Dcat;

/// <summary>Turns a <see cref="DcatCatalog"/> into the RDF graph both writers serialise, so JSON-LD and Turtle always say
/// the same thing.
/// Every resource the DCAT-AP and DCAT-AP-LU shapes check by class is typed here, and every controlled term is described
/// with its labels and its <c>skos:inScheme</c>, so the export validates on its own, without fetching the EU vocabularies.</summary>
internal sealed class DcatGraphBuilder
{
    private const string WktLiteral = GspNs + "wktLiteral";

    private readonly RdfGraph _graph = new();

    // What each IRI stands for, so that one IRI cannot silently describe two different things.
    private readonly Dictionary<string, object> _described = new(StringComparer.Ordinal);

    public static RdfGraph Build(DcatCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var builder = new DcatGraphBuilder();
        builder.AddCatalog(catalog);
        return builder._graph;
    }

    private void AddCatalog(DcatCatalog catalog)
    {
        var node = Claim(catalog.Id, catalog, "catalogue").Type(DcatNs + "Catalog");
        AddText(node, DctNs + "title", catalog.Title);
        AddText(node, DctNs + "description", catalog.Description);
        node.Add(DctNs + "publisher", Agent(catalog.Publisher));
        if (catalog.Homepage is not null)
        {
            node.Add(FoafNs + "homepage", Document(catalog.Homepage));
        }
        foreach (var language in catalog.Languages)
        {
            node.Add(DctNs + "language", Concept(language, DctNs + "LinguisticSystem"));
        }
        if (catalog.Licence is not null)
        {
            node.Add(DctNs + "license", Licence(catalog.Licence));
        }
        AddDateTime(node, DctNs + "issued", catalog.Issued);
        AddDateTime(node, DctNs + "modified", catalog.Modified);
        foreach (var place in catalog.Spatial)
        {
            node.Add(DctNs + "spatial", Location(place));
        }
        node.Add(DcatNs + "themeTaxonomy", Scheme(ConceptScheme.DataThemes));
        foreach (var dataset in catalog.Datasets)
        {
            node.Add(DcatNs + "dataset", Dataset(dataset));
        }
    }

    private RdfIri Dataset(DcatDataset dataset)
    {
        var node = Claim(dataset.Id, dataset, "dataset").Type(DcatNs + "Dataset");
        node.Add(DctNs + "identifier", new RdfLiteral(dataset.Identifier));
        AddText(node, DctNs + "title", dataset.Title);
        AddText(node, DctNs + "description", dataset.Description);
        foreach (var keyword in dataset.Keywords)
        {
            node.Add(DcatNs + "keyword", new RdfLiteral(keyword.Text, keyword.Language));
        }
        foreach (var theme in dataset.Themes)
        {
            node.Add(DcatNs + "theme", Concept(theme));
        }
        if (dataset.Publisher is not null)
        {
            node.Add(DctNs + "publisher", Agent(dataset.Publisher));
        }
        foreach (var contact in dataset.ContactPoints)
        {
            node.Add(DcatNs + "contactPoint", ContactPoint(contact));
        }
        if (dataset.AccessRights is not null)
        {
            node.Add(DctNs + "accessRights", Concept(dataset.AccessRights, DctNs + "RightsStatement"));
        }
        if (dataset.Frequency is not null)
        {
            node.Add(DctNs + "accrualPeriodicity", Concept(dataset.Frequency, DctNs + "Frequency"));
        }
        if (dataset.Temporal is not null)
        {
            node.Add(DctNs + "temporal", Period(dataset.Temporal));
        }
        foreach (var place in dataset.Spatial)
        {
            node.Add(DctNs + "spatial", Location(place));
        }
        AddDateTime(node, DctNs + "issued", dataset.Issued);
        AddDateTime(node, DctNs + "modified", dataset.Modified);
        if (dataset.LandingPage is not null)
        {
            node.Add(DcatNs + "landingPage", Document(dataset.LandingPage));
        }
        foreach (var language in dataset.Languages)
        {
            node.Add(DctNs + "language", Concept(language, DctNs + "LinguisticSystem"));
        }
        foreach (var protection in dataset.DataProtection)
        {
            node.Add(DpvNs + "hasData", Concept(protection, DpvNs + "Data"));
        }
        foreach (var legislation in dataset.ApplicableLegislation)
        {
            node.Add(DcatApNs + "applicableLegislation", Legislation(legislation));
        }
        foreach (var distribution in dataset.Distributions)
        {
            node.Add(DcatNs + "distribution", Distribution(distribution));
        }
        return (RdfIri)node.Subject;
    }

    private RdfIri Distribution(DcatDistribution distribution)
    {
        var node = Claim(distribution.Id, distribution, "distribution").Type(DcatNs + "Distribution");
        node.Add(DcatNs + "accessURL", Iri(distribution.AccessUrl));
        if (distribution.DownloadUrl is not null)
        {
            node.Add(DcatNs + "downloadURL", Iri(distribution.DownloadUrl));
        }
        if (distribution.Title is not null)
        {
            AddText(node, DctNs + "title", distribution.Title);
        }
        if (distribution.Description is not null)
        {
            AddText(node, DctNs + "description", distribution.Description);
        }
        if (distribution.Format is not null)
        {
            node.Add(DctNs + "format", Concept(distribution.Format, DctNs + "MediaTypeOrExtent"));
            var mediaType = Iri(distribution.Format.MediaTypeUri);
            _graph.Node(mediaType).Type(DctNs + "MediaType");
            node.Add(DcatNs + "mediaType", mediaType);
        }
        if (distribution.Licence is not null)
        {
            node.Add(DctNs + "license", Licence(distribution.Licence));
        }
        if (distribution.ByteSize is { } size)
        {
            node.Add(DcatNs + "byteSize", new RdfLiteral(size.ToString(CultureInfo.InvariantCulture), Datatype: Xsd + "nonNegativeInteger"));
        }
        AddDateTime(node, DctNs + "issued", distribution.Issued);
        AddDateTime(node, DctNs + "modified", distribution.Modified);
        if (distribution.Availability is not null)
        {
            node.Add(DcatApNs + "availability", Concept(distribution.Availability));
        }
        foreach (var language in distribution.Languages)
        {
            node.Add(DctNs + "language", Concept(language, DctNs + "LinguisticSystem"));
        }
        return (RdfIri)node.Subject;
    }

    private RdfIri Agent(DcatAgent agent)
    {
        var iri = Iri(agent.Id);
        if (IsDescribed(iri, agent, "agent"))
        {
            return iri;
        }
        var node = _graph.Node(iri).Type(FoafNs + "Agent").Type(FoafNs + "Organization");
        AddText(node, FoafNs + "name", agent.Name);
        if (agent.Type is not null)
        {
            node.Add(DctNs + "type", Concept(agent.Type));
        }
        if (agent.Homepage is not null)
        {
            node.Add(FoafNs + "homepage", Document(agent.Homepage));
        }
        if (agent.Email is not null)
        {
            node.Add(FoafNs + "mbox", new RdfIri(Mailto(agent.Email)));
        }
        return iri;
    }

    private RdfBlankNode ContactPoint(ContactPoint contact)
    {
        var node = _graph.NewBlankNode().Type(VcardNs + "Kind").Type(VcardNs + "Organization");
        node.Add(VcardNs + "fn", new RdfLiteral(contact.Name));
        if (contact.Email is not null)
        {
            node.Add(VcardNs + "hasEmail", new RdfIri(Mailto(contact.Email)));
        }
        if (contact.Url is not null)
        {
            node.Add(VcardNs + "hasURL", Iri(contact.Url));
        }
        if (contact.Telephone is not null)
        {
            node.Add(VcardNs + "hasTelephone", new RdfIri(Telephone(contact.Telephone)));
        }
        return (RdfBlankNode)node.Subject;
    }

    private RdfBlankNode Period(TemporalCoverage temporal)
    {
        var node = _graph.NewBlankNode().Type(DctNs + "PeriodOfTime");
        if (temporal.Start is { } start)
        {
            node.Add(DcatNs + "startDate", Date(start));
        }
        if (temporal.End is { } end)
        {
            node.Add(DcatNs + "endDate", Date(end));
        }
        return (RdfBlankNode)node.Subject;
    }

    private RdfIri Location(SpatialCoverage place)
    {
        var iri = Iri(place.Uri);
        if (IsDescribed(iri, place, "spatial coverage"))
        {
            return iri;
        }
        var node = _graph.Node(iri).Type(DctNs + "Location");
        if (place.Scheme is not null)
        {
            node.Type(SkosNs + "Concept");
        }
        AddText(node, SkosNs + "prefLabel", place.Label);
        if (place.Scheme is not null)
        {
            node.Add(SkosNs + "inScheme", Scheme(place.Scheme));
        }
        if (place.Centroid is not null)
        {
            node.Add(DcatNs + "centroid", new RdfLiteral(place.Centroid, Datatype: WktLiteral));
        }
        if (place.BoundingBox is not null)
        {
            node.Add(DcatNs + "bbox", new RdfLiteral(place.BoundingBox, Datatype: WktLiteral));
        }
        return iri;
    }

    private RdfIri Licence(Licence licence)
    {
        var iri = Iri(licence.Uri);
        if (IsDescribed(iri, licence, "licence"))
        {
            return iri;
        }
        var node = _graph.Node(iri).Type(DctNs + "LicenseDocument");
        AddText(node, RdfsLabel, licence.Label);
        node.Add(DctNs + "type", Concept(licence.Type));
        if (licence.Scheme is not null)
        {
            node.Add(SkosNs + "inScheme", Scheme(licence.Scheme));
        }
        return iri;
    }

    private RdfIri Legislation(Legislation legislation)
    {
        var iri = Iri(legislation.Uri);
        if (!IsDescribed(iri, legislation, "legislation"))
        {
            AddText(_graph.Node(iri).Type(EliNs + "LegalResource"), RdfsLabel, legislation.Label);
        }
        return iri;
    }

    /// <summary>A controlled term as a <c>skos:Concept</c> (plus the class the property's range needs) with its labels and scheme.</summary>
    private RdfIri Concept(ControlledTerm term, string? rangeClass = null)
    {
        var iri = Iri(term.Uri);
        if (IsDescribed(iri, term, "controlled term"))
        {
            return iri;
        }
        var node = _graph.Node(iri).Type(SkosNs + "Concept");
        if (rangeClass is not null)
        {
            node.Type(rangeClass);
        }
        AddText(node, SkosNs + "prefLabel", term.Label);
        if (term.Scheme is not null)
        {
            node.Add(SkosNs + "inScheme", Scheme(term.Scheme));
        }
        return iri;
    }

    private RdfIri Scheme(ConceptScheme scheme)
    {
        var iri = Iri(scheme.Uri);
        if (!IsDescribed(iri, scheme, "concept scheme"))
        {
            AddText(_graph.Node(iri).Type(SkosNs + "ConceptScheme"), DctNs + "title", scheme.Title);
        }
        return iri;
    }

    private RdfIri Document(Uri page)
    {
        var iri = Iri(page);
        if (!_described.ContainsKey(iri.Value))
        {
            _graph.Node(iri).Type(FoafNs + "Document");
        }
        return iri;
    }

    private const string RdfsLabel = Rdfs + "label";

    /// <summary>Starts the description of a catalogue, dataset or distribution, whose IRI must not be used for anything else.</summary>
    private RdfNode Claim(Uri uri, object owner, string kind)
    {
        var iri = Iri(uri);
        if (_described.TryGetValue(iri.Value, out var previous))
        {
            throw new ArgumentException(ReferenceEquals(previous, owner) || previous.Equals(owner)
                ? $"The {kind} {iri.Value} appears twice in the catalogue."
                : $"The URI {iri.Value} is used for a {kind} and for something else.");
        }
        _described.Add(iri.Value, owner);
        return _graph.Node(iri);
    }

    /// <summary>True when the IRI is already described by an equal value (nothing more to write); throws when it is
    /// described by a different one.</summary>
    private bool IsDescribed(RdfIri iri, object value, string kind)
    {
        if (_described.TryGetValue(iri.Value, out var previous))
        {
            if (previous.Equals(value))
            {
                return true;
            }
            throw new ArgumentException($"The URI {iri.Value} describes two different things (one of them a {kind}).");
        }
        _described.Add(iri.Value, value);
        return false;
    }

    private static void AddText(RdfNode node, string predicate, LocalizedText text)
    {
        foreach (var entry in text.Entries)
        {
            node.Add(predicate, new RdfLiteral(entry.Text, entry.Language));
        }
    }

    private static void AddDateTime(RdfNode node, string predicate, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            node.Add(predicate, new RdfLiteral(
                instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture), Datatype: Xsd + "dateTime"));
        }
    }

    private static RdfLiteral Date(DateOnly date) =>
        new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Datatype: Xsd + "date");

    private static RdfIri Iri(Uri uri) => new(uri.AbsoluteUri);

    private static string Mailto(string email) => new Uri("mailto:" + email).AbsoluteUri;

    private static string Telephone(string number)
    {
        var digits = new string([.. number.Where(c => c is not (' ' or '-' or '.' or '(' or ')'))]);
        if (digits.Length < 3 || !digits.Skip(digits[0] == '+' ? 1 : 0).All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"'{number}' is not a telephone number.");
        }
        return "tel:" + digits;
    }
}
