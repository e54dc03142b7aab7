using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Cli.CommandLine;

namespace Agora.Cli.Publishing;

/// <summary><c>agora publish FILE --server URL --token T</c>: uploads a file as a new version of a dataset, or as a
/// new draft dataset of an organisation, and waits for ingestion to finish.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV, TSV, JSON Lines or Parquet file." };
        var server = ServerOption.Create();
        var token = new Option<string>("--token")
        {
            Description = "A personal access token with the publish scope (or set AGORA_TOKEN).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGORA_TOKEN") ?? "",
        };
        var dataset = new Option<Guid?>("--dataset") { Description = "Add a version to this dataset (its id)." };
        var organisation = new Option<string?>("--organisation") { Description = "Create a new draft dataset in this organisation (its short name)." };
        var title = new Option<string?>("--title") { Description = "Title of the new dataset (default: the file name)." };
        var schema = new Option<FileInfo?>("--schema")
        {
            Description = "Column names and types from a Frictionless Table Schema, Data Package or CSVW metadata file (JSON).",
        };
        var command = new Command("publish", "Upload a file as a new version of a dataset.") { file, server, token, dataset, organisation, title, schema };
        command.SetAction(async (parse, cancellationToken) => await CommandActions.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UserFacingException($"{path.FullName}: file not found.");
            }
            using var api = AgoraApiClient.Connect(parse.GetValue(server)!, parse.GetValue(token), TimeSpan.FromHours(2));
            var schemaFile = parse.GetValue(schema);
            if (schemaFile is { Exists: false })
            {
                throw new UserFacingException($"{schemaFile.FullName}: file not found.");
            }
            JsonElement job;
            if (parse.GetValue(dataset) is { } datasetId && schemaFile is null)
            {
                job = await api.SendFileAsync($"api/datasets/{datasetId}/versions", path, [], cancellationToken);
            }
            else if (parse.GetValue(dataset) is { } existingId)
            {
                var organisationOfDataset = (await api.GetAsync($"api/datasets/{existingId}", cancellationToken)).GetProperty("organisationId").GetGuid();
                var upload = await api.SendFileAsync("api/uploads", path,
                    [new("organisationId", organisationOfDataset.ToString()), new("datasetId", existingId.ToString())], cancellationToken);
                var uploadId = upload.GetProperty("id").GetGuid();
                var columns = await ColumnsFromSchemaAsync(api, uploadId, schemaFile!, cancellationToken);
                job = await api.PostJsonAsync($"api/uploads/{uploadId}/confirm", new { columns }, cancellationToken);
            }
            else if (parse.GetValue(organisation) is { } slug)
            {
                var organisationId = (await api.GetAsync($"api/organisations/{Uri.EscapeDataString(slug)}", cancellationToken)).GetProperty("id").GetGuid();
                var upload = await api.SendFileAsync("api/uploads", path, [new("organisationId", organisationId.ToString())], cancellationToken);
                var uploadId = upload.GetProperty("id").GetGuid();
                var name = parse.GetValue(title) ?? Path.GetFileNameWithoutExtension(path.Name);
                var columns = schemaFile is null ? default : await ColumnsFromSchemaAsync(api, uploadId, schemaFile, cancellationToken);
                job = await api.PostJsonAsync($"api/uploads/{uploadId}/confirm",
                    new { columns = schemaFile is null ? (object)Array.Empty<object>() : columns, dataset = new { title = new Dictionary<string, string> { ["en"] = name } } },
                    cancellationToken);
            }
            else
            {
                throw new UserFacingException("Say where the file goes: --dataset ID for a new version, or --organisation NAME for a new dataset.", ExitCodes.Usage);
            }
            var finished = await api.WaitForJobAsync(job.GetProperty("id").GetGuid(), cancellationToken);
            if (finished.GetProperty("state").GetString() != "Succeeded")
            {
                throw new UserFacingException("ingestion failed: " + finished.GetProperty("message").GetString(), ExitCodes.BadInput);
            }
            var result = finished.GetProperty("result");
            Console.WriteLine($"{finished.GetProperty("message").GetString()} Dataset {result.GetProperty("datasetId").GetGuid()}, " +
                $"content hash {result.GetProperty("contentHash").GetString()}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Asks the server to read the schema against the upload; answers the column corrections to confirm with.</summary>
    private static async Task<JsonElement> ColumnsFromSchemaAsync(AgoraApiClient api, Guid uploadId, FileInfo schema, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(schema.FullName, cancellationToken);
        return (await api.PostTextAsync($"api/uploads/{uploadId}/table-schema", text, "application/json", cancellationToken)).GetProperty("columns");
    }
}
