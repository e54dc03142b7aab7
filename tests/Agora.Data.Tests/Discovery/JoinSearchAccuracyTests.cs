using Agora.Data.Discovery;
using Xunit.Abstractions;

namespace Agora.Data.Tests.Discovery;

/// <summary>Joinable search against exact containment on a generated corpus: 2,000 columns whose values are windows of
/// one shuffled universe (so containments spread over [0, 1]), sizes log-uniform between 50 and 3,000.</summary>
public sealed class JoinSearchAccuracyTests(ITestOutputHelper output)
{
    private const double Threshold = 0.5;

    [Fact]
    public void AtContainmentHalf_RecallIsAtLeast095_AndPrecisionAtLeast090()
    {
        var random = new Random(20261126);
        var universe = Enumerable.Range(0, 60_000).Select(i => "k" + i).OrderBy(_ => random.Next()).ToArray();
        (int Start, int Size) Window()
        {
            var size = (int)Math.Round(Math.Exp(Math.Log(50) + (random.NextDouble() * (Math.Log(3000) - Math.Log(50)))));
            return (random.Next(0, universe.Length - size), size);
        }
        var index = new DiscoveryIndex();
        var windows = new List<(int Start, int Size)>();
        for (var i = 0; i < 2000; i++)
        {
            var window = Window();
            windows.Add(window);
            var (sketch, _) = ValueSketches.OfColumn("key", universe.Skip(window.Start).Take(window.Size));
            index.Add(ValueSketches.TableOf("t" + i, [sketch!]));
        }
        index.Optimise();
        long truePositives = 0, falsePositives = 0, falseNegatives = 0;
        for (var q = 0; q < 60; q++)
        {
            // Queries sit on top of corpus windows so that every query has true partners.
            var target = windows[random.Next(windows.Count)];
            var size = Math.Max(50, (int)(target.Size * (0.3 + random.NextDouble())));
            var start = Math.Clamp(target.Start + random.Next(-size / 2, size / 2), 0, universe.Length - size);
            var (sketch, hashes) = ValueSketches.OfColumn("key", universe.Skip(start).Take(size));
            var found = index.ThresholdSearch("query", sketch!, hashes, Threshold).Select(m => m.Table).ToHashSet();
            for (var i = 0; i < windows.Count; i++)
            {
                var overlap = Math.Max(0, Math.Min(start + size, windows[i].Start + windows[i].Size) - Math.Max(start, windows[i].Start));
                var isTrue = overlap / (double)size >= Threshold;
                var isFound = found.Contains("t" + i);
                truePositives += isTrue && isFound ? 1 : 0;
                falsePositives += !isTrue && isFound ? 1 : 0;
                falseNegatives += isTrue && !isFound ? 1 : 0;
            }
        }
        var recall = truePositives / (double)(truePositives + falseNegatives);
        var precision = truePositives / (double)(truePositives + falsePositives);
        output.WriteLine($"pairs at containment >= {Threshold}: {truePositives + falseNegatives}; recall {recall:F3}, precision {precision:F3}");
        Assert.True(truePositives + falseNegatives > 200, "the corpus must hold enough true pairs to measure");
        Assert.True(recall >= 0.95, $"recall {recall:F3}");
        Assert.True(precision >= 0.90, $"precision {precision:F3}");
    }
}
