using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Agora.Cli.CommandLine;
using Agora.Data.Anonymisation;
using Agora.Privacy.Risk;

namespace Agora.Cli.Anonymisation;

/// <summary><c>agora risk</c>: re-identification risk of a file on its quasi-identifiers.</summary>
internal static class RiskCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "CSV (separator detected, header row) or Parquet file." };
        var qi = new Option<string>("--qi") { Description = "Quasi-identifiers, comma-separated.", Required = true };
        var population = new Option<long?>("--population") { Description = "Size of the population the data were drawn from." };
        var report = new Option<string?>("--report") { Description = "Write a JSON report here." };
        var command = new Command("risk", "Measure re-identification risk: prosecutor, journalist, marketer, uniques, population uniqueness.")
        {
            input, qi, population, report,
        };
        command.SetAction((parse, _) => CommandActions.RunAsync(() => Task.FromResult(Run(parse.GetValue(input)!,
            AnonymiseCommand.SplitList(parse.GetValue(qi)), parse.GetValue(population), parse.GetValue(report)))));
        return command;
    }

    private static int Run(string input, IReadOnlyList<string> quasiIdentifiers, long? population, string? reportPath)
    {
        var stopwatch = Stopwatch.StartNew();
        if (quasiIdentifiers.Count == 0)
        {
            throw new UserFacingException("--qi: name at least one quasi-identifier.");
        }
        using var table = AnonymisationTable.Load(input);
        if (population is { } size && size < table.RowCount)
        {
            throw new UserFacingException($"--population {size} is smaller than the file's {table.RowCount} rows.");
        }
        var columns = table.ReadEncoded(quasiIdentifiers);
        if (quasiIdentifiers.Distinct(StringComparer.Ordinal).Count() != quasiIdentifiers.Count)
        {
            throw new UserFacingException("--qi names an attribute twice.");
        }
        var risk = ReidentificationRisk.Analyse(columns, population);
        if (reportPath is not null)
        {
            AnonymisationReport.WriteAtomically(reportPath, AnonymisationReport.RiskOnly(input, table.RowCount, quasiIdentifiers, risk, stopwatch.Elapsed));
        }
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{risk.Records} records, {risk.Classes} classes on {string.Join(", ", quasiIdentifiers)}\n" +
            $"prosecutor: highest {risk.Prosecutor.HighestRisk:0.######}, average {risk.Prosecutor.AverageRisk:0.######}, records at highest risk {risk.Prosecutor.RecordsAtHighestRisk:0.##%}\n" +
            $"journalist: highest {risk.Journalist.HighestRisk:0.######}, average {risk.Journalist.AverageRisk:0.######}\n" +
            $"marketer: {risk.Marketer:0.######}\n" +
            $"sample uniques: {risk.SampleUniques} ({risk.SampleUniqueness:0.##%})");
        if (risk.Population is { } estimate)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"\npopulation uniqueness (N = {estimate.PopulationSize}): Dankar {estimate.Dankar:0.######} ({estimate.DankarModel}), Pitman {estimate.Pitman:0.######}, Zayatz {estimate.Zayatz:0.######}, SNB {estimate.Snb:0.######}");
        }
        Console.Out.WriteLine(text);
        return ExitCodes.Success;
    }
}
