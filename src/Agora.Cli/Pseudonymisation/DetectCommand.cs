using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agora.Cli.CommandLine;
using Agora.Data.Pseudonymisation;
using Agora.Privacy.Detection;
using Agora.Privacy.Pseudonymisation;

namespace Agora.Cli.Pseudonymisation;

/// <summary><c>agora detect INPUT [--report REPORT.json]</c>: personal data per column, with a confidence and a suggestion.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "CSV, Parquet or JSON Lines file." };
        var report = new Option<string?>("--report") { Description = "Write the findings as JSON: column, entity, confidence, suggestion." };
        var sampleRows = new Option<int>("--sample-rows")
        {
            Description = "Rows sampled (reproducibly) per column; 0 scans every row.",
            DefaultValueFactory = _ => DatasetDetection.DefaultSampleRows,
        };
        var command = new Command("detect", "Find personal data in each column of a file.") { input, report, sampleRows };
        command.SetAction((parse, _) => CommandActions.Run(() =>
        {
            var path = parse.GetValue(input)!;
            var rows = parse.GetValue(sampleRows);
            if (rows < 0)
            {
                throw new UserFacingException("--sample-rows must be 0 (every row) or more.");
            }
            var findings = KeyFiles.Guard(() => DatasetDetection.DetectFile(path, rows == 0 ? null : rows));
            Print(findings);
            if (parse.GetValue(report) is { } reportPath)
            {
                WriteReport(findings, reportPath);
                Console.WriteLine($"report written to {reportPath}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(IReadOnlyList<ColumnFinding> findings)
    {
        var width = Math.Max(6, findings.Max(f => f.Column.Length));
        Console.WriteLine($"{"column".PadRight(width)}  {"entity",-20} {"conf.",5}  {"suggestion",-17} {"treatment",-12} evidence");
        foreach (var finding in findings)
        {
            var treatment = TreatmentPlan.Suggest(finding, ColumnKind.Text) is { } method ? TreatmentPlan.NameOf(method) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{finding.Column.PadRight(width)}  {finding.EntityName ?? "-",-20} {finding.Confidence,5:F2}  {finding.SuggestionName,-17} {treatment,-12} {finding.Evidence}"));
        }
    }

    private static void WriteReport(IReadOnlyList<ColumnFinding> findings, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = File.Create(temporary))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartArray();
                foreach (var finding in findings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("column", finding.Column);
                    if (finding.EntityName is { } entity)
                    {
                        writer.WriteString("entity", entity);
                    }
                    else
                    {
                        writer.WriteNull("entity");
                    }
                    writer.WriteNumber("confidence", finding.Confidence);
                    writer.WriteString("suggestion", finding.SuggestionName);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
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
}
