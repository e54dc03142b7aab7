namespace Agora.Cli.CommandLine;

/// <summary>An error whose message is meant for the person at the terminal; it carries its exit code.</summary>
internal sealed class UserFacingException(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
