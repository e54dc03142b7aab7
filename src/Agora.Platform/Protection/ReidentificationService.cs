using System.Globalization;
using Agora.Data.Files;
using Agora.Data.Pseudonymisation;
using Agora.Data.Storage;
using Agora.Platform.Accounts;
using Agora.Platform.Audit;
using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Protection;

/// <summary>
/// Reversal of pseudonyms, kept in the hands of those entitled to it (docs/adr/0047): only a member of the owning
/// organisation who holds an explicit <see cref="ReidentifierGrant"/> for the dataset, with a credential of the 'manage'
/// scope, reverses the reversible columns of a protected version of that dataset. Every attempt, allowed or refused, is
/// appended to the audit log (who, which version, which columns, how many pseudonyms asked for and rows returned; never
/// values). Keys are unwrapped only for the duration of the reversal and never appear in logs, errors or outputs.
/// </summary>
public sealed class ReidentificationService(AgoraDbContext db, DataPlane data, PseudonymisationKeyStore domains, AuditLog audit, TimeProvider clock)
{
    public const int MaxValues = 10_000;

    /// <summary>The grants of an organisation (its admins see them all; a member sees their own).</summary>
    public async Task<List<GrantView>> GrantsAsync(Actor actor, Guid organisationId, CancellationToken cancellationToken)
    {
        if (!actor.IsMember(organisationId) && !actor.IsOperator)
        {
            throw new PlatformException(actor.IsAuthenticated ? PlatformError.Forbidden : PlatformError.Unauthenticated,
                "Only members see the organisation's re-identification grants.");
        }
        var all = actor.HasRole(organisationId, OrganisationRole.OrganisationAdmin) || actor.IsOperator;
        var query = from g in db.ReidentifierGrants.AsNoTracking()
                    join u in db.Users.AsNoTracking() on g.UserId equals u.Id
                    join d in db.Datasets.AsNoTracking() on g.DatasetId equals d.Id
                    where g.OrganisationId == organisationId && g.RevokedAt == null && (all || g.UserId == actor.UserId)
                    select new { g.Id, g.DatasetId, d.Slug, d.Title, g.UserId, u.DisplayName, u.Email, g.GrantedAt };
        var rows = await query.ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Slug, StringComparer.Ordinal).ThenBy(r => r.DisplayName, StringComparer.Ordinal)
            .Select(r => new GrantView(r.Id, r.DatasetId, r.Slug, r.Title.For("en") ?? r.Slug, r.UserId, r.DisplayName, r.Email ?? "", r.GrantedAt))];
    }

    /// <summary>Gives a member the right to re-identify one dataset of the organisation (organisation admins only).</summary>
    public async Task<ReidentifierGrant> GrantAsync(Actor actor, Guid organisationId, Guid datasetId, string email, CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.OrganisationAdmin, TokenScopes.Manage);
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == datasetId && d.OrganisationId == organisationId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "The organisation has no such dataset.");
        var normalised = email.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalised, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No account uses that e-mail address.");
        if (!await db.Memberships.AnyAsync(m => m.OrganisationId == organisationId && m.UserId == user.Id, cancellationToken))
        {
            throw new PlatformException(PlatformError.Validation, "Only a member of the organisation can be given the right to re-identify.",
                new Dictionary<string, string[]> { ["email"] = ["That person is not a member of the organisation."] });
        }
        var existing = await db.ReidentifierGrants.AsNoTracking()
            .SingleOrDefaultAsync(g => g.DatasetId == datasetId && g.UserId == user.Id && g.RevokedAt == null, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        var grant = new ReidentifierGrant
        {
            OrganisationId = organisationId, DatasetId = dataset.Id, UserId = user.Id, GrantedById = actor.RequiredUserId, GrantedAt = clock.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ReidentifierGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("reidentification.granted", actor.RequiredUserId, organisationId, "dataset", dataset.Id.ToString(),
            new Dictionary<string, string?> { ["grant"] = grant.Id.ToString(), ["grantee"] = user.Id }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return grant;
    }

    public async Task RevokeAsync(Actor actor, Guid organisationId, Guid grantId, CancellationToken cancellationToken)
    {
        actor.Demand(organisationId, OrganisationRole.OrganisationAdmin, TokenScopes.Manage);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var grant = await db.ReidentifierGrants.SingleOrDefaultAsync(g => g.Id == grantId && g.OrganisationId == organisationId && g.RevokedAt == null,
            cancellationToken) ?? throw new PlatformException(PlatformError.NotFound, "No such grant.");
        grant.RevokedAt = clock.GetUtcNow();
        grant.RevokedById = actor.RequiredUserId;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("reidentification.revoked", actor.RequiredUserId, organisationId, "dataset", grant.DatasetId.ToString(),
            new Dictionary<string, string?> { ["grant"] = grant.Id.ToString(), ["grantee"] = grant.UserId }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<bool> HoldsGrantAsync(Actor actor, Dataset dataset, CancellationToken cancellationToken) =>
        actor.UserId is null
            ? Task.FromResult(false)
            : db.ReidentifierGrants.AnyAsync(g => g.DatasetId == dataset.Id && g.UserId == actor.UserId && g.RevokedAt == null
                && g.OrganisationId == dataset.OrganisationId, cancellationToken);

    /// <summary>The columns of a version that can be reversed, with their method (empty for versions that are not protected
    /// in a domain of the dataset's organisation).</summary>
    public static IReadOnlyList<ColumnTreatmentInput> ReversibleColumns(DatasetVersion version)
    {
        var derivation = ProtectionService.DerivationOf(version);
        if (derivation is not { Kind: ProtectionDerivation.ProtectKind, Pseudonymisation: { } step })
        {
            return [];
        }
        return [.. step.Columns.Where(c => TreatmentPlan.IsReversible(TreatmentPlan.ParseMethod(c.Method)))];
    }

    /// <summary>Reverses columns of a protected version and writes the result (CSV or Parquet) to <paramref name="destination"/>.
    /// <paramref name="request"/> may restrict the rows to those whose <c>MatchColumn</c> holds one of the given pseudonyms.</summary>
    /// <returns>The rows written.</returns>
    public async Task<long> ReidentifyAsync(Actor actor, Dataset dataset, DatasetVersion version, ReidentifyRequest request, ExportFormat format,
        Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wanted = request.Columns?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        var values = request.Values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        var details = new Dictionary<string, string?>
        {
            ["dataset"] = dataset.Id.ToString(),
            ["version"] = version.Number.ToString(CultureInfo.InvariantCulture),
            ["columns"] = string.Join(",", wanted),
            ["pseudonymsAsked"] = values.Count.ToString(CultureInfo.InvariantCulture),
        };
        var refusal = await RefusalAsync(actor, dataset, cancellationToken);
        if (refusal is not null)
        {
            if (actor.IsAuthenticated)
            {
                details["refused"] = refusal.Message;
                await audit.AppendAsync(new AuditEvent("reidentification.refused", actor.UserId, dataset.OrganisationId, "dataset-version", version.Id.ToString(),
                    details), cancellationToken);
            }
            throw refusal;
        }
        var reversible = ReversibleColumns(version);
        if (reversible.Count == 0)
        {
            throw new PlatformException(PlatformError.Conflict,
                "This version has no reversible pseudonyms (it was not pseudonymised with siv, fpe, token, ip-prefix or shift-date, or it is a linkage result).");
        }
        var chosen = wanted.Count == 0 ? reversible : [.. wanted.Select(w => reversible.SingleOrDefault(r => r.Column == w)
            ?? throw new PlatformException(PlatformError.Validation, $"Column '{w}' is not a reversible pseudonymised column of this version; reversible: "
                + string.Join(", ", reversible.Select(r => r.Column)) + "."))];
        if (values.Count > MaxValues)
        {
            throw new PlatformException(PlatformError.Validation, $"Ask for at most {MaxValues:N0} pseudonyms at a time.");
        }
        var matchColumn = request.MatchColumn ?? chosen[0].Column;
        if (values.Count > 0 && !version.Columns.Any(c => c.Name == matchColumn))
        {
            throw new PlatformException(PlatformError.Validation, $"The version has no column '{matchColumn}'.");
        }
        var step = ProtectionService.DerivationOf(version)!.Pseudonymisation!;
        var domain = await domains.FindAsync(step.DomainId, cancellationToken)
            ?? throw new PlatformException(PlatformError.Conflict, "The pseudonymisation domain of this version no longer exists.");
        details["columns"] = string.Join(",", chosen.Select(c => $"{c.Column}={c.Method}"));
        details["domain"] = domain.Id.ToString();
        details["keyGeneration"] = step.KeyGeneration.ToString(CultureInfo.InvariantCulture);
        details["format"] = format.ToString().ToLowerInvariant();
        // Recorded before any value is reversed: an interrupted reversal is still on the record.
        await audit.AppendAsync(new AuditEvent("reidentification.performed", actor.RequiredUserId, dataset.OrganisationId, "dataset-version", version.Id.ToString(),
            details), cancellationToken);

        var reversals = chosen.Select(c => new ColumnReversal(c.Column, TreatmentPlan.ParseMethod(c.Method), c.Subject)).ToList();
        var vault = step.Vault is null ? null : data.FullPath(step.Vault);
        using var chain = domains.Open(domain, step.KeyGeneration);
        using var reader = data.Store.OpenRead(version.ContentHash, WrappedKey.Parse(version.WrappedKey));
        var relation = StoredVersionReader.RelationName;
        if (values.Count > 0)
        {
            using var command = reader.Connection.CreateCommand();
            command.CommandText = $"CREATE TEMP VIEW agora_wanted AS SELECT * FROM {relation} WHERE CAST({DuckDbSql.Identifier(matchColumn)} AS VARCHAR) IN ("
                + string.Join(", ", values.Select(DuckDbSql.Literal)) + ")";
            command.ExecuteNonQuery();
            relation = "agora_wanted";
        }
        try
        {
            return await reader.ExportQueryAsync(write => DatasetPseudonymisation.Reidentify(reader.Connection, relation, write, reversals, chain, vault),
                destination, format, cancellationToken);
        }
        catch (PseudonymisationException e)
        {
            throw new PlatformException(PlatformError.Conflict, ProtectionMessages.WithoutValues(e.Message, version.Columns.Select(c => c.Name)));
        }
    }

    private async Task<PlatformException?> RefusalAsync(Actor actor, Dataset dataset, CancellationToken cancellationToken)
    {
        if (!actor.IsAuthenticated)
        {
            return new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        if (!actor.IsMember(dataset.OrganisationId))
        {
            return new PlatformException(PlatformError.Forbidden, "Only members of the dataset's organisation re-identify its data.");
        }
        if (!actor.HasScope(TokenScopes.Manage))
        {
            return new PlatformException(PlatformError.Forbidden, "Re-identification needs a credential with the 'manage' scope.");
        }
        if (!await HoldsGrantAsync(actor, dataset, cancellationToken))
        {
            return new PlatformException(PlatformError.Forbidden,
                "Re-identification needs the re-identifier permission for this dataset; an organisation admin gives it.");
        }
        return null;
    }
}

/// <summary>What to reverse: columns (default: every reversible column) and, optionally, only the rows whose
/// <see cref="MatchColumn"/> (default: the first reversed column) holds one of <see cref="Values"/>.</summary>
public sealed record ReidentifyRequest(List<string>? Columns = null, List<string>? Values = null, string? MatchColumn = null);

public sealed record GrantView(Guid Id, Guid DatasetId, string DatasetSlug, string DatasetTitle, string UserId, string DisplayName, string Email,
    DateTimeOffset GrantedAt);
