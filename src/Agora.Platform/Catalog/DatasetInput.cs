namespace Agora.Platform.Catalog;

/// <summary>What a steward fills in to describe a dataset (DCAT-AP 3 with the DCAT-AP-LU additions).</summary>
public sealed record DatasetInput
{
    /// <summary>URL name; derived from the title when empty.</summary>
    public string? Slug { get; init; }

    public Dictionary<string, string> Title { get; init; } = [];

    public Dictionary<string, string> Description { get; init; } = [];

    public Dictionary<string, List<string>> Keywords { get; init; } = [];

    public List<string> Themes { get; init; } = [];

    public string? Licence { get; init; }

    public AccessRights AccessRights { get; init; } = AccessRights.Restricted;

    public string? ContactName { get; init; }

    public string? ContactEmail { get; init; }

    public DateOnly? TemporalStart { get; init; }

    public DateOnly? TemporalEnd { get; init; }

    public string? Spatial { get; init; }

    public string? Frequency { get; init; }

    public string? DataProtection { get; init; }

    public List<string> ApplicableLegislation { get; init; } = [];

    public string? LandingPage { get; init; }

    public static DatasetInput From(Dataset dataset) => new()
    {
        Slug = dataset.Slug,
        Title = new(dataset.Title, StringComparer.OrdinalIgnoreCase),
        Description = new(dataset.Description, StringComparer.OrdinalIgnoreCase),
        Keywords = dataset.Keywords.ToDictionary(k => k.Key, k => k.Value.ToList(), StringComparer.OrdinalIgnoreCase),
        Themes = [.. dataset.Themes],
        Licence = dataset.Licence,
        AccessRights = dataset.AccessRights,
        ContactName = dataset.ContactName,
        ContactEmail = dataset.ContactEmail,
        TemporalStart = dataset.TemporalStart,
        TemporalEnd = dataset.TemporalEnd,
        Spatial = dataset.Spatial,
        Frequency = dataset.Frequency,
        DataProtection = dataset.DataProtection,
        ApplicableLegislation = [.. dataset.ApplicableLegislation],
        LandingPage = dataset.LandingPage,
    };
}
