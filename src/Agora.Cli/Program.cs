using Agora.Cli.CommandLine;
using Agora.Cli.Anonymisation;
using Agora.Cli.Catalog;
using Agora.Cli.Audit;
using Agora.Cli.Ingestion;
using Agora.Cli.Metadata;
using Agora.Cli.Pseudonymisation;
using Agora.Cli.Publishing;
using Agora.Cli.Querying;
using Agora.Cli.Serve;
using Agora.Cli.Discovery;
using Agora.Cli.Profiling;

// One line per command: its name and the method creating it (each command lives in its feature folder). Only the
// command invoked is created; `agora --help` creates them all (CommandLine/CommandTree.cs).
var root = CommandTree.Create("Agora: a national secure data exchange platform.", args,
[
    ("serve", ServeCommand.Create),
    ("audit", AuditCommand.Create),
    ("discover", DiscoverCommand.Create),
    ("profile", ProfileCommand.Create),
    ("migrate", MigrateCommand.Create),
    ("publish", PublishCommand.Create),
    ("query", QueryCommand.Create),
    ("ingest", IngestCommand.Create),
    ("anonymise", AnonymiseCommand.Create),
    ("risk", RiskCommand.Create),
    ("detect", DetectCommand.Create),
    ("pseudonymise", PseudonymiseCommand.Create),
    ("reidentify", ReidentifyCommand.Create),
    ("protect", Agora.Cli.Protection.ProtectCommand.Create),
    ("harvest", HarvestCommand.Create),
]);
return await root.Parse(args).InvokeAsync();
