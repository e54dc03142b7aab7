using System.Security.Cryptography;
using System.Text;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Audit;

/// <summary>Something to record. <paramref name="Details"/> hold identifiers, reasons and SQL text; never data values,
/// keys or tokens.</summary>
public sealed record AuditEvent(string Action, string? ActorId, Guid? OrganisationId, string? SubjectType, string? SubjectId,
    IReadOnlyDictionary<string, string?>? Details = null);

/// <summary>
/// Appends to the hash-chained audit log. Appends are serialised by incrementing a head counter first: on PostgreSQL the
/// row lock, on SQLite the write lock, is held until the transaction commits, so two appenders (even on two nodes) never
/// read the same previous entry. An append joins the caller's transaction when there is one, so an action and its audit
/// entry commit together or not at all. Every <see cref="CheckpointInterval"/> entries a checkpoint signed by the platform
/// key is written.
/// </summary>
public sealed class AuditLog(AgoraDbContext db, TimeProvider clock, PlatformSigner signer)
{
    public const string HeadCounter = "audit-head";
    public const int CheckpointInterval = 100;

    public async Task<AuditEntry> AppendAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            // Taking the lock is the increment itself: the counter row exists from the first migration.
            await db.Counters.Where(c => c.Name == HeadCounter)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), cancellationToken);
            var sequence = await db.Counters.Where(c => c.Name == HeadCounter).Select(c => c.Value).SingleAsync(cancellationToken);
            var previous = sequence == 1
                ? AuditChain.Genesis
                : await db.AuditEntries.Where(e => e.Sequence == sequence - 1).Select(e => e.Hash).SingleAsync(cancellationToken);
            var entry = new AuditEntry
            {
                Sequence = sequence,
                At = Now(),
                Action = audit.Action,
                ActorId = audit.ActorId,
                OrganisationId = audit.OrganisationId,
                SubjectType = audit.SubjectType,
                SubjectId = audit.SubjectId,
                Details = AuditChain.CanonicalDetails(audit.Details),
                PreviousHash = previous,
                Hash = "",
            };
            entry.Hash = AuditChain.HashOf(entry);
            db.AuditEntries.Add(entry);
            if (sequence % CheckpointInterval == 0)
            {
                db.AuditCheckpoints.Add(Checkpoint(entry));
            }
            await db.SaveChangesAsync(cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return entry;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Signs the current head now (the worker does this periodically so a quiet log still gets checkpoints).</summary>
    public async Task<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken)
    {
        var head = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (head is null || await db.AuditCheckpoints.AnyAsync(c => c.Sequence == head.Sequence, cancellationToken))
        {
            return null;
        }
        var checkpoint = Checkpoint(head);
        db.AuditCheckpoints.Add(checkpoint);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node signed the same head first.
            db.Entry(checkpoint).State = EntityState.Detached;
            return null;
        }
        return checkpoint;
    }

    private AuditCheckpoint Checkpoint(AuditEntry head)
    {
        var at = Now();
        var (keyId, signature) = signer.Sign(AuditChain.CheckpointBytes(head.Sequence, head.Hash, at));
        return new AuditCheckpoint { Sequence = head.Sequence, Hash = head.Hash, At = at, KeyId = keyId, Signature = signature };
    }

    // Whole milliseconds: both stores keep at least that precision, so what is hashed is exactly what is read back.
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>Hex SHA-256 of a text (for recording SQL text by hash as well).</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
