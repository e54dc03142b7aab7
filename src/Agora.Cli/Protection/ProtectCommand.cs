using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agora.Cli.CommandLine;
using Agora.Privacy.Wording;

namespace Agora.Cli.Protection;

/// <summary><c>agora protect --server URL --dataset ID</c>: the protect step against a running Agora. Shows the personal
/// data found in a stored version (<c>--findings</c>), or makes a protected derived version: pseudonymised columns
/// (<c>--column COL=METHOD</c>) and/or anonymised quasi-identifiers (<c>--qi COL=BUILDER --k 5 …</c>), and waits for it.</summary>
internal static class ProtectCommand
{
    public static Command Create()
    {
        var server = ServerOption.Create();
        var token = new Option<string>("--token")
        {
            Description = "A personal access token with the publish scope (or set AGORA_TOKEN).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGORA_TOKEN") ?? "",
        };
        var dataset = new Option<Guid>("--dataset") { Description = "The dataset (its id).", Required = true };
        var version = new Option<int?>("--version") { Description = "The version to protect (default: the latest)." };
        var findings = new Option<bool>("--findings") { Description = "Only show the personal data found per column and the suggested treatment." };
        var columns = new Option<string[]>("--column") { Description = "COL=METHOD[:SUBJECT]: pseudonymise (hmac, siv, fpe, token, mask, redact, shift-date, ip-prefix, email-domain, scrub).", Arity = ArgumentArity.ZeroOrMore };
        var policy = new Option<string>("--policy") { Description = "deterministic | per-document | randomised.", DefaultValueFactory = _ => "deterministic" };
        var linkage = new Option<string?>("--linkage-project") { Description = "Pseudonymise into this linkage project's domain (its short name)." };
        var qi = new Option<string[]>("--qi") { Description = "COL[=BUILDER]: a quasi-identifier to generalise (builder: interval:5,10,20, date:month,year, mask:1, group:2,4, suppress; none: the saved hierarchy).", Arity = ArgumentArity.ZeroOrMore };
        var hierarchy = new Option<string[]>("--hierarchy") { Description = "COL=FILE: upload a hierarchy in ARX's CSV format and save it for the dataset.", Arity = ArgumentArity.ZeroOrMore };
        var sensitive = new Option<string?>("--sensitive") { Description = "Sensitive attribute(s), comma-separated." };
        var k = new Option<int>("--k") { Description = "k of k-anonymity (default 5).", DefaultValueFactory = _ => 5 };
        var lDiversity = new Option<string?>("--l-diversity") { Description = "distinct:L | entropy:L | recursive:C:L." };
        var tCloseness = new Option<string?>("--t-closeness") { Description = "T[:equal|hierarchical|ordered]." };
        var suppression = new Option<double>("--suppression") { Description = "Largest share of records that may be suppressed (default 0).", DefaultValueFactory = _ => 0 };
        var metric = new Option<string>("--metric") { Description = "loss | dm | dmstar | aecs | precision | height | entropy.", DefaultValueFactory = _ => "loss" };
        var riskQi = new Option<string?>("--risk-qi") { Description = "Without --qi: quasi-identifiers to report the risk on, comma-separated." };
        var population = new Option<long?>("--population") { Description = "Size of the population the data were drawn from." };
        var command = new Command("protect", "Protect a stored version on a server: pseudonymise and/or anonymise it into a derived version.")
        {
            server, token, dataset, version, findings, columns, policy, linkage, qi, hierarchy, sensitive, k, lDiversity, tCloseness, suppression, metric, riskQi, population,
        };
        command.SetAction(async (parse, cancellationToken) => await CommandActions.RunAsync(async () =>
        {
            using var api = AgoraApiClient.Connect(parse.GetValue(server)!, parse.GetValue(token), TimeSpan.FromHours(2));
            var datasetId = parse.GetValue(dataset);
            var number = parse.GetValue(version) ?? LatestVersion(await api.GetAsync($"api/datasets/{datasetId}", cancellationToken));
            var prefix = $"api/datasets/{datasetId}/versions/{number}";
            if (parse.GetValue(findings))
            {
                PrintFindings(await api.GetAsync($"{prefix}/detection", cancellationToken));
                return ExitCodes.Success;
            }
            foreach (var (attribute, file) in Pairs(parse.GetValue(hierarchy), "--hierarchy"))
            {
                var info = new FileInfo(file);
                if (!info.Exists)
                {
                    throw new UserFacingException($"--hierarchy {attribute}: file '{file}' not found.");
                }
                await api.SendFileAsync($"api/datasets/{datasetId}/hierarchies/{Uri.EscapeDataString(attribute)}/file", info, [], cancellationToken);
            }
            var quasiIdentifiers = (parse.GetValue(qi) ?? []).Select(q =>
            {
                var equals = q.IndexOf('=', StringComparison.Ordinal);
                return equals < 0 ? new { column = q.Trim(), builder = (string?)null } : new { column = q[..equals].Trim(), builder = (string?)q[(equals + 1)..].Trim() };
            }).ToList();
            var body = new
            {
                columns = Pairs(parse.GetValue(columns), "--column").Select(c =>
                {
                    var colon = c.Value.IndexOf(':', StringComparison.Ordinal);
                    return new { column = c.Key, method = colon < 0 ? c.Value : c.Value[..colon], subject = colon < 0 ? null : c.Value[(colon + 1)..] };
                }).ToList(),
                policy = parse.GetValue(policy),
                linkageProject = parse.GetValue(linkage),
                anonymisation = quasiIdentifiers.Count == 0 ? null : new
                {
                    quasiIdentifiers,
                    sensitive = Split(parse.GetValue(sensitive)),
                    k = parse.GetValue(k),
                    lDiversity = parse.GetValue(lDiversity),
                    tCloseness = parse.GetValue(tCloseness),
                    suppression = parse.GetValue(suppression),
                    metric = parse.GetValue(metric),
                },
                riskQuasiIdentifiers = Split(parse.GetValue(riskQi)),
                populationSize = parse.GetValue(population),
            };
            var job = await api.PostJsonAsync($"{prefix}/protect", body, cancellationToken);
            var finished = await api.WaitForJobAsync(job.GetProperty("id").GetGuid(), cancellationToken);
            if (finished.GetProperty("state").GetString() != "Succeeded")
            {
                throw new UserFacingException("protection failed: " + finished.GetProperty("message").GetString(), ExitCodes.BadInput);
            }
            var result = finished.GetProperty("result");
            var derived = result.GetProperty("version").GetInt32();
            Console.WriteLine($"{finished.GetProperty("message").GetString()} Content hash {result.GetProperty("contentHash").GetString()}.");
            var derivation = await api.GetAsync($"api/datasets/{datasetId}/versions/{derived}/derivation", cancellationToken);
            PrintRisk(derivation);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static int LatestVersion(JsonElement dataset)
    {
        var versions = dataset.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()).ToList();
        return versions.Count == 0 ? throw new UserFacingException("the dataset has no version yet.") : versions.Max();
    }

    private static void PrintFindings(JsonElement detection)
    {
        Console.WriteLine(detection.TryGetProperty("sampledRows", out var sampled) && sampled.ValueKind == JsonValueKind.Number
            ? $"sample of {sampled.GetInt32():N0} rows" : "every row scanned");
        foreach (var column in detection.GetProperty("columns").EnumerateArray())
        {
            var entity = column.TryGetProperty("entity", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : "-";
            var role = column.GetProperty("role").GetString();
            var method = column.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? "=" + m.GetString()
                : column.TryGetProperty("builder", out var b) && b.ValueKind == JsonValueKind.String ? "=" + b.GetString() : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{column.GetProperty("column").GetString()}: {entity} ({column.GetProperty("suggestion").GetString()}, {column.GetProperty("confidence").GetDouble():0.00}) -> {role}{method}"));
        }
    }

    private static void PrintRisk(JsonElement derivation)
    {
        foreach (var (name, label) in new[] { ("riskBefore", "before"), ("riskAfter", "after") })
        {
            if (derivation.TryGetProperty(name, out var risk) && risk.ValueKind == JsonValueKind.Object)
            {
                var prosecutor = risk.GetProperty("prosecutor");
                Console.WriteLine(string.Create(EnglishText.Culture,
                    $"risk {label}: highest {prosecutor.GetProperty("highest").GetDouble():P1}, average {prosecutor.GetProperty("average").GetDouble():P2}, {risk.GetProperty("sampleUniques").GetInt64()} sample uniques"));
            }
        }
        if (derivation.TryGetProperty("anonymisation", out var anonymisation) && anonymisation.ValueKind == JsonValueKind.Object)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"anonymisation: {string.Join(", ", anonymisation.GetProperty("quasiIdentifiers").EnumerateArray().Select(q => $"{q.GetProperty("column").GetString()}={q.GetProperty("level").GetInt32()}"))}; {anonymisation.GetProperty("suppressed").GetInt64()} suppressed, {anonymisation.GetProperty("classes").GetInt32()} classes"));
        }
    }

    private static List<string> Split(string? text) =>
        text is null ? [] : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static List<KeyValuePair<string, string>> Pairs(string[]? values, string option)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UserFacingException($"{option} '{value}': expected NAME=VALUE.", ExitCodes.Usage);
            }
            pairs.Add(new(value[..equals].Trim(), value[(equals + 1)..].Trim()));
        }
        return pairs;
    }
}
