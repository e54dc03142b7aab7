using System.Buffers.Binary;
using System.Text;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>Shifts every date of one subject by the same secret number of days (1 to <see cref="MaxDays"/>, earlier or
/// later), derived by HMAC from the subject's identifier: intervals within a subject's record (age at admission, length
/// of stay) survive, while the calendar dates no longer match outside records. Reversible by whoever holds the key and
/// the subject identifier.</summary>
public sealed class DateShifter : IDisposable
{
    private readonly KeyedPseudonymiser _mac;

    /// <summary>Creates a shifter with a 32-byte key and the largest shift in days (default 365).</summary>
    public DateShifter(ReadOnlySpan<byte> key, int maxDays = 365)
    {
        if (maxDays is < 1 or > 36_500)
        {
            throw new PseudonymisationException("The largest date shift must be between 1 and 36500 days.");
        }
        _mac = new KeyedPseudonymiser(key);
        MaxDays = maxDays;
    }

    /// <summary>The largest shift in days, either way.</summary>
    public int MaxDays { get; }

    /// <summary>The subject's offset in days: never zero, at most <see cref="MaxDays"/> either way.</summary>
    public int OffsetDays(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        Span<byte> mac = stackalloc byte[32];
        _mac.Compute(Encoding.UTF8.GetBytes(subject), mac);
        // 64 bits reduced modulo 2·MaxDays: the bias is below 2^-40 for any allowed MaxDays.
        var draw = (int)(BinaryPrimitives.ReadUInt64BigEndian(mac) % (ulong)(2 * MaxDays));
        return draw < MaxDays ? draw - MaxDays : draw - MaxDays + 1;
    }

    /// <summary>The shifted date.</summary>
    public DateOnly Shift(DateOnly date, string subject) => date.AddDays(OffsetDays(subject));

    /// <summary>The original date.</summary>
    public DateOnly Unshift(DateOnly date, string subject) => date.AddDays(-OffsetDays(subject));

    /// <summary>The shifted timestamp (time of day kept).</summary>
    public DateTime Shift(DateTime timestamp, string subject) => timestamp.AddDays(OffsetDays(subject));

    /// <inheritdoc/>
    public void Dispose() => _mac.Dispose();
}
