using System.CommandLine;
using System.Text.Json;
using Agora.Cli.CommandLine;

namespace Agora.Cli.Catalog;

/// <summary><c>agora harvest SOURCE --server URL --token T --organisation NAME</c>: harvests a DCAT-AP catalogue (Turtle or
/// JSON-LD; an http(s) address the server fetches, or a local file the command uploads) into an organisation's catalogue
/// and waits for the result. Harvesting the same source again updates its records.</summary>
internal static class HarvestCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "The catalogue: an http(s) address, or a .ttl / .jsonld file." };
        var server = ServerOption.Create();
        var token = new Option<string>("--token")
        {
            Description = "A personal access token of an organisation admin with the manage scope (or set AGORA_TOKEN).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGORA_TOKEN") ?? "",
        };
        var organisation = new Option<string>("--organisation") { Description = "The organisation whose catalogue receives the datasets (its short name).", Required = true };
        var command = new Command("harvest", "Harvest a DCAT-AP catalogue into an organisation's catalogue.") { source, server, token, organisation };
        command.SetAction(async (parse, cancellationToken) => await CommandActions.RunAsync(async () =>
        {
            using var api = AgoraApiClient.Connect(parse.GetValue(server)!, parse.GetValue(token), TimeSpan.FromMinutes(30));
            var where = $"api/organisations/{Uri.EscapeDataString(parse.GetValue(organisation)!)}";
            var location = parse.GetValue(source)!;
            JsonElement job;
            if (Uri.TryCreate(location, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                job = await api.PostJsonAsync(where + "/harvests", new { url = url.AbsoluteUri }, cancellationToken);
            }
            else
            {
                var file = new FileInfo(location);
                if (!file.Exists)
                {
                    throw new UserFacingException($"{file.FullName}: file not found (give a file, or an http:// or https:// address).");
                }
                job = await api.SendFileAsync(where + "/harvests/upload", file, [], cancellationToken);
            }
            var finished = await api.WaitForJobAsync(job.GetProperty("id").GetGuid(), cancellationToken);
            if (finished.GetProperty("state").GetString() != "Succeeded")
            {
                throw new UserFacingException("harvest failed: " + finished.GetProperty("message").GetString(), ExitCodes.BadInput);
            }
            Console.WriteLine(finished.GetProperty("message").GetString());
            foreach (var skipped in finished.GetProperty("result").GetProperty("skipped").EnumerateArray())
            {
                Console.WriteLine("skipped: " + skipped.GetString());
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
