namespace Agora.Platform.Catalog.Dcat;

/// <summary>An organisation that publishes or creates (<c>dct:publisher</c>, a <c>foaf:Agent</c>). In Agora: an
/// organisation of the platform, identified by a stable URI.</summary>
public sealed record DcatAgent
{
    public DcatAgent(Uri id, LocalizedText name, PublisherType? type = null)
    {
        Id = CatalogText.RequireAbsolute(id, "agent URI");
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Type = type;
    }

    public Uri Id { get; }

    /// <summary><c>foaf:name</c>; may be given in several languages.</summary>
    public LocalizedText Name { get; }

    /// <summary><c>dct:type</c>, from the ADMS publisher types (recommended by DCAT-AP).</summary>
    public PublisherType? Type { get; }

    public Uri? Homepage { get; init; }

    public string? Email { get; init; }
}

/// <summary>Whom to contact about a dataset (<c>dcat:contactPoint</c>, a <c>vcard:Kind</c>): a team or office, rarely a
/// named person. At least an e-mail address or a web page.</summary>
public sealed record ContactPoint
{
    public ContactPoint(string name, string? email = null, Uri? url = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (email is null && url is null)
        {
            throw new ArgumentException("A contact point needs an e-mail address or a web page.", nameof(email));
        }
        if (email is not null && (email.Contains(' ', StringComparison.Ordinal) || !email.Contains('@', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{email}' is not an e-mail address.", nameof(email));
        }
        Name = CatalogText.RequireWellFormed(name, "contact point name");
        Email = email;
        Url = url is null ? null : CatalogText.RequireAbsolute(url, "contact point URL");
    }

    /// <summary><c>vcard:fn</c>, e.g. "Data protection office".</summary>
    public string Name { get; }

    /// <summary><c>vcard:hasEmail</c>, written as a <c>mailto:</c> URI.</summary>
    public string? Email { get; }

    /// <summary><c>vcard:hasURL</c>.</summary>
    public Uri? Url { get; }

    /// <summary><c>vcard:hasTelephone</c>, e.g. <c>+352 247 80000</c>; written as a <c>tel:</c> URI.</summary>
    public string? Telephone { get; init; }
}

/// <summary>The period a dataset covers (<c>dct:temporal</c>, a <c>dct:PeriodOfTime</c> with <c>dcat:startDate</c> and
/// <c>dcat:endDate</c>). Either end may be open.</summary>
public sealed record TemporalCoverage
{
    public TemporalCoverage(DateOnly? start, DateOnly? end)
    {
        if (start is null && end is null)
        {
            throw new ArgumentException("A temporal coverage needs a start or an end.", nameof(start));
        }
        if (start > end)
        {
            throw new ArgumentException($"The temporal coverage starts ({start:yyyy-MM-dd}) after it ends ({end:yyyy-MM-dd}).", nameof(start));
        }
        Start = start;
        End = end;
    }

    public DateOnly? Start { get; }

    public DateOnly? End { get; }
}
