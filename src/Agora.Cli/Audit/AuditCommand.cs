using System.CommandLine;
using Agora.Cli.CommandLine;
using Agora.Platform.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Cli.Audit;

/// <summary><c>agora audit verify [--data-dir D]</c>: checks the whole audit log and names the first bad entry.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var dataDir = DataDirectoryOption.Create();
        var verify = new Command("verify", "Check every entry, the hash chain and the signed checkpoints; exit 1 naming the first bad entry.") { dataDir };
        verify.SetAction(async (parse, cancellationToken) => await CommandActions.RunAsync(async () =>
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables()
                .AddInMemoryCollection(DataDirectoryOption.Settings(parse.GetValue(dataDir))).Build();
            var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
            services.AddAgoraPlatform(configuration);
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(cancellationToken);
            if (result.Valid)
            {
                Console.WriteLine($"The audit log is intact: {result.Entries} entries, {result.Checkpoints} signed checkpoints.");
                return ExitCodes.Success;
            }
            Console.Error.WriteLine($"The audit log is broken at entry {result.FirstBadSequence}: {result.Problem}.");
            return ExitCodes.BadInput;
        }));
        return new Command("audit", "Work with the audit log.") { verify };
    }
}
