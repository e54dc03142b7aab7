using System.Globalization;
using System.Numerics;
using Agora.Privacy.Anonymisation;
using Agora.Privacy.Risk;
using CsCheck;

namespace Agora.Privacy.Tests.Risk;

public sealed class ReidentificationRiskTests
{
    [Fact]
    public void SampleRisks_EqualDirectComputationRowByRow()
    {
        var tables = from rows in Gen.Int[1, 200]
                     from columns in Gen.Int[1, 3]
                     from values in Gen.Int[0, 6].Array[rows].Array[columns]
                     select values;
        tables.Sample(values =>
        {
            var rows = values[0].Length;
            var encoded = values.Select((column, c) => EncodedColumn.FromValues($"c{c}", column.Select(v => v.ToString(CultureInfo.InvariantCulture)))).ToList();
            var report = ReidentificationRisk.Analyse(encoded);

            // Direct: class size of each row by comparing rows.
            var size = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, rows).Count(o => values.All(col => col[o] == col[r]))).ToArray();
            var risks = size.Select(s => 1.0 / s).ToArray();
            var classes = Enumerable.Range(0, rows).Select(r => string.Join(",", values.Select(col => col[r]))).Distinct().Count();
            Assert.Equal(rows, report.Records);
            Assert.Equal(classes, report.Classes);
            Assert.Equal(risks.Max(), report.Prosecutor.HighestRisk, 12);
            Assert.Equal(risks.Average(), report.Prosecutor.AverageRisk, 12);
            Assert.Equal(risks.Count(r => r == risks.Max()) / (double)rows, report.Prosecutor.RecordsAtHighestRisk, 12);
            Assert.Equal(size.Count(s => s == 1), report.SampleUniques);
            Assert.Equal(classes / (double)rows, report.Marketer, 12);
            Assert.Equal(report.Prosecutor, report.Journalist);
            Assert.Equal(1.0, report.Distribution.Sum(b => b.Records), 9);
        }, iter: 200);
    }

    [Fact]
    public void Journalist_WithPopulation_ScalesBySamplingFraction()
    {
        var report = ReidentificationRisk.FromClassSizes(new Dictionary<long, long> { [2] = 3, [5] = 2 }, populationSize: 160);
        // 16 records of a population of 160: each class stands for 10× as many people.
        Assert.Equal(0.05, report.Journalist.HighestRisk, 12);
        Assert.Equal(0.1 * 5 / 16, report.Journalist.AverageRisk, 12);
        Assert.Equal(0.5, report.Prosecutor.HighestRisk, 12);
    }

    [Fact]
    public void Zayatz_EqualsTheFormulaWithExactHypergeometricProbabilities()
    {
        var sizes = new Dictionary<long, long> { [1] = 7, [2] = 4, [3] = 2, [6] = 1 };
        long n = 7 + 8 + 6 + 6;
        const long population = 120;
        double Exact(long successes) =>
            (double)(successes * Choose(population - successes, n - 1)) / (double)Choose(population, n);
        var u = sizes.Values.Sum();
        var denominator = sizes.Sum(e => e.Value / (double)u * Exact(e.Key));
        var expected = 7 * (7 / (double)u * Exact(1) / denominator) / (n / (double)population);

        Assert.Equal(expected, PopulationUniqueness.Zayatz(sizes, n, population), 9);
        Assert.Equal(expected / population, PopulationUniqueness.Estimate(sizes, population).Zayatz, 9);
    }

    [Fact]
    public void Pitman_SolvesItsLikelihoodEquations_CheckedWithDirectSums()
    {
        var sizes = new Dictionary<long, long> { [1] = 300, [2] = 80, [3] = 30, [4] = 12, [7] = 5, [20] = 2 };
        var n = sizes.Sum(e => e.Key * e.Value);
        var (theta, alpha) = PopulationUniqueness.SolvePitman(sizes, n);
        Assert.False(double.IsNaN(theta));
        double u = sizes.Values.Sum();
        // ∂L/∂θ = Σ_{i<u} 1/(θ+iα) − Σ_{i<n} 1/(θ+i);  ∂L/∂α = Σ_{i<u} i/(θ+iα) − Σ_j c_j Σ_{l<j} 1/(l−α)
        double dTheta = 0, dAlpha = 0;
        for (var i = 1; i < u; i++)
        {
            dTheta += 1 / (theta + i * alpha);
            dAlpha += i / (theta + i * alpha);
        }
        for (var i = 1; i < n; i++)
        {
            dTheta -= 1 / (theta + i);
        }
        foreach (var (size, count) in sizes)
        {
            for (var l = 1; l < size; l++)
            {
                dAlpha -= count / (l - alpha);
            }
        }
        Assert.True(Math.Abs(dTheta) < 1e-6, $"dL/dθ = {dTheta}");
        Assert.True(Math.Abs(dAlpha) < 1e-4, $"dL/dα = {dAlpha}");
    }

    [Fact]
    public void Snb_SolvesItsMomentEquations()
    {
        var sizes = new Dictionary<long, long> { [1] = 500, [2] = 150, [3] = 60, [4] = 20, [8] = 6 };
        var n = sizes.Sum(e => e.Key * e.Value);
        const long population = 5_000;
        var (alpha, beta, k) = PopulationUniqueness.SolveSnb(sizes, n, population);
        Assert.False(double.IsNaN(alpha));
        var (e1, e2) = PopulationUniqueness.SnbEquations(k, n / (double)population, 500, 150, alpha, beta);
        Assert.True(Math.Abs(e1) < 1e-4 && Math.Abs(e2) < 1e-4, $"residuals {e1}, {e2}");
        Assert.InRange(k * Math.Pow(beta, alpha), 0, k);
    }

    [Fact]
    public void Estimates_OnASampleOfAKnownPopulation_AreOfTheRightSize()
    {
        // A heavy-tailed population of 50,000 people (the kind of population the Pitman model assumes: no fixed number of
        // cells), a 5 % sample; the true number of population uniques is known.
        var random = new Random(7);
        var population = Enumerable.Range(0, 50_000).Select(_ => (A: (int)Math.Floor(1 / Math.Pow(1 - random.NextDouble(), 1.2)), B: random.Next(4))).ToList();
        var trueUniques = population.GroupBy(p => p).Count(g => g.Count() == 1);
        var sample = population.Where(_ => random.NextDouble() < 0.05).ToList();
        var sizes = sample.GroupBy(p => p).GroupBy(g => (long)g.Count()).ToDictionary(g => g.Key, g => (long)g.Count());

        var estimate = PopulationUniqueness.Estimate(sizes, population.Count);

        Assert.Equal(PopulationUniquenessModel.Pitman, estimate.DankarModel);
        var truth = trueUniques / (double)population.Count;
        // Measured: truth 0.01252, Pitman 0.01245, Zayatz 0.01266, SNB 0.01531.
        Assert.InRange(estimate.Pitman, truth / 1.25, truth * 1.25);
        Assert.InRange(estimate.Zayatz, truth / 1.25, truth * 1.25);
        Assert.InRange(estimate.Snb, truth / 2, truth * 2);
        Assert.Equal(estimate.Pitman, estimate.Dankar);
    }

    [Fact]
    public void Estimates_NoSampleUniques_AreZero()
    {
        var estimate = PopulationUniqueness.Estimate(new Dictionary<long, long> { [2] = 10 }, 1000);
        Assert.Equal(0, estimate.Dankar);
        Assert.Equal(0, estimate.Pitman);
    }

    private static BigInteger Choose(long n, long k)
    {
        BigInteger result = 1;
        for (long i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
