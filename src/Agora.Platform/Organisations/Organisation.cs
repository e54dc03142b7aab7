namespace Agora.Platform.Organisations;

/// <summary>A public body or a company taking part in the platform.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>URL name, unique, lower-case letters, digits and hyphens.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public OrganisationKind Kind { get; set; }

    public string? Description { get; set; }

    /// <summary>Web site or contact page shown on the organisation page and in DCAT-AP as the publisher's homepage.</summary>
    public string? Homepage { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Membership> Members { get; set; } = [];
}

public enum OrganisationKind
{
    Public = 0,
    Private = 1,
}

/// <summary>What a member may do in an organisation. Each role includes what the roles below it may do.</summary>
public enum OrganisationRole
{
    /// <summary>Finds data and runs analyses under the organisation's agreements.</summary>
    Analyst = 0,

    /// <summary>Publishes and describes the organisation's datasets and approves them for publication.</summary>
    DataSteward = 1,

    /// <summary>Manages members and roles.</summary>
    OrganisationAdmin = 2,
}

public sealed class Membership
{
    public Guid OrganisationId { get; set; }

    public Organisation Organisation { get; set; } = null!;

    public required string UserId { get; set; }

    public OrganisationRole Role { get; set; }

    public DateTimeOffset JoinedAt { get; set; }
}
