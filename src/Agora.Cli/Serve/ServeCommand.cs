using Microsoft.Extensions.Hosting;
using System.CommandLine;
using Agora.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Agora.Cli.Serve;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for data and metadata.", DefaultValueFactory = _ => "./agora-data" };
        var demo = new Option<bool>("--demo") { Description = "Seed demo organisations, users and datasets (idempotent)." };
        var command = new Command("serve", "Run the Agora web server.") { urls, dataDir, demo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = AgoraWebApplication.Build([], builder => builder.WebHost.UseUrls(parse.GetValue(urls)!));
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
