using System.CommandLine;
using Agora.Cli.Pseudonymisation;
using Agora.Cli.Serve;

// One line per command; each command lives in its feature folder.
var root = new RootCommand("Agora: a national secure data exchange platform.")
{
    ServeCommand.Create(),
    DetectCommand.Create(),
    PseudonymiseCommand.Create(),
    ReidentifyCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
