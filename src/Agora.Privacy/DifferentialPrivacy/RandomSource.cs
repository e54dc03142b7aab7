using System.Security.Cryptography;

namespace Agora.Privacy.DifferentialPrivacy;

/// <summary>Where the samplers get their random bits. Production code uses <see cref="SecureRandomSource"/>; tests may inject
/// a deterministic source to make a run repeatable.</summary>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="destination"/> with uniformly random bytes.</summary>
    void Fill(Span<byte> destination);
}

/// <summary>Random bytes from the operating system's CSPRNG (<see cref="RandomNumberGenerator"/>), read ahead in a
/// per-thread buffer because the samplers ask for a few bytes at a time.</summary>
public sealed class SecureRandomSource : IRandomSource
{
    private const int BufferLength = 4096;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_position;

    private SecureRandomSource()
    {
    }

    /// <summary>The one instance; it is thread-safe.</summary>
    public static SecureRandomSource Instance { get; } = new();

    /// <inheritdoc/>
    public void Fill(Span<byte> destination)
    {
        if (destination.Length > BufferLength / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }
        var buffer = t_buffer;
        if (buffer is null || t_position + destination.Length > BufferLength)
        {
            buffer ??= t_buffer = new byte[BufferLength];
            RandomNumberGenerator.Fill(buffer);
            t_position = 0;
        }
        var source = buffer.AsSpan(t_position, destination.Length);
        source.CopyTo(destination);
        // Bytes handed out are wiped so a later memory disclosure cannot replay past noise.
        source.Clear();
        t_position += destination.Length;
    }
}
