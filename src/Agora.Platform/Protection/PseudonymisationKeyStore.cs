using Agora.Platform.Audit;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Protection;

/// <summary>
/// The pseudonymisation domains and their data keys: created on first use, each generation a random key wrapped by the
/// platform key ring and stored in the metadata store (envelope encryption, docs/adr/0046). Rotating a domain adds a
/// generation (new pseudonyms from now on; older ones still reverse); rotating the master key re-wraps every generation
/// (pseudonyms unchanged). Keys are unwrapped only inside a job or request that uses them and never leave the process;
/// callers check permissions first, and every use is audited by the caller.
/// </summary>
public sealed class PseudonymisationKeyStore(AgoraDbContext db, PlatformKeys keys, AuditLog audit, TimeProvider clock)
{
    public Task<PseudonymisationDomain?> FindAsync(DomainKind kind, Guid ownerId, CancellationToken cancellationToken) =>
        db.PseudonymisationDomains.AsNoTracking().Include(d => d.Keys)
            .SingleOrDefaultAsync(d => d.Kind == kind && d.OwnerId == ownerId, cancellationToken);

    public Task<PseudonymisationDomain?> FindAsync(Guid domainId, CancellationToken cancellationToken) =>
        db.PseudonymisationDomains.AsNoTracking().Include(d => d.Keys).SingleOrDefaultAsync(d => d.Id == domainId, cancellationToken);

    /// <summary>The domain of a dataset, linkage project or agreement, created with its first key when it has none.</summary>
    public async Task<PseudonymisationDomain> EnsureAsync(DomainKind kind, Guid ownerId, string actorId, Guid? organisationId,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(kind, ownerId, cancellationToken) is { } existing)
        {
            return existing;
        }
        var now = clock.GetUtcNow();
        var domain = new PseudonymisationDomain { Name = PseudonymisationDomain.NameFor(kind, ownerId), Kind = kind, OwnerId = ownerId, CurrentGeneration = 1, CreatedAt = now };
        domain.Keys.Add(NewKey(domain.Name, 1, actorId, now));
        db.PseudonymisationDomains.Add(domain);
        try
        {
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(new AuditEvent("pseudonymisation.key.created", actorId, organisationId, "pseudonymisation-domain", domain.Id.ToString(),
                new Dictionary<string, string?> { ["domain"] = domain.Name, ["generation"] = "1" }), cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException)
        {
            // Another job created the same domain at the same moment: use theirs.
            db.ChangeTracker.Clear();
            return await FindAsync(kind, ownerId, cancellationToken)
                ?? throw new PlatformException(PlatformError.Conflict, "The pseudonymisation domain could not be created; try again.");
        }
        db.ChangeTracker.Clear();
        return (await FindAsync(domain.Id, cancellationToken))!;
    }

    /// <summary>Opens a domain's keys: <paramref name="generation"/> (default: the current one) makes pseudonyms, every
    /// generation reverses its own. Dispose the chain as soon as the work is done.</summary>
    public DomainKeyChain Open(PseudonymisationDomain domain, int? generation = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var wrapped = domain.Keys.ToDictionary(k => k.Generation, k => WrappedKey.Parse(k.WrappedKey));
        var current = generation ?? domain.CurrentGeneration;
        if (!wrapped.ContainsKey(current))
        {
            throw new PlatformException(PlatformError.Conflict, $"Generation {current} of this domain's key does not exist.");
        }
        var ring = keys.Ring;
        var name = domain.Name;
        return new DomainKeyChain(name, current, g => wrapped.TryGetValue(g, out var key)
            ? PseudonymisationKeys.OpenWrapped(ring, key, name, g)
            : throw new KeyRingException($"Generation {g} of this domain's key does not exist."));
    }

    /// <summary>Starts a new key generation: pseudonyms made from now on differ from earlier ones (which stay reversible).</summary>
    public async Task<PseudonymisationDomain> RotateAsync(Guid domainId, string actorId, Guid? organisationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var domain = await db.PseudonymisationDomains.SingleOrDefaultAsync(d => d.Id == domainId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such pseudonymisation domain.");
        var now = clock.GetUtcNow();
        domain.CurrentGeneration++;
        db.DomainKeys.Add(NewKey(domain.Name, domain.CurrentGeneration, actorId, now, domain.Id));
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("pseudonymisation.key.rotated", actorId, organisationId, "pseudonymisation-domain", domain.Id.ToString(),
            new Dictionary<string, string?> { ["domain"] = domain.Name, ["generation"] = domain.CurrentGeneration.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (await FindAsync(domainId, cancellationToken))!;
    }

    /// <summary>After the master key ring gained a version: re-wraps every domain key (and sealed hierarchy file) still
    /// wrapped by an older ring version, so the older version can be retired. Pseudonyms do not change.</summary>
    /// <returns>How many keys were re-wrapped.</returns>
    public async Task<int> RewrapAllAsync(string actorId, CancellationToken cancellationToken)
    {
        var ring = keys.Ring;
        var current = ring.CurrentVersion;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stale = await db.DomainKeys.Where(k => k.RingVersion != current).ToListAsync(cancellationToken);
        var names = await db.PseudonymisationDomains.Where(d => stale.Select(k => k.DomainId).Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var key in stale)
        {
            var rewrapped = PseudonymisationKeys.Rewrap(ring, WrappedKey.Parse(key.WrappedKey), names[key.DomainId]);
            key.WrappedKey = rewrapped.ToString();
            key.RingVersion = rewrapped.Version;
            key.RewrappedAt = now;
        }
        var hierarchies = await db.SavedHierarchies.Where(h => h.SealedContent != null).ToListAsync(cancellationToken);
        foreach (var hierarchy in hierarchies.Where(h => SealedText.RingVersionOf(h.SealedContent!) != current))
        {
            hierarchy.SealedContent = SealedText.Rewrap(ring, hierarchy.SealedContent!, HierarchyLibrary.SealPurpose(hierarchy.DatasetId, hierarchy.Attribute));
        }
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("pseudonymisation.key.rewrapped", actorId, null, "key-ring", current.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new Dictionary<string, string?> { ["keys"] = stale.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stale.Count;
    }

    private DomainKey NewKey(string domainName, int generation, string actorId, DateTimeOffset now, Guid? domainId = null)
    {
        var (wrapped, opened) = PseudonymisationKeys.CreateWrapped(keys.Ring, domainName, generation);
        opened.Dispose();
        return new DomainKey
        {
            DomainId = domainId ?? Guid.Empty, Generation = generation, WrappedKey = wrapped.ToString(), RingVersion = wrapped.Version,
            CreatedById = actorId, CreatedAt = now,
        };
    }
}
