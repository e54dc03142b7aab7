using Agora.Data.Discovery.Union;

namespace Agora.Data.Tests.Discovery;

public sealed class GridProbe
{
    [Fact]
    public void Grid()
    {
        var log = "/tmp/discover-proto/grid.log";
        var v1 = UgenBenchmark.Load("ugen_v1");
        var v2 = UgenBenchmark.Load("ugen_v2");
        foreach (var bag in new[] { 0.5, 1.0, 1.5 })
        foreach (var header in new[] { 0.5, 1.0, 1.5 })
        foreach (var values in new[] { 0.0, 0.5 })
        foreach (var tokens in new[] { 0.5, 1.0 })
        foreach (var feedback in new[] { 0.0, 0.3, 0.6 })
        {
            var w = new UnionWeights(bag, header, values, tokens, 2, feedback);
            var a = UgenBenchmark.Evaluate(v1, w);
            var b = UgenBenchmark.Evaluate(v2, w);
            File.AppendAllText(log, $"{a.PrecisionAt10:F3} {b.PrecisionAt10:F3} {w}\n");
        }
    }
}
