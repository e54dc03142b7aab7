namespace Agora.Cli.CommandLine;

/// <summary>Exit codes of every `agora` command (documented in the README).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The input, its data or the requested constraints are wrong: the message says which and why.</summary>
    public const int BadInput = 1;

    /// <summary>The command line itself is wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>A server answered with an error, or could not be reached.</summary>
    public const int Remote = 3;
}
