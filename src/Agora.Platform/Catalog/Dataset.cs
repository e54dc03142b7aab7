using Agora.Platform.Organisations;

namespace Agora.Platform.Catalog;

/// <summary>A dataset of an organisation: its DCAT-AP description, its governance state and its versions.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public Organisation Organisation { get; set; } = null!;

    /// <summary>URL name, unique within the organisation.</summary>
    public required string Slug { get; set; }

    public DatasetState State { get; set; }

    /// <summary>Language code (en, fr, de, lb) → title. At least one language is required.</summary>
    public TextByLanguage Title { get; set; } = new();

    public TextByLanguage Description { get; set; } = new();

    /// <summary>Language code → keywords.</summary>
    public KeywordsByLanguage Keywords { get; set; } = new();

    /// <summary>EU data theme codes (AGRI, ECON, EDUC, ENER, ENVI, GOVE, HEAL, INTR, JUST, OP_DATPRO, REGI, SOCI, TECH, TRAN).</summary>
    public List<string> Themes { get; set; } = [];

    /// <summary>Licence code from <see cref="Vocabularies"/> (for example CC-BY-4.0).</summary>
    public string? Licence { get; set; }

    public AccessRights AccessRights { get; set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public DateOnly? TemporalStart { get; set; }

    public DateOnly? TemporalEnd { get; set; }

    /// <summary>Spatial coverage code (a country or a Luxembourg commune) from <see cref="Vocabularies"/>.</summary>
    public string? Spatial { get; set; }

    /// <summary>Update frequency code (EU frequency vocabulary, for example MONTHLY).</summary>
    public string? Frequency { get; set; }

    /// <summary>DCAT-AP-LU: type of data protection applied (for example "pseudonymised").</summary>
    public string? DataProtection { get; set; }

    /// <summary>DCAT-AP: applicable legislation as ELI URIs.</summary>
    public List<string> ApplicableLegislation { get; set; } = [];

    public string? LandingPage { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>When it was first published (DCAT issued).</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    public List<DatasetVersion> Versions { get; set; } = [];

    public List<DatasetChange> Changes { get; set; } = [];

    public string DisplayTitle(string language) => Title.For(language) ?? Slug;
}

/// <summary>Governance states: a steward of the owning organisation approves before anything is published.</summary>
public enum DatasetState
{
    Draft = 0,
    InReview = 1,
    Published = 2,
    Withdrawn = 3,
}

/// <summary>DCAT-AP access rights (EU access-right vocabulary).</summary>
public enum AccessRights
{
    /// <summary>Open data: anyone may see a preview and download.</summary>
    Public = 0,

    /// <summary>Available under an agreement.</summary>
    Restricted = 1,

    /// <summary>Described in the catalogue; the data stays with its owner.</summary>
    NonPublic = 2,
}
