using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agora.Cli.CommandLine;

namespace Agora.Cli.Querying;

/// <summary><c>agora query --server URL --token T --dataset ID --sql "…" [--json]</c>: runs SQL (or an approved
/// algorithm) next to the data under the caller's agreement and prints only the output that passed disclosure control.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        // A string, not Uri: System.CommandLine 3.0 has no converter for Uri.
        var server = ServerOption.Create();
        var token = new Option<string>("--token")
        {
            Description = "A personal access token with the read scope (or set AGORA_TOKEN).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGORA_TOKEN") ?? "",
        };
        var dataset = new Option<Guid?>("--dataset") { Description = "The dataset to query (its id); the active agreement on it is used." };
        var agreement = new Option<Guid?>("--agreement") { Description = "The agreement to query under, when there are several." };
        var sql = new Option<string?>("--sql") { Description = "The SQL to run; name the data as the agreement says (see 'Name in SQL')." };
        var algorithm = new Option<string?>("--algorithm") { Description = "Run this approved algorithm instead of SQL." };
        var arguments = new Option<string[]>("--arg") { Description = "An algorithm argument, NAME=VALUE (repeatable).", AllowMultipleArgumentsPerToken = false };
        var budget = new Option<double?>("--budget") { Description = "The ε (or ρ) to spend on this query under differential privacy." };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON answer." };
        var command = new Command("query", "Run SQL next to the data under an agreement; only protected outputs come back.")
        {
            server, token, dataset, agreement, sql, algorithm, arguments, budget, json,
        };
        command.SetAction(async (parse, cancellationToken) => await CommandActions.RunAsync(async () =>
        {
            var text = parse.GetValue(sql);
            var algorithmName = parse.GetValue(algorithm);
            if (string.IsNullOrWhiteSpace(text) == string.IsNullOrWhiteSpace(algorithmName))
            {
                throw new UserFacingException("Give either --sql \"SELECT …\" or --algorithm NAME.", ExitCodes.Usage);
            }
            var args = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(arguments) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new UserFacingException($"--arg {pair}: write NAME=VALUE.", ExitCodes.Usage);
                }
                args[pair[..equals]] = pair[(equals + 1)..];
            }
            using var api = AgoraApiClient.Connect(parse.GetValue(server)!, parse.GetValue(token), TimeSpan.FromMinutes(10));
            var agreementId = parse.GetValue(agreement) ?? await FindAgreementAsync(api, parse.GetValue(dataset), cancellationToken);
            var answer = await api.PostJsonAsync($"api/agreements/{agreementId}/queries", new
            {
                sql = string.IsNullOrWhiteSpace(text) ? null : text,
                algorithm = string.IsNullOrWhiteSpace(algorithmName) ? null : algorithmName,
                arguments = args.Count == 0 ? null : args,
                budget = parse.GetValue(budget),
            }, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer));
                return ExitCodes.Success;
            }
            Print(answer);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<Guid> FindAgreementAsync(AgoraApiClient api, Guid? dataset, CancellationToken cancellationToken)
    {
        if (dataset is not { } datasetId)
        {
            throw new UserFacingException("Say what to query: --dataset ID (or --agreement ID).", ExitCodes.Usage);
        }
        var list = await api.GetAsync($"api/agreements?dataset={datasetId}&active=true", cancellationToken);
        var ids = list.EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToList();
        return ids.Count switch
        {
            0 => throw new UserFacingException($"dataset {datasetId}: you have no agreement in force on it. Request access on its page first.",
                ExitCodes.Remote),
            1 => ids[0],
            _ => throw new UserFacingException($"dataset {datasetId}: several agreements are in force ({string.Join(", ", ids)}); choose one with --agreement.",
                ExitCodes.Usage),
        };
    }

    /// <summary>A plain table, tab-separated, with the accuracy interval of each noisy value, then the notes on stderr.</summary>
    private static void Print(JsonElement answer)
    {
        var status = answer.GetProperty("status").GetString();
        if (status == "HeldForReview")
        {
            Console.Error.WriteLine($"Disclosure control held this output for the provider's review (output {answer.GetProperty("heldOutputId")}).");
        }
        else
        {
            Console.WriteLine(string.Join('\t', answer.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString())));
            foreach (var row in answer.GetProperty("rows").EnumerateArray())
            {
                Console.WriteLine(string.Join('\t', row.EnumerateArray().Select(Cell)));
            }
        }
        foreach (var note in answer.GetProperty("notes").EnumerateArray())
        {
            Console.Error.WriteLine(note.GetString());
        }
        if (answer.TryGetProperty("cost", out var cost) && cost.ValueKind == JsonValueKind.Object)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Spent {cost.GetProperty("measure").GetString()} {cost.GetProperty("amount").GetDouble():0.####}{(answer.GetProperty("fromCache").GetBoolean() ? " (cached answer, no cost)" : "")}."));
        }
    }

    private static string Cell(JsonElement cell)
    {
        var value = cell.GetProperty("value");
        var shown = value.ValueKind switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.String => value.GetString() ?? "",
            _ => value.GetRawText(),
        };
        if (cell.TryGetProperty("accuracy", out var accuracy) && accuracy.ValueKind == JsonValueKind.Object)
        {
            shown += string.Create(CultureInfo.InvariantCulture,
                $" [{accuracy.GetProperty("lower").GetDouble():0.###}, {accuracy.GetProperty("upper").GetDouble():0.###}]");
        }
        return shown;
    }
}
