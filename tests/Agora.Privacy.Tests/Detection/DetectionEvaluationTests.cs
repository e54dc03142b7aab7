using System.Globalization;
using System.Text;
using Agora.Privacy.Detection;
using Xunit.Abstractions;

namespace Agora.Privacy.Tests.Detection;

/// <summary>Precision and recall of column classification on the generated, labelled evaluation set.</summary>
public sealed class DetectionEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void EvaluationSet_HasAtLeast500Columns_WithHardNegativesAndEveryEntity()
    {
        var set = PiiEvaluationSet.Generate();
        Assert.True(set.Count >= 500, $"{set.Count} columns");
        Assert.True(set.Count(c => c.Kind.StartsWith("hard negative", StringComparison.Ordinal)) >= 60);
        foreach (var entity in PiiNames.AllEntities)
        {
            Assert.Contains(set, c => c.Label == entity);
        }
    }

    [Fact]
    public void EvaluationSet_IsTheSameOnEveryRun()
    {
        var first = PiiEvaluationSet.Generate();
        var second = PiiEvaluationSet.Generate();
        Assert.Equal(first.Select(c => c.Header + string.Join("|", c.Values)), second.Select(c => c.Header + string.Join("|", c.Values)));
    }

    [Fact]
    public void Classifier_OnTheEvaluationSet_ReachesPrecisionAndRecallOf095()
    {
        var report = DetectionEvaluation.Run(PiiEvaluationSet.Generate());
        output.WriteLine(report.ToMarkdown());
        foreach (var miss in report.Mistakes.Take(40))
        {
            output.WriteLine(miss);
        }
        Assert.True(report.Precision >= 0.95, $"precision {report.Precision:F3}");
        Assert.True(report.Recall >= 0.95, $"recall {report.Recall:F3}");
    }
}

/// <summary>Scores findings against labels: a column counts as a true positive for an entity only when the predicted
/// entity is the labelled one; predicting an entity for an unlabelled column is a false positive.</summary>
internal sealed record DetectionEvaluation(
    IReadOnlyDictionary<PiiEntity, (int TruePositives, int FalsePositives, int FalseNegatives)> PerEntity, IReadOnlyList<string> Mistakes,
    int Columns)
{
    public double Precision => Ratio(PerEntity.Values.Sum(v => v.TruePositives), PerEntity.Values.Sum(v => v.TruePositives + v.FalsePositives));

    public double Recall => Ratio(PerEntity.Values.Sum(v => v.TruePositives), PerEntity.Values.Sum(v => v.TruePositives + v.FalseNegatives));

    public static DetectionEvaluation Run(IReadOnlyList<LabelledColumn> columns)
    {
        var counts = PiiNames.AllEntities.ToDictionary(e => e, _ => (TruePositives: 0, FalsePositives: 0, FalseNegatives: 0));
        var mistakes = new List<string>();
        foreach (var column in columns)
        {
            var finding = ColumnClassifier.Classify(column.Header, column.Values);
            if (finding.Entity == column.Label)
            {
                if (column.Label is { } label)
                {
                    var c = counts[label];
                    counts[label] = (c.TruePositives + 1, c.FalsePositives, c.FalseNegatives);
                }
                continue;
            }
            mistakes.Add($"{column.Kind}: '{column.Header}' labelled {Name(column.Label)} found {Name(finding.Entity)} ({finding.Confidence:F2}; {finding.Evidence}) e.g. '{column.Values.FirstOrDefault(v => v is not null)}'");
            if (finding.Entity is { } predicted)
            {
                var c = counts[predicted];
                counts[predicted] = (c.TruePositives, c.FalsePositives + 1, c.FalseNegatives);
            }
            if (column.Label is { } missed)
            {
                var c = counts[missed];
                counts[missed] = (c.TruePositives, c.FalsePositives, c.FalseNegatives + 1);
            }
        }
        return new DetectionEvaluation(counts, mistakes, columns.Count);
    }

    public string ToMarkdown()
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"{Columns} columns; overall precision {Precision:F3}, recall {Recall:F3}");
        builder.AppendLine("| entity | columns | precision | recall |");
        builder.AppendLine("|---|---:|---:|---:|");
        foreach (var (entity, (tp, fp, fn)) in PerEntity)
        {
            builder.AppendLine(CultureInfo.InvariantCulture,
                $"| {PiiNames.Of(entity)} | {tp + fn} | {Ratio(tp, tp + fp):F3} | {Ratio(tp, tp + fn):F3} |");
        }
        return builder.ToString();
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 1 : (double)numerator / denominator;

    private static string Name(PiiEntity? entity) => entity is { } e ? PiiNames.Of(e) : "none";
}
