using System.CommandLine;
using Agora.Cli.CommandLine;
using Agora.Data.Files;
using Agora.Data.Pseudonymisation;
using Agora.Privacy.Detection;
using Agora.Privacy.Pseudonymisation;

namespace Agora.Cli.Pseudonymisation;

/// <summary><c>agora reidentify INPUT --out OUTPUT --column COL … --domain NAME --key-file FILE</c>: reverses siv, fpe,
/// token, ip-prefix and shift-date columns for whoever holds the domain's key.</summary>
internal static class ReidentifyCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "A pseudonymised CSV, Parquet or JSON Lines file." };
        var output = new Option<string>("--out") { Description = "Output file.", Required = true };
        var columns = new Option<string[]>("--column")
        {
            Description = "COL or COL=METHOD, repeatable. siv, token and ip-prefix are recognised from the values; fpe and shift-date must be named.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var domain = new Option<string>("--domain") { Description = "The domain the file was pseudonymised in.", Required = true };
        var keyFile = new Option<string>("--key-file") { Description = "Key ring file: lines VERSION:BASE64.", Required = true };
        var subject = new Option<string?>("--subject") { Description = "For shift-date: the subject column as it appears in INPUT." };
        var shiftDays = new Option<int>("--shift-days") { Description = "For shift-date: the largest shift used.", DefaultValueFactory = _ => 365 };
        var vault = new Option<string?>("--vault") { Description = "For token: the vault (default INPUT.vault.parquet)." };
        var keyVersion = new Option<int?>("--key-version") { Description = "Key-ring version for fpe, ip-prefix, token and shift-date (default: the newest)." };
        var command = new Command("reidentify", "Reverse reversible pseudonyms (needs the domain's key).")
        {
            input, output, columns, domain, keyFile, subject, shiftDays, vault, keyVersion,
        };
        command.SetAction((parse, _) => CommandActions.Run(() =>
        {
            var inputPath = parse.GetValue(input)!;
            var outputPath = parse.GetValue(output)!;
            KeyFiles.CheckInputAndOutput(inputPath, outputPath);
            using var ring = KeyFiles.Read(parse.GetValue(keyFile)!);
            using var keys = KeyFiles.Chain(ring, parse.GetValue(domain)!, parse.GetValue(keyVersion));
            var reversals = KeyFiles.Guard(() => parse.GetValue(columns)!.Select(spec => Parse(spec, inputPath, parse.GetValue(subject))).ToList());
            var rows = KeyFiles.Guard(() => DatasetPseudonymisation.ReidentifyFile(inputPath, outputPath, reversals, keys,
                parse.GetValue(vault) ?? inputPath + ".vault.parquet", parse.GetValue(shiftDays)));
            Console.WriteLine($"wrote {rows} rows to {outputPath}; reversed {string.Join(", ", reversals.Select(r => $"{r.Column} ({TreatmentPlan.NameOf(r.Method)})"))} in domain {keys.Domain}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ColumnReversal Parse(string spec, string inputPath, string? subject)
    {
        var equals = spec.LastIndexOf('=');
        if (equals > 0)
        {
            var method = TreatmentPlan.ParseMethod(spec[(equals + 1)..]);
            return new ColumnReversal(spec[..equals], method, subject);
        }
        return new ColumnReversal(spec, Infer(inputPath, spec), subject);
    }

    // siv pseudonyms, tokens and IP addresses are recognisable; anything else must be named explicitly.
    private static PseudonymisationMethod Infer(string inputPath, string column)
    {
        using var connection = TabularFile.OpenAsView(inputPath);
        if (!TabularFile.ColumnNames(connection).Contains(column))
        {
            throw new PseudonymisationException($"column '{column}' is not in the input.");
        }
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT CAST({DuckDbSql.Identifier(column)} AS VARCHAR) FROM input WHERE {DuckDbSql.Identifier(column)} IS NOT NULL LIMIT 1";
        var sample = command.ExecuteScalar() as string;
        if (sample is null)
        {
            throw new PseudonymisationException($"column '{column}' is empty; name its method: --column {column}=METHOD.");
        }
        if (DeterministicEncryption.VersionOf(sample) is not null)
        {
            return PseudonymisationMethod.Siv;
        }
        if (TokenVault.IsToken(sample))
        {
            return PseudonymisationMethod.Token;
        }
        if (ValueRecogniser.IsIpAddress(sample))
        {
            return PseudonymisationMethod.IpPrefix;
        }
        throw new PseudonymisationException($"column '{column}': cannot tell how it was pseudonymised; name the method, for example --column {column}=fpe.");
    }
}
