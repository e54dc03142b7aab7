using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Agora.Privacy.Anonymisation;
using Agora.Privacy.Risk;

namespace Agora.Cli.Anonymisation;

/// <summary>The JSON reports of <c>agora anonymise</c> and <c>agora risk</c> (fields documented in docs/anonymisation.md).</summary>
internal static class AnonymisationReport
{
    // Written with Utf8JsonWriter rather than a JsonObject tree: the tree serialises its values through the reflection-based
    // serializer, whose start-up cost (about 20 ms of CPU) was a tenth of a whole `agora anonymise` run on adult.
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static string Anonymisation(string input, string output, long rows, AnonymisationRequest request, AnonymisationResult result) =>
        Write(json =>
        {
            json.WriteString("input", input);
            json.WriteString("output", output);
            json.WriteNumber("rows", rows);
            Strings(json, "quasiIdentifiers", result.Attributes);
            Strings(json, "models", result.Models);
            json.WriteNumber("suppressionLimit", request.SuppressionLimit);
            json.WriteStartObject("transformation");
            foreach (var (attribute, level) in result.Transformation)
            {
                json.WriteNumber(attribute, level);
            }
            json.WriteEndObject();
            json.WriteNumber("suppressed", result.Suppressed);
            json.WriteNumber("classes", result.Classes);
            json.WriteNumber("minClassSize", result.MinClassSize);
            json.WriteString("metric", MetricName(result.Metric));
            json.WriteNumber("score", result.Score);
            json.WriteStartObject("quality");
            json.WriteNumber("loss", result.Quality.Loss);
            json.WriteNumber("dm", result.Quality.Discernibility);
            json.WriteNumber("dmStar", result.Quality.DiscernibilityStar);
            json.WriteNumber("aecs", result.Quality.AverageClassSize);
            json.WriteNumber("precision", result.Quality.Precision);
            json.WriteNumber("height", result.Quality.Height);
            json.WriteNumber("entropy", result.Quality.NonUniformEntropy);
            json.WriteEndObject();
            json.WriteNumber("checked", result.Checked);
            json.WriteNumber("latticeSize", result.LatticeSize);
            json.WriteBoolean("optimal", result.Optimal);
            json.WriteNumber("elapsedMs", Math.Round(result.Elapsed.TotalMilliseconds, 1));
            json.WriteStartObject("risk");
            json.WritePropertyName("before");
            Risk(json, result.RiskBefore);
            json.WritePropertyName("after");
            Risk(json, result.RiskAfter);
            json.WriteEndObject();
        });

    public static string RiskOnly(string input, long rows, IReadOnlyList<string> quasiIdentifiers, RiskReport risk, TimeSpan elapsed) =>
        Write(json =>
        {
            json.WriteString("input", input);
            json.WriteNumber("rows", rows);
            Strings(json, "quasiIdentifiers", quasiIdentifiers);
            json.WriteNumber("elapsedMs", Math.Round(elapsed.TotalMilliseconds, 1));
            json.WritePropertyName("risk");
            Risk(json, risk);
        });

    private static string Write(Action<Utf8JsonWriter> properties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            properties(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static void Risk(Utf8JsonWriter json, RiskReport risk)
    {
        json.WriteStartObject();
        json.WriteNumber("records", risk.Records);
        json.WriteNumber("classes", risk.Classes);
        Attacker(json, "prosecutor", risk.Prosecutor);
        Attacker(json, "journalist", risk.Journalist);
        json.WriteNumber("marketer", risk.Marketer);
        json.WriteNumber("sampleUniques", risk.SampleUniques);
        json.WriteNumber("sampleUniqueness", risk.SampleUniqueness);
        json.WriteStartArray("distribution");
        foreach (var band in risk.Distribution)
        {
            json.WriteStartObject();
            json.WriteNumber("above", band.Above);
            json.WriteNumber("atMost", band.AtMost);
            json.WriteNumber("records", band.Records);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (risk.Population is { } population)
        {
            json.WriteStartObject("populationUniqueness");
            json.WriteNumber("populationSize", population.PopulationSize);
            json.WriteNumber("samplingFraction", population.SamplingFraction);
            Number(json, "pitman", population.Pitman);
            Number(json, "zayatz", population.Zayatz);
            Number(json, "snb", population.Snb);
            Number(json, "dankar", population.Dankar);
            json.WriteString("dankarModel", population.DankarModel.ToString().ToLowerInvariant());
            json.WriteEndObject();
        }
        json.WriteEndObject();
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

    private static void Attacker(Utf8JsonWriter json, string name, AttackerRisk risk)
    {
        json.WriteStartObject(name);
        json.WriteNumber("highest", risk.HighestRisk);
        json.WriteNumber("average", risk.AverageRisk);
        json.WriteNumber("recordsAtHighestRisk", risk.RecordsAtHighestRisk);
        json.WriteEndObject();
    }

    // JSON has no NaN: a model that did not converge is reported as null.
    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }
}
