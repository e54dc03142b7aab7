using System.CommandLine;
using Agora.Cli.CommandLine;
using Agora.Data.Pseudonymisation;
using Agora.Privacy.Pseudonymisation;

namespace Agora.Cli.Pseudonymisation;

/// <summary><c>agora pseudonymise INPUT --out OUTPUT --column COL=METHOD … --domain NAME --key-file FILE</c>.</summary>
internal static class PseudonymiseCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "CSV, Parquet or JSON Lines file." };
        var output = new Option<string>("--out") { Description = "Output file (format from its extension).", Required = true };
        var columns = new Option<string[]>("--column")
        {
            Description = $"COL=METHOD, repeatable. Methods: {string.Join(", ", TreatmentPlan.MethodNames)}.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var domain = new Option<string>("--domain") { Description = "Pseudonymisation domain (dataset, agreement or linkage project).", Required = true };
        var keyFile = new Option<string>("--key-file") { Description = "Key ring file: lines VERSION:BASE64.", Required = true };
        var policy = new Option<string>("--policy")
        {
            Description = "deterministic (default), per-document or randomised.",
            DefaultValueFactory = _ => "deterministic",
        };
        var subject = new Option<string?>("--subject") { Description = "For shift-date: the column identifying the person whose dates move together." };
        var shiftDays = new Option<int>("--shift-days") { Description = "For shift-date: largest shift in days.", DefaultValueFactory = _ => 365 };
        var vault = new Option<string?>("--vault") { Description = "For token: the vault file (default OUTPUT.vault.parquet)." };
        var keyVersion = new Option<int?>("--key-version") { Description = "Key-ring version to use (default: the newest)." };
        var command = new Command("pseudonymise", "Replace identifiers with keyed pseudonyms, column by column.")
        {
            input, output, columns, domain, keyFile, policy, subject, shiftDays, vault, keyVersion,
        };
        command.SetAction((parse, _) => CommandActions.Run(() =>
        {
            var inputPath = parse.GetValue(input)!;
            var outputPath = parse.GetValue(output)!;
            KeyFiles.CheckInputAndOutput(inputPath, outputPath);
            var plan = KeyFiles.Guard(() => new TreatmentPlan(
                parse.GetValue(columns)!.Select(spec => ParseColumn(spec, parse.GetValue(subject))).ToList(),
                TreatmentPlan.ParsePolicy(parse.GetValue(policy)!)));
            using var ring = KeyFiles.Read(parse.GetValue(keyFile)!);
            using var keys = KeyFiles.Chain(ring, parse.GetValue(domain)!, parse.GetValue(keyVersion));
            var summary = KeyFiles.Guard(() => DatasetPseudonymisation.PseudonymiseFile(inputPath, outputPath, plan, keys,
                parse.GetValue(vault), parse.GetValue(shiftDays)));
            Console.WriteLine($"wrote {summary.Rows} rows to {outputPath}");
            Console.WriteLine($"domain {keys.Domain}, key version {summary.KeyVersion}, policy {parse.GetValue(policy)}");
            foreach (var treatment in summary.Treatments)
            {
                var reversible = TreatmentPlan.IsReversible(treatment.Method) ? "reversible" : "one-way";
                Console.WriteLine($"  {treatment.Column}: {TreatmentPlan.NameOf(treatment.Method)} ({reversible})");
            }
            if (summary.VaultPath is not null)
            {
                Console.WriteLine($"token vault: {summary.VaultPath} ({summary.VaultEntries} entries, encrypted with the domain key)");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    public static ColumnTreatment ParseColumn(string spec, string? subject)
    {
        var equals = spec.LastIndexOf('=');
        if (equals <= 0 || equals == spec.Length - 1)
        {
            throw new PseudonymisationException($"--column '{spec}': expected COL=METHOD, for example --column email=email-domain.");
        }
        var method = TreatmentPlan.ParseMethod(spec[(equals + 1)..]);
        return new ColumnTreatment(spec[..equals], method, method == PseudonymisationMethod.ShiftDate ? subject : null);
    }
}
