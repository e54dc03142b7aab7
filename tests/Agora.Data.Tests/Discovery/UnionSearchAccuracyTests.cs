using Xunit.Abstractions;

namespace Agora.Data.Tests.Discovery;

// One class per benchmark version so xunit runs them side by side.
public sealed class UgenV1UnionSearchTests(ITestOutputHelper output)
{
    // The goal is 0.70; we measure 0.704 (docs/discovery.md), well above the published best (Starmie 0.51) and
    // the lexical baseline (0.64), so a regression fails it.
    [Fact]
    public void PrecisionAt10_IsAtLeast070()
    {
        var loaded = UgenBenchmark.Load("ugen_v1");
        var score = UgenBenchmark.Evaluate(loaded);
        output.WriteLine(UgenBenchmark.Describe("UGEN-V1", score, loaded.Skipped));
        // The authors' manual re-check of the same pairs (Starmie 0.70 on V1 by it, the lexical baseline 0.86).
        var manual = UgenBenchmark.Evaluate(loaded, manual: true);
        output.WriteLine(UgenBenchmark.Describe("UGEN-V1, manual ground truth", manual, loaded.Skipped));
        Assert.True(manual.PrecisionAt10 >= 0.88, UgenBenchmark.Describe("UGEN-V1, manual ground truth", manual, loaded.Skipped));
        Assert.True(score.PrecisionAt10 >= 0.70, UgenBenchmark.Describe("UGEN-V1", score, loaded.Skipped));
    }
}

public sealed class UgenV2UnionSearchTests(ITestOutputHelper output)
{
    // The goal is 0.65; we measure 0.794. Gated just below the measured figure.
    [Fact]
    public void PrecisionAt10_IsAtLeast079()
    {
        var loaded = UgenBenchmark.Load("ugen_v2");
        var score = UgenBenchmark.Evaluate(loaded);
        output.WriteLine(UgenBenchmark.Describe("UGEN-V2", score, loaded.Skipped));
        // The authors' manual re-check of the same pairs (no published anchor for V2).
        var manual = UgenBenchmark.Evaluate(loaded, manual: true);
        output.WriteLine(UgenBenchmark.Describe("UGEN-V2, manual ground truth", manual, loaded.Skipped));
        Assert.True(manual.PrecisionAt10 >= 0.82, UgenBenchmark.Describe("UGEN-V2, manual ground truth", manual, loaded.Skipped));
        Assert.True(score.PrecisionAt10 >= 0.79, UgenBenchmark.Describe("UGEN-V2", score, loaded.Skipped));
    }
}
