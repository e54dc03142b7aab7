using System.CommandLine;
using Agora.Cli.CommandLine;
using Agora.Platform.Demo;
using Agora.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agora.Cli.Serve;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var dataDir = DataDirectoryOption.Create();
        var demo = new Option<bool>("--demo") { Description = "Seed demo organisations, users and datasets (idempotent)." };
        var noWorker = new Option<bool>("--no-worker") { Description = "Do not run jobs in this process (run `agora worker` instead)." };
        var command = new Command("serve", "Run the Agora web server (and its job worker).") { urls, dataDir, demo, noWorker };
        command.SetAction(async (parse, cancellationToken) => await CommandActions.RunAsync(async () =>
        {
            var listen = parse.GetValue(urls)!;
            var app = AgoraWebApplication.Build([], builder =>
            {
                builder.WebHost.UseUrls(listen);
                builder.Configuration.AddInMemoryCollection(DataDirectoryOption.Settings(parse.GetValue(dataDir)));
                if (parse.GetValue(noWorker))
                {
                    builder.Configuration.AddInMemoryCollection([new("Agora:Worker:Enabled", "false")]);
                }
                if (parse.GetValue(demo))
                {
                    builder.Services.AddHostedService<DemoSeedingService>();
                }
            });
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"Agora is running on {string.Join(", ", app.Urls)}");
            if (parse.GetValue(demo))
            {
                Console.WriteLine("Demo accounts (password: " + DemoSeeder.DemoPassword + "):");
                foreach (var account in DemoSeeder.Accounts)
                {
                    Console.WriteLine($"  {account.Email,-34} {account.Description}");
                }
            }
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        }));
        return command;
    }
}
