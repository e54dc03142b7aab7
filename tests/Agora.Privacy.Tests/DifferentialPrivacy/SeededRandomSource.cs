using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Privacy.Tests.DifferentialPrivacy;

/// <summary>A repeatable random source for tests (never for real noise).</summary>
internal sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public void Fill(Span<byte> destination) => _random.NextBytes(destination);
}
