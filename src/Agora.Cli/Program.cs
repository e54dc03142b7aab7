using System.CommandLine;
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

Agora.Cli.Diagnostics.PhaseClock.Mark("main");
// One line per command; each command lives in its feature folder.
var root = new RootCommand("Agora: a national secure data exchange platform.")
{
    ServeCommand.Create(),
    AuditCommand.Create(),
    DiscoverCommand.Create(),
    ProfileCommand.Create(),
    MigrateCommand.Create(),
    PublishCommand.Create(),
    QueryCommand.Create(),
    IngestCommand.Create(),
    AnonymiseCommand.Create(),
    RiskCommand.Create(),
    DetectCommand.Create(),
    PseudonymiseCommand.Create(),
    ReidentifyCommand.Create(),
    Agora.Cli.Protection.ProtectCommand.Create(),
    HarvestCommand.Create(),
};
Agora.Cli.Diagnostics.PhaseClock.Mark("commands built");
var parsed = root.Parse(args);
Agora.Cli.Diagnostics.PhaseClock.Mark("parsed");
var rc = await parsed.InvokeAsync();
Agora.Cli.Diagnostics.PhaseClock.Mark("end");
return rc;
