using System.Globalization;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Audit;

/// <summary>Checks the whole audit log: every entry's hash, the chain of previous hashes, the sequence without gaps,
/// the head counter, and every checkpoint's signature. Names the first bad entry.</summary>
public sealed class AuditVerifier(AgoraDbContext db, PlatformSigner signer)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var expectedSequence = 1L;
        var previous = AuditChain.Genesis;
        var hashes = new Dictionary<long, string>();
        // Streams in sequence order; a forged sequence number, an inserted or a missing entry shows as a break.
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expectedSequence)
            {
                return AuditVerification.Broken(expectedSequence, expectedSequence - 1, entry.Sequence > expectedSequence
                    ? string.Create(CultureInfo.InvariantCulture, $"entry {expectedSequence} is missing (the next one is {entry.Sequence})")
                    : string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} appears out of order"));
            }
            if (entry.PreviousHash != previous)
            {
                return AuditVerification.Broken(entry.Sequence, expectedSequence - 1,
                    string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1} (an entry was edited, inserted, deleted or moved)"));
            }
            if (AuditChain.HashOf(entry) != entry.Hash)
            {
                return AuditVerification.Broken(entry.Sequence, expectedSequence - 1,
                    string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} was changed after it was written"));
            }
            hashes[entry.Sequence] = entry.Hash;
            previous = entry.Hash;
            expectedSequence++;
        }
        var count = expectedSequence - 1;
        var head = await db.Counters.AsNoTracking().Where(c => c.Name == AuditLog.HeadCounter).Select(c => c.Value).SingleOrDefaultAsync(cancellationToken);
        if (head != count)
        {
            return AuditVerification.Broken(count + 1, count,
                string.Create(CultureInfo.InvariantCulture, $"the log should hold {head} entries but holds {count}: entries at the end were removed"));
        }
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(cancellationToken);
        foreach (var checkpoint in checkpoints)
        {
            if (!signer.Verify(checkpoint.KeyId, AuditChain.CheckpointBytes(checkpoint.Sequence, checkpoint.Hash, checkpoint.At), checkpoint.Signature))
            {
                return AuditVerification.Broken(checkpoint.Sequence, count,
                    string.Create(CultureInfo.InvariantCulture, $"the checkpoint at entry {checkpoint.Sequence} has an invalid signature"));
            }
            if (!hashes.TryGetValue(checkpoint.Sequence, out var hash) || hash != checkpoint.Hash)
            {
                return AuditVerification.Broken(checkpoint.Sequence, count,
                    string.Create(CultureInfo.InvariantCulture, $"entry {checkpoint.Sequence} differs from what the signed checkpoint recorded (the log was rewritten)"));
            }
        }
        return new AuditVerification(true, count, checkpoints.Count, null, null);
    }
}

/// <summary>The outcome: <see cref="FirstBadSequence"/> and <see cref="Problem"/> say where and what, when not valid.</summary>
public sealed record AuditVerification(bool Valid, long Entries, int Checkpoints, long? FirstBadSequence, string? Problem)
{
    public static AuditVerification Broken(long sequence, long entries, string problem) => new(false, entries, 0, sequence, problem);
}
