using System.CommandLine;

namespace Agora.Cli.CommandLine;

/// <summary>Builds the root command, creating only the command a run invokes: a short command such as
/// <c>agora anonymise</c> would otherwise spend a tenth of its time creating the options of every other command (and
/// loading the assemblies they touch). When the first argument names no command (<c>agora</c>, <c>agora --help</c>, a
/// typo, a response file), every command is created, so help and suggestions list them all.</summary>
internal static class CommandTree
{
    public static RootCommand Create(string description, string[] args, IReadOnlyList<(string Name, Func<Command> Create)> commands)
    {
        var root = new RootCommand(description);
        var invoked = args.Length > 0 ? commands.FirstOrDefault(c => c.Name == args[0]) : default;
        foreach (var (name, create) in invoked.Create is null ? commands : [invoked])
        {
            var command = create();
            if (command.Name != name)
            {
                throw new InvalidOperationException($"Program.cs lists '{name}' for the command named '{command.Name}'.");
            }
            root.Subcommands.Add(command);
        }
        return root;
    }
}
