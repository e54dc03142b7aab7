using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Privacy.Anonymisation;
using Agora.Privacy.Risk;

namespace Agora.Cli.Anonymisation;

/// <summary>The JSON reports of <c>agora anonymise</c> and <c>agora risk</c> (fields documented in docs/anonymisation.md).</summary>
internal static class AnonymisationReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Anonymisation(string input, string output, long rows, AnonymisationRequest request, AnonymisationResult result)
    {
        var transformation = new JsonObject();
        foreach (var (attribute, level) in result.Transformation)
        {
            transformation[attribute] = level;
        }
        var report = new JsonObject
        {
            ["input"] = input,
            ["output"] = output,
            ["rows"] = rows,
            ["quasiIdentifiers"] = new JsonArray([.. result.Attributes.Select(a => (JsonNode)a)]),
            ["models"] = new JsonArray([.. result.Models.Select(m => (JsonNode)m)]),
            ["suppressionLimit"] = request.SuppressionLimit,
            ["transformation"] = transformation,
            ["suppressed"] = result.Suppressed,
            ["classes"] = result.Classes,
            ["minClassSize"] = result.MinClassSize,
            ["metric"] = MetricName(result.Metric),
            ["score"] = result.Score,
            ["quality"] = new JsonObject
            {
                ["loss"] = result.Quality.Loss,
                ["dm"] = result.Quality.Discernibility,
                ["dmStar"] = result.Quality.DiscernibilityStar,
                ["aecs"] = result.Quality.AverageClassSize,
                ["precision"] = result.Quality.Precision,
                ["height"] = result.Quality.Height,
                ["entropy"] = result.Quality.NonUniformEntropy,
            },
            ["checked"] = result.Checked,
            ["latticeSize"] = result.LatticeSize,
            ["optimal"] = result.Optimal,
            ["elapsedMs"] = Math.Round(result.Elapsed.TotalMilliseconds, 1),
            ["risk"] = new JsonObject
            {
                ["before"] = Risk(result.RiskBefore),
                ["after"] = Risk(result.RiskAfter),
            },
        };
        return report.ToJsonString(Indented);
    }

    public static string RiskOnly(string input, long rows, IReadOnlyList<string> quasiIdentifiers, RiskReport risk, TimeSpan elapsed) =>
        new JsonObject
        {
            ["input"] = input,
            ["rows"] = rows,
            ["quasiIdentifiers"] = new JsonArray([.. quasiIdentifiers.Select(a => (JsonNode)a)]),
            ["elapsedMs"] = Math.Round(elapsed.TotalMilliseconds, 1),
            ["risk"] = Risk(risk),
        }.ToJsonString(Indented);

    public static JsonObject Risk(RiskReport risk)
    {
        var node = new JsonObject
        {
            ["records"] = risk.Records,
            ["classes"] = risk.Classes,
            ["prosecutor"] = Attacker(risk.Prosecutor),
            ["journalist"] = Attacker(risk.Journalist),
            ["marketer"] = risk.Marketer,
            ["sampleUniques"] = risk.SampleUniques,
            ["sampleUniqueness"] = risk.SampleUniqueness,
            ["distribution"] = new JsonArray([.. risk.Distribution.Select(b => (JsonNode)new JsonObject
            {
                ["above"] = b.Above,
                ["atMost"] = b.AtMost,
                ["records"] = b.Records,
            })]),
        };
        if (risk.Population is { } population)
        {
            node["populationUniqueness"] = new JsonObject
            {
                ["populationSize"] = population.PopulationSize,
                ["samplingFraction"] = population.SamplingFraction,
                ["pitman"] = Number(population.Pitman),
                ["zayatz"] = Number(population.Zayatz),
                ["snb"] = Number(population.Snb),
                ["dankar"] = Number(population.Dankar),
                ["dankarModel"] = population.DankarModel.ToString().ToLowerInvariant(),
            };
        }
        return node;
    }

    public static string MetricName(QualityMetric metric) => metric switch
    {
        QualityMetric.Loss => "loss",
        QualityMetric.Discernibility => "dm",
        QualityMetric.DiscernibilityStar => "dmstar",
        QualityMetric.AverageClassSize => "aecs",
        QualityMetric.Precision => "precision",
        QualityMetric.Height => "height",
        _ => "entropy",
    };

    /// <summary>Writes text to a temporary file beside the target, then renames it over the target.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp"));
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static JsonObject Attacker(AttackerRisk risk) => new()
    {
        ["highest"] = risk.HighestRisk,
        ["average"] = risk.AverageRisk,
        ["recordsAtHighestRisk"] = risk.RecordsAtHighestRisk,
    };

    // JSON has no NaN: a model that did not converge is reported as null.
    private static JsonValue? Number(double value) => double.IsNaN(value) || double.IsInfinity(value) ? null : JsonValue.Create(value);
}
