using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Agora.Cli.CommandLine;
using Agora.Data.Ingestion;
using Agora.Data.Storage;
using Agora.Privacy.Keys;

namespace Agora.Cli.Ingestion;

/// <summary><c>agora ingest FILE --data-dir D</c>: validates a file and stores it as an encrypted version in a local store,
/// offline (no server, no metadata): it prints the version's hash, wrapped key, row count and schema as JSON.</summary>
internal static class IngestCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The CSV/TSV, JSON Lines or Parquet file to ingest." };
        var dataDir = new Option<string>("--data-dir") { Description = "Data folder; versions go to DATA-DIR/store.", DefaultValueFactory = _ => "./agora-data" };
        var keyFile = new Option<string?>("--key-file")
        {
            Description = "Master key ring file (VERSION:BASE64 lines). Default DATA-DIR/keys/master.key, created if missing.",
        };
        var inspect = new Option<bool>("--inspect") { Description = "Only inspect: print the detected format, encoding, columns, types and sample rows." };
        var planFile = new Option<string?>("--plan") { Description = "Use this plan (JSON from --inspect, edited) instead of the detected one." };
        var rename = new Option<string[]>("--rename") { Description = "Rename a column: COLUMN=NEW_NAME (COLUMN is a name or a 1-based position). Repeatable." };
        var retype = new Option<string[]>("--type") { Description = "Set a column's type: COLUMN=integer|decimal|boolean|date|timestamp|text. Repeatable." };
        var drop = new Option<string[]>("--drop") { Description = "Leave a column out. Repeatable." };
        var command = new Command("ingest", "Validate a file and store it as an immutable, encrypted Parquet version (offline).")
        {
            file, dataDir, keyFile, inspect, planFile, rename, retype, drop,
        };
        command.SetAction((parse, cancellationToken) => CommandActions.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            var data = parse.GetValue(dataDir)!;
            try
            {
                using var keyRing = LoadKeyRing(parse.GetValue(keyFile) ?? Path.Combine(data, "keys", "master.key"));
                var store = new VersionStore(Path.Combine(data, "store"), keyRing);
                if (store.AbandonedFilesRemoved > 0)
                {
                    await Console.Error.WriteLineAsync($"removed {store.AbandonedFilesRemoved} abandoned staging folder(s) of interrupted ingestions");
                }
                if (!File.Exists(path))
                {
                    throw new UserFacingException($"{path}: file not found.");
                }
                var inspection = store.Inspect(path);
                if (parse.GetValue(inspect))
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(inspection, Json));
                    return ExitCodes.Success;
                }
                var plan = parse.GetValue(planFile) is { } planPath ? ReadPlan(planPath) : inspection.Plan;
                plan = Correct(plan, parse.GetValue(rename), parse.GetValue(retype), parse.GetValue(drop));
                var version = await store.IngestAsync(path, plan, cancellationToken);
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    version.ContentHash,
                    WrappedKey = version.WrappedKey.ToString(),
                    version.RowCount,
                    version.SizeBytes,
                    version.Columns,
                    version.SourceFormat,
                    Path = Path.Combine(store.Root, version.RelativePath),
                }, Json));
                return ExitCodes.Success;
            }
            catch (IngestionException e)
            {
                throw new UserFacingException($"{Path.GetFileName(path)}: {e.Error}");
            }
            catch (KeyRingException e)
            {
                throw new UserFacingException(e.Message);
            }
        }));
        return command;
    }

    private static KeyRing LoadKeyRing(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var writer = new StreamWriter(path, options))
            {
                writer.WriteLine(KeyRing.GenerateText());
            }
            Console.Error.WriteLine($"created a new master key in {path}; keep it safe: stored versions cannot be read without it");
        }
        return KeyRing.Parse(File.ReadAllText(path));
    }

    private static IngestionPlan ReadPlan(string path)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path));
            // Accept the whole --inspect output as well as a bare plan.
            var plan = node?["plan"] ?? node;
            return IngestionPlan.FromJson(plan?.ToJsonString() ?? "null");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new UserFacingException($"{path}: not a readable ingestion plan ({e.Message}).");
        }
    }

    private static IngestionPlan Correct(IngestionPlan plan, string[]? renames, string[]? types, string[]? drops)
    {
        foreach (var (column, name) in Pairs(renames, "--rename"))
        {
            plan = plan.Rename(column, name);
        }
        foreach (var (column, typeName) in Pairs(types, "--type"))
        {
            if (!ColumnTypes.TryParse(typeName, out var type))
            {
                throw new UserFacingException($"--type {column}={typeName}: unknown type; use integer, decimal, boolean, date, timestamp or text.", ExitCodes.Usage);
            }
            plan = plan.Retype(column, type);
        }
        foreach (var column in drops ?? [])
        {
            plan = plan.DropColumn(column);
        }
        return plan;
    }

    private static IEnumerable<(string Column, string Value)> Pairs(string[]? values, string option)
    {
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UserFacingException($"{option} {value}: expected COLUMN=VALUE.", ExitCodes.Usage);
            }
            yield return (value[..equals], value[(equals + 1)..]);
        }
    }
}
