using System.CommandLine;
using Agora.Cli.Serve;
using Agora.Cli.Discovery;
using Agora.Cli.Profiling;

// One line per command; each command lives in its feature folder.
var root = new RootCommand("Agora: a national secure data exchange platform.")
{
    ServeCommand.Create(),
    DiscoverCommand.Create(),
    ProfileCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
