using System.CommandLine;
using Agora.Cli.Serve;

var root = new RootCommand("Agora: a national secure data exchange platform.")
{
    ServeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
