namespace Agora.Privacy.Policies;

/// <summary>
/// The terms Agora's policies use. ODRL core terms are written bare, as in the Dataspace Protocol context
/// (<c>use</c>, <c>purpose</c>, <c>dateTime</c>, <c>count</c>); Agora's own terms carry the <c>agora:</c> prefix, bound
/// to <see cref="AgoraNamespace"/> in the policy's <c>@context</c>.
/// </summary>
public static class PolicyVocabulary
{
    /// <summary>ODRL 2.2 namespace.</summary>
    public const string OdrlNamespace = "http://www.w3.org/ns/odrl/2/";

    /// <summary>Agora's policy namespace.</summary>
    public const string AgoraNamespace = "https://w3id.org/agora/policy#";

    /// <summary>The Dataspace Protocol 2025-1 JSON-LD context.</summary>
    public const string DspContext = "https://w3id.org/dspace/2025/1/context.jsonld";

    /// <summary>ODRL <c>use</c>: every Agora action.</summary>
    public const string Use = "use";

    /// <summary>Run aggregate SQL queries next to the data (compute-to-data).</summary>
    public const string AggregateQuery = "agora:aggregateQuery";

    /// <summary>Run an approved, parameterised algorithm registered by the provider.</summary>
    public const string ApprovedAlgorithm = "agora:runApprovedAlgorithm";

    /// <summary>Download the protected (anonymised or pseudonymised) derivative.</summary>
    public const string DownloadDerivative = "agora:downloadDerivative";

    /// <summary>Run SQL that may return row-level output (only for protected derivatives).</summary>
    public const string RowLevelQuery = "agora:rowLevelQuery";

    /// <summary>ODRL duty: attribute the source.</summary>
    public const string Attribute = "attribute";

    /// <summary>ODRL duty: delete (with a <c>dateTime</c> deadline).</summary>
    public const string Delete = "delete";

    /// <summary>ODRL left operand: the purpose of use.</summary>
    public const string Purpose = "purpose";

    /// <summary>ODRL left operand: the time of use.</summary>
    public const string DateTime = "dateTime";

    /// <summary>ODRL left operand: number of uses.</summary>
    public const string Count = "count";

    /// <summary>The consumer organisation's kind (see <see cref="OrganisationKinds"/>).</summary>
    public const string OrganisationKind = "agora:organisationKind";

    /// <summary>The consumer organisation's identifier.</summary>
    public const string Organisation = "agora:organisation";

    /// <summary>The total privacy budget: a number (ε) or an object <c>{"epsilon"|"rho": x, "delta": y, "perQuery": z}</c>.</summary>
    public const string PrivacyBudget = "agora:privacyBudget";

    /// <summary>The output control required: <see cref="DifferentialPrivacy"/> or <see cref="StatisticalDisclosureControl"/>.</summary>
    public const string OutputControl = "agora:outputControl";

    /// <summary>Outputs must be differentially private.</summary>
    public const string DifferentialPrivacy = "agora:differentialPrivacy";

    /// <summary>Outputs must pass statistical disclosure control rules.</summary>
    public const string StatisticalDisclosureControl = "agora:statisticalDisclosureControl";

    /// <summary>Every action Agora knows.</summary>
    public static IReadOnlyList<string> Actions { get; } = [Use, AggregateQuery, ApprovedAlgorithm, DownloadDerivative, RowLevelQuery];

    /// <summary>Kinds of consumer organisation, with plain names.</summary>
    public static IReadOnlyDictionary<string, string> OrganisationKinds { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["agora:PublicBody"] = "a public body",
        ["agora:ResearchOrganisation"] = "a research organisation",
        ["agora:Company"] = "a company",
        ["agora:NonProfit"] = "a non-profit organisation",
    };

    /// <summary>Plain names of actions.</summary>
    public static string Describe(string action) => action switch
    {
        Use => "any use",
        AggregateQuery => "aggregate queries",
        ApprovedAlgorithm => "approved algorithms",
        DownloadDerivative => "downloading the protected derivative",
        RowLevelQuery => "row-level queries",
        Attribute => "attribution",
        Delete => "deletion",
        _ => action,
    };
}

/// <summary>One purpose of the controlled list.</summary>
/// <param name="Id">Compact IRI (<c>agora:ScientificResearch</c>).</param>
/// <param name="Label">Plain words.</param>
/// <param name="Parent">The broader purpose, if any.</param>
public sealed record Purpose(string Id, string Label, string? Parent = null);

/// <summary>The controlled list of purposes. A request for a narrower purpose satisfies a policy that allows a broader one
/// (health research is scientific research).</summary>
public sealed class PurposeCatalogue
{
    private readonly Dictionary<string, Purpose> _purposes;

    /// <summary>Creates a catalogue; parents must be in it.</summary>
    public PurposeCatalogue(IEnumerable<Purpose> purposes)
    {
        _purposes = purposes.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var purpose in _purposes.Values)
        {
            if (purpose.Parent is not null && !_purposes.ContainsKey(purpose.Parent))
            {
                throw new ArgumentException($"Purpose '{purpose.Id}' names an unknown parent '{purpose.Parent}'.", nameof(purposes));
            }
        }
    }

    /// <summary>Agora's default list.</summary>
    public static PurposeCatalogue Default { get; } = new([
        new Purpose("agora:ScientificResearch", "scientific research"),
        new Purpose("agora:HealthResearch", "health research", "agora:ScientificResearch"),
        new Purpose("agora:SocialResearch", "social and economic research", "agora:ScientificResearch"),
        new Purpose("agora:OfficialStatistics", "official statistics"),
        new Purpose("agora:PublicPolicy", "designing and evaluating public policy"),
        new Purpose("agora:PublicServiceDelivery", "delivering a public service"),
        new Purpose("agora:ProductDevelopment", "developing commercial products or services"),
        new Purpose("agora:Education", "teaching and training"),
    ]);

    /// <summary>Every purpose.</summary>
    public IReadOnlyCollection<Purpose> All => _purposes.Values;

    /// <summary>Whether the id is on the list.</summary>
    public bool Contains(string id) => _purposes.ContainsKey(id);

    /// <summary>The plain label, or the id when unknown.</summary>
    public string Label(string id) => _purposes.TryGetValue(id, out var purpose) ? purpose.Label : id;

    /// <summary>True when <paramref name="requested"/> is <paramref name="allowed"/> or narrower.</summary>
    public bool IsCoveredBy(string requested, string allowed)
    {
        for (var current = requested; current is not null; current = _purposes.GetValueOrDefault(current)?.Parent)
        {
            if (string.Equals(current, allowed, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
