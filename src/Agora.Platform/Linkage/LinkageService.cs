using System.Globalization;
using System.Text.Json;
using Agora.Data.Storage;
using Agora.Platform.Accounts;
using Agora.Platform.Audit;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Protection;
using Agora.Platform.Publishing;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Linkage;

/// <summary>
/// Linkage projects (docs/adr/0048): an organisation creates a project and invites others; each member pseudonymises
/// its dataset into the project's domain (the protect step with the project chosen) and contributes that version; any
/// member runs the join by pseudonym inside the platform, and the result is a derived version every member can read.
/// Nobody sees the other side's identifiers, and nobody holds the domain key.
/// </summary>
public sealed class LinkageService(AgoraDbContext db, JobQueue jobs, JobSignal signal, PseudonymisationKeyStore domains, DataPlane data,
    AuditLog audit, TimeProvider clock)
{
    public const string LinkJobKind = "link";

    /// <summary>Methods whose pseudonyms are equal for equal values in one domain, so they join.</summary>
    public static readonly IReadOnlySet<string> JoinableMethods = new HashSet<string>(StringComparer.Ordinal) { "hmac", "siv", "fpe" };

    /// <summary>Projects the actor's organisations take part in or are invited to (every project for operators).</summary>
    public async Task<List<LinkageProject>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var organisations = actor.Roles.Keys.ToList();
        var query = db.LinkageProjects.AsNoTracking().Include(p => p.OwnerOrganisation).Include(p => p.Members).ThenInclude(m => m.Organisation).AsSplitQuery();
        var list = actor.IsOperator
            ? await query.ToListAsync(cancellationToken)
            : await query.Where(p => p.Members.Any(m => organisations.Contains(m.OrganisationId))).ToListAsync(cancellationToken);
        return [.. list.OrderBy(p => p.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>A project, if one of the actor's organisations takes part in it or is invited.</summary>
    public async Task<LinkageProject> GetAsync(Actor actor, string slug, CancellationToken cancellationToken)
    {
        var project = await db.LinkageProjects.AsNoTracking().Include(p => p.OwnerOrganisation).Include(p => p.Members).ThenInclude(m => m.Organisation)
            .AsSplitQuery().SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (project is null || !(actor.IsOperator || project.Members.Any(m => actor.IsMember(m.OrganisationId))))
        {
            throw new PlatformException(PlatformError.NotFound, "No such linkage project.");
        }
        return project;
    }

    public async Task<List<ContributionView>> ContributionsAsync(Actor actor, LinkageProject project, CancellationToken cancellationToken)
    {
        DemandParticipant(actor, project, joined: false);
        var rows = await (from c in db.LinkageContributions.AsNoTracking()
                          join v in db.DatasetVersions.AsNoTracking() on c.VersionId equals v.Id
                          join d in db.Datasets.AsNoTracking() on c.DatasetId equals d.Id
                          join o in db.Organisations.AsNoTracking() on c.OrganisationId equals o.Id
                          where c.ProjectId == project.Id && c.WithdrawnAt == null
                          select new { c.Id, c.OrganisationId, Organisation = o.Name, c.DatasetId, d.Slug, d.Title, v.Number, v.RowCount, c.PseudonymColumn, c.ContributedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.ContributedAt).Select(r => new ContributionView(r.Id, r.OrganisationId, r.Organisation, r.DatasetId, r.Slug,
            r.Title.For("en") ?? r.Slug, r.Number, r.RowCount, r.PseudonymColumn, r.ContributedAt))];
    }

    public async Task<List<ResultView>> ResultsAsync(Actor actor, LinkageProject project, CancellationToken cancellationToken)
    {
        DemandParticipant(actor, project, joined: false);
        var rows = await (from r in db.LinkageResults.AsNoTracking()
                          join v in db.DatasetVersions.AsNoTracking() on r.VersionId equals v.Id
                          join o in db.Organisations.AsNoTracking() on r.OrganisationId equals o.Id
                          where r.ProjectId == project.Id
                          select new { r.Id, Organisation = o.Name, v.Number, r.LinkedRows, r.CreatedAt, r.LeftContributionId, r.RightContributionId, Columns = v.Columns })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.CreatedAt).Select(r => new ResultView(r.Id, r.Organisation, r.Number, r.LinkedRows, r.CreatedAt,
            r.LeftContributionId, r.RightContributionId, [.. r.Columns.Select(c => c.Name)]))];
    }

    /// <summary>Creates a project owned by an organisation (a data steward of it); the project gets its own domain key.</summary>
    public async Task<LinkageProject> CreateAsync(Actor actor, Guid organisationId, string slug, string name, string? purpose, CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        slug = slug.Trim().ToLowerInvariant();
        var fields = new Dictionary<string, string[]>();
        if (!OrganisationService.SlugPattern().IsMatch(slug))
        {
            fields["slug"] = ["Use 2 to 64 lower-case letters, digits and hyphens, starting with a letter."];
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            fields["name"] = ["A name of 1 to 200 characters is required."];
        }
        if (purpose is { Length: > 4000 })
        {
            fields["purpose"] = ["The purpose is at most 4000 characters."];
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The linkage project is not valid.", fields);
        }
        if (await db.LinkageProjects.AnyAsync(p => p.Slug == slug, cancellationToken))
        {
            throw new PlatformException(PlatformError.Conflict, $"The name '{slug}' is taken.");
        }
        var now = clock.GetUtcNow();
        var project = new LinkageProject
        {
            Slug = slug, Name = name.Trim(), Purpose = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim(), OwnerOrganisationId = organisationId,
            CreatedById = actor.RequiredUserId, CreatedAt = now,
        };
        project.Members.Add(new LinkageMember { OrganisationId = organisationId, State = LinkageMemberState.Joined, InvitedAt = now, JoinedAt = now });
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.LinkageProjects.Add(project);
            await db.SaveChangesAsync(cancellationToken);
            await AuditAsync("linkage.created", actor, organisationId, project, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        await domains.EnsureAsync(DomainKind.LinkageProject, project.Id, actor.RequiredUserId, organisationId, cancellationToken);
        return await GetAsync(actor, slug, cancellationToken);
    }

    /// <summary>Invites another organisation (a data steward of the owning organisation).</summary>
    public async Task InviteAsync(Actor actor, LinkageProject project, string organisationSlug, CancellationToken cancellationToken)
    {
        actor.Demand(project.OwnerOrganisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        var wanted = organisationSlug.Trim().ToLowerInvariant();
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == wanted, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No organisation has that short name.");
        if (await db.LinkageMembers.AnyAsync(m => m.ProjectId == project.Id && m.OrganisationId == organisation.Id, cancellationToken))
        {
            throw new PlatformException(PlatformError.Conflict, "That organisation is already invited.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.LinkageMembers.Add(new LinkageMember { ProjectId = project.Id, OrganisationId = organisation.Id, State = LinkageMemberState.Invited, InvitedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync("linkage.invited", actor, project.OwnerOrganisationId, project, new() { ["organisation"] = organisation.Id.ToString() }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Accepts an invitation for an organisation (a data steward of it).</summary>
    public async Task JoinAsync(Actor actor, LinkageProject project, Guid organisationId, CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var member = await db.LinkageMembers.SingleOrDefaultAsync(m => m.ProjectId == project.Id && m.OrganisationId == organisationId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "The organisation is not invited to this project.");
        if (member.State == LinkageMemberState.Joined)
        {
            throw new PlatformException(PlatformError.Conflict, "The organisation already takes part.");
        }
        member.State = LinkageMemberState.Joined;
        member.JoinedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync("linkage.joined", actor, organisationId, project, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Puts a version pseudonymised in the project's domain into the project (a data steward of its organisation).</summary>
    public async Task<LinkageContribution> ContributeAsync(Actor actor, LinkageProject project, Guid datasetId, int versionNumber, string pseudonymColumn,
        CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Versions).SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null || !actor.IsMember(dataset.OrganisationId))
        {
            throw new PlatformException(PlatformError.NotFound, "No such dataset.");
        }
        actor.Demand(dataset.OrganisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        if (!project.Members.Any(m => m.OrganisationId == dataset.OrganisationId && m.State == LinkageMemberState.Joined))
        {
            throw new PlatformException(PlatformError.Forbidden, "The dataset's organisation has not joined this project.");
        }
        var version = dataset.Versions.SingleOrDefault(v => v.Number == versionNumber) ?? throw new PlatformException(PlatformError.NotFound, "No such version.");
        var domain = await domains.FindAsync(DomainKind.LinkageProject, project.Id, cancellationToken);
        var step = ProtectionService.DerivationOf(version)?.Pseudonymisation;
        if (step is null || domain is null || step.DomainId != domain.Id)
        {
            throw new PlatformException(PlatformError.Validation,
                $"Version {versionNumber} was not pseudonymised in this project's domain: protect it with the linkage project '{project.Slug}' chosen first.");
        }
        var column = step.Columns.SingleOrDefault(c => c.Column == pseudonymColumn);
        if (column is null || !JoinableMethods.Contains(column.Method) || step.Policy != "deterministic")
        {
            throw new PlatformException(PlatformError.Validation,
                $"Column '{pseudonymColumn}' does not hold deterministic pseudonyms of this domain (hmac, siv or fpe with the deterministic policy), so it cannot be joined on.");
        }
        var contribution = new LinkageContribution
        {
            ProjectId = project.Id, OrganisationId = dataset.OrganisationId, DatasetId = dataset.Id, VersionId = version.Id, PseudonymColumn = pseudonymColumn,
            ContributedById = actor.RequiredUserId, ContributedAt = clock.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.LinkageContributions.Add(contribution);
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync("linkage.contributed", actor, dataset.OrganisationId, project, new()
        {
            ["contribution"] = contribution.Id.ToString(), ["dataset"] = dataset.Id.ToString(),
            ["version"] = version.Number.ToString(CultureInfo.InvariantCulture), ["column"] = pseudonymColumn, ["keyGeneration"] = step.KeyGeneration.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return contribution;
    }

    public async Task WithdrawAsync(Actor actor, LinkageProject project, Guid contributionId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var contribution = await db.LinkageContributions.SingleOrDefaultAsync(c => c.Id == contributionId && c.ProjectId == project.Id && c.WithdrawnAt == null,
            cancellationToken) ?? throw new PlatformException(PlatformError.NotFound, "No such contribution.");
        actor.Demand(contribution.OrganisationId, OrganisationRole.DataSteward, TokenScopes.Publish);
        contribution.WithdrawnAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync("linkage.withdrawn", actor, contribution.OrganisationId, project, new() { ["contribution"] = contribution.Id.ToString() }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Enqueues the join of two contributions by pseudonym, for an organisation of the actor that takes part.</summary>
    public async Task<Job> RequestJoinAsync(Actor actor, LinkageProject project, Guid leftId, Guid rightId, Guid? organisationId, CancellationToken cancellationToken)
    {
        var stewardOf = project.Members.Where(m => m.State == LinkageMemberState.Joined && actor.HasRole(m.OrganisationId, OrganisationRole.DataSteward))
            .Select(m => m.OrganisationId).ToList();
        var organisation = organisationId ?? (stewardOf.Count == 1 ? stewardOf[0] : Guid.Empty);
        if (!stewardOf.Contains(organisation))
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                stewardOf.Count > 1 ? "Say for which of your organisations the join runs." : "Only data stewards of a participating organisation run joins.");
        }
        actor.Demand(organisation, OrganisationRole.DataSteward, TokenScopes.Publish);
        if (leftId == rightId)
        {
            throw new PlatformException(PlatformError.Validation, "Choose two different contributions.");
        }
        var contributions = await db.LinkageContributions.AsNoTracking()
            .Where(c => c.ProjectId == project.Id && c.WithdrawnAt == null && (c.Id == leftId || c.Id == rightId)).CountAsync(cancellationToken);
        if (contributions != 2)
        {
            throw new PlatformException(PlatformError.NotFound, "Both contributions must belong to the project and not be withdrawn.");
        }
        var payload = JsonSerializer.Serialize(new LinkPayload(project.Id, leftId, rightId, organisation), JsonSerializerOptions.Web);
        var job = await jobs.EnqueueAsync(LinkJobKind, payload, actor.RequiredUserId, organisation, cancellationToken);
        signal.Notify();
        return job;
    }

    /// <summary>Streams a linkage result to a member of a participating organisation (recorded in the audit log).</summary>
    public async Task DownloadResultAsync(Actor actor, LinkageProject project, Guid resultId, ExportFormat format, Stream destination, CancellationToken cancellationToken)
    {
        DemandParticipant(actor, project, joined: true);
        var result = await db.LinkageResults.AsNoTracking().SingleOrDefaultAsync(r => r.Id == resultId && r.ProjectId == project.Id, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such linkage result.");
        var version = await db.DatasetVersions.AsNoTracking().SingleAsync(v => v.Id == result.VersionId, cancellationToken);
        await AuditAsync("linkage.downloaded", actor, actor.Roles.Keys.FirstOrDefault(o => project.Members.Any(m => m.OrganisationId == o)), project,
            new() { ["result"] = result.Id.ToString(), ["format"] = format.ToString().ToLowerInvariant() }, cancellationToken);
        using var reader = data.Store.OpenRead(version.ContentHash, WrappedKey.Parse(version.WrappedKey));
        await reader.ExportAsync(destination, format, cancellationToken);
    }

    public static void DemandParticipant(Actor actor, LinkageProject project, bool joined)
    {
        if (!project.Members.Any(m => actor.IsMember(m.OrganisationId) && (!joined || m.State == LinkageMemberState.Joined)) && !(actor.IsOperator && !joined))
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                "Only members of the organisations that take part in the project see its data.");
        }
    }

    private Task<AuditEntry> AuditAsync(string action, Actor actor, Guid organisationId, LinkageProject project, Dictionary<string, string?>? details,
        CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEvent(action, actor.RequiredUserId, organisationId, "linkage-project", project.Id.ToString(), details), cancellationToken);
}

internal sealed record LinkPayload(Guid ProjectId, Guid LeftContributionId, Guid RightContributionId, Guid OrganisationId);

public sealed record ContributionView(Guid Id, Guid OrganisationId, string Organisation, Guid DatasetId, string DatasetSlug, string DatasetTitle, int Version,
    long Rows, string PseudonymColumn, DateTimeOffset ContributedAt);

public sealed record ResultView(Guid Id, string Organisation, int Version, long LinkedRows, DateTimeOffset CreatedAt, Guid LeftContributionId,
    Guid RightContributionId, IReadOnlyList<string> Columns);

/// <summary>What was done to make a linkage result (<c>DatasetVersion.Derivation</c>).</summary>
public sealed record LinkageDerivation(string Kind, Guid ProjectId, string Project, LinkedSide Left, LinkedSide Right, long LeftRows, long RightRows,
    long LinkedRows);

/// <summary>One side of a join: whose version and which pseudonym column.</summary>
public sealed record LinkedSide(Guid ContributionId, Guid OrganisationId, Guid VersionId, string Column);
