using Agora.Privacy.Anonymisation;

namespace Agora.Privacy.Tests.Anonymisation;

/// <summary>ARX 3.9.2 on adult.csv, 8 quasi-identifiers, k = 5, Loss (references/anonymisation.md §0).</summary>
public sealed class ArxParityTests
{
    [Theory]
    [InlineData(0.00, new[] { 4, 0, 0, 2, 3, 2, 2, 1 }, 0, 30, 16, 0.59158, 136_199_108d)]
    [InlineData(0.02, new[] { 3, 0, 0, 1, 2, 1, 1, 2 }, 552, 233, 5, 0.30334, 50_815_576d)]
    [InlineData(0.04, new[] { 3, 0, 0, 0, 2, 1, 1, 2 }, 1038, 327, 5, 0.26084, 59_641_160d)]
    public void Adult_KAnonymity_MatchesArx(double suppression, int[] transformation, long suppressed, int classes, long minClass,
        double loss, double discernibility)
    {
        var result = Anonymiser.Run(new AnonymisationRequest
        {
            QuasiIdentifiers = AdultData.QuasiIdentifierList(),
            Models = [new KAnonymity(5)],
            SuppressionLimit = suppression,
        });

        Assert.Equal(transformation, result.Levels);
        Assert.Equal(suppressed, result.Suppressed);
        Assert.Equal(classes, result.Classes);
        Assert.Equal(minClass, result.MinClassSize);
        Assert.Equal(loss, result.Score, 5e-6);
        Assert.Equal(discernibility, result.Quality.Discernibility);
        Assert.True(result.Optimal);
    }
}
