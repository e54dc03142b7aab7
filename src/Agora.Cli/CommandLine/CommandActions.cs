using Agora.Data.Files;

namespace Agora.Cli.CommandLine;

/// <summary>Runs a command body and turns the errors a user can fix into one clear line on stderr and an exit code.</summary>
internal static class CommandActions
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (UserFacingException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return e.ExitCode;
        }
        catch (TabularFileException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }

    public static Task<int> Run(Func<int> body) => RunAsync(() => Task.FromResult(body()));
}
