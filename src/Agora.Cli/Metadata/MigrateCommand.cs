using System.CommandLine;
using Agora.Cli.CommandLine;
using Agora.Platform.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Cli.Metadata;

/// <summary><c>agora migrate</c>: creates or upgrades the metadata store in place, keeping its data.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var dataDir = DataDirectoryOption.Create();
        var provider = new Option<MetadataProvider?>("--provider") { Description = "Sqlite (default) or Postgres; overrides Agora:Metadata:Provider." };
        var connection = new Option<string?>("--connection") { Description = "Connection string; overrides Agora:Metadata:ConnectionString." };
        var command = new Command("migrate", "Create or upgrade the metadata store in place (keeps its data).") { dataDir, provider, connection };
        command.SetAction(async (parse, cancellationToken) => await CommandActions.RunAsync(async () =>
        {
            var settings = DataDirectoryOption.Settings(parse.GetValue(dataDir)).ToList();
            if (parse.GetValue(provider) is { } p)
            {
                settings.Add(new("Agora:Metadata:Provider", p.ToString()));
            }
            if (parse.GetValue(connection) is { } c)
            {
                settings.Add(new("Agora:Metadata:ConnectionString", c));
            }
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
            services.AddAgoraPlatform(configuration);
            await using var provider2 = services.BuildServiceProvider();
            await using var scope = provider2.CreateAsyncScope();
            var applied = await scope.ServiceProvider.GetRequiredService<MetadataStore>().MigrateAsync(cancellationToken);
            Console.WriteLine(applied.Count == 0 ? "The metadata store is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
