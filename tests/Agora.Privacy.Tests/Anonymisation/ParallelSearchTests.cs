using System.Globalization;
using Agora.Privacy.Anonymisation;
using CsCheck;

namespace Agora.Privacy.Tests.Anonymisation;

/// <summary>The optimal search with other threads evaluating ahead must decide exactly as the single-threaded search:
/// same transformation, suppression, classes, scores and number of transformations checked, on random problems with
/// lattices of hundreds of transformations (every model and metric) and on ARX's adult benchmark.</summary>
public sealed class ParallelSearchTests
{
    private static readonly Gen<AnonymiserPropertyTests.Case> LargerCases = AnonymiserPropertyTests.CaseGenerator(20, 300, 3, 5, 6,
        Gen.OneOf(Gen.Const(0.0), Gen.Const(0.02), Gen.Const(0.1), Gen.Const(0.3)));

    [Fact]
    public void ParallelSearch_DecidesAsTheSingleThreadedSearch_OnRandomProblems()
    {
        LargerCases.Sample(testCase =>
        {
            var single = Run(testCase, 1);
            foreach (var degree in new[] { 2, 4 })
            {
                var parallel = Run(testCase, degree);
                AssertSame(single, parallel, $"{degree} threads: {testCase}");
            }
        }, iter: 120, seed: "0c4Fb1kXyQ2a");
    }

    [Theory]
    [InlineData(0.00, 120)]
    [InlineData(0.02, 433)]
    [InlineData(0.04, 351)]
    public void ParallelSearch_OnAdult_ChecksTheSameTransformationsAsTheSingleThreadedSearch(double suppression, long checkedTransformations)
    {
        AnonymisationResult Adult(int degree) => Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = AdultData.QuasiIdentifierList(),
            Models = [new KAnonymity(5)],
            SuppressionLimit = suppression,
            MaxDegreeOfParallelism = degree,
        });

        var single = Adult(1);
        var parallel = Adult(4);

        AssertSame(single, parallel, "adult");
        Assert.Equal(checkedTransformations, single.Checked);
    }

    [Fact]
    public void DegreeOfParallelismBelowOne_IsRejected()
    {
        var request = new AnonymisationRequest
        {
            QuasiIdentifiers = [new QuasiIdentifier(EncodedColumn.FromValues("x", ["a", "b"]), HierarchyBuilders.SuppressionOnly("x", ["a", "b"]))],
            Models = [new KAnonymity(1)],
            MaxDegreeOfParallelism = 0,
        };
        var error = Assert.Throws<AnonymisationException>(() => Anonymiser.Run(request));
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    private static AnonymisationResult? Run(AnonymiserPropertyTests.Case testCase, int degree)
    {
        var hierarchies = testCase.Values.Select((column, q) =>
            HierarchyBuilders.Grouping($"q{q}", Enumerable.Range(0, 6).Select(v => "v" + v.ToString(CultureInfo.InvariantCulture)),
                testCase.GroupSizes[q].Length == 0 ? [2] : testCase.GroupSizes[q])).ToList();
        var sensitiveHierarchy = HierarchyBuilders.Grouping("s", Enumerable.Range(0, 4).Select(v => v.ToString(CultureInfo.InvariantCulture)), [2]);
        var request = new AnonymisationRequest
        {
            QuasiIdentifiers = [.. testCase.Values.Select((column, q) => new QuasiIdentifier(EncodedColumn.FromValues($"q{q}", column), hierarchies[q]))],
            SensitiveAttributes = [EncodedColumn.FromValues("s", testCase.Sensitive)],
            Models = AnonymiserPropertyTests.Models(testCase, sensitiveHierarchy),
            SuppressionLimit = testCase.Suppression,
            Metric = testCase.Metric,
            Search = SearchStrategy.Optimal,
            MaxDegreeOfParallelism = degree,
        };
        try
        {
            return Anonymiser.Run(request);
        }
        catch (AnonymisationException)
        {
            return null;
        }
    }

    private static void AssertSame(AnonymisationResult? expected, AnonymisationResult? actual, string context)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"one search found a transformation, the other none: {context}");
            return;
        }
        Assert.True(expected.Levels.SequenceEqual(actual.Levels),
            $"[{string.Join(",", expected.Levels)}] single-threaded, [{string.Join(",", actual.Levels)}] parallel: {context}");
        Assert.Equal(expected.Suppressed, actual.Suppressed);
        Assert.Equal(expected.Classes, actual.Classes);
        Assert.Equal(expected.MinClassSize, actual.MinClassSize);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Quality, actual.Quality);
        Assert.True(expected.Checked == actual.Checked, $"checked {expected.Checked} single-threaded, {actual.Checked} parallel: {context}");
        Assert.Equal(expected.RowClass, actual.RowClass);
    }
}
