using System.CommandLine;
using System.Globalization;
using Agora.Cli.CommandLine;
using Agora.Data.Anonymisation;
using Agora.Data.Files;
using Agora.Privacy.Anonymisation;
using Agora.Privacy.Risk;

namespace Agora.Cli.Anonymisation;

/// <summary><c>agora anonymise</c>: finds the optimal generalisation of a file's quasi-identifiers under the requested
/// privacy models and writes the anonymised file and a JSON report.</summary>
internal static class AnonymiseCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "CSV (separator detected, header row) or Parquet file." };
        var output = new Option<string>("--out") { Description = "Output file (.csv or .parquet).", Required = true };
        var qi = new Option<string>("--qi") { Description = "Quasi-identifiers, comma-separated.", Required = true };
        var sensitive = new Option<string?>("--sensitive") { Description = "Sensitive attribute(s) for ℓ-diversity and t-closeness, comma-separated." };
        var hierarchy = new Option<string[]>("--hierarchy") { Description = "ATTR=FILE: a hierarchy in ARX's CSV format (;-separated, column 0 the value).", Arity = ArgumentArity.ZeroOrMore };
        var builder = new Option<string[]>("--builder") { Description = "ATTR=SPEC: build a hierarchy: interval:5,10,20[,bottom=18,top=90] | date[:month,year,decade] | mask[:N] | group:2,4 | suppress.", Arity = ArgumentArity.ZeroOrMore };
        var k = new Option<int>("--k") { Description = "k of k-anonymity.", Required = true };
        var lDiversity = new Option<string?>("--l-diversity") { Description = "distinct:L | entropy:L | recursive:C:L." };
        var tCloseness = new Option<string?>("--t-closeness") { Description = "T[:equal|hierarchical|ordered] (hierarchical needs --hierarchy for the sensitive attribute)." };
        var averageRisk = new Option<double?>("--average-risk") { Description = "Largest average re-identification risk allowed (e.g. 0.05)." };
        var sampleUniqueness = new Option<double?>("--sample-uniqueness") { Description = "Largest share of sample uniques allowed." };
        var populationUniqueness = new Option<double?>("--population-uniqueness") { Description = "Largest estimated share of population uniques allowed (needs --population)." };
        var population = new Option<long?>("--population") { Description = "Size of the population the data were drawn from (population-based risk)." };
        var suppression = new Option<double>("--suppression") { Description = "Largest share of records that may be suppressed (default 0).", DefaultValueFactory = _ => 0 };
        var metric = new Option<string>("--metric") { Description = "loss | dm | dmstar | aecs | precision | height | entropy (default loss).", DefaultValueFactory = _ => "loss" };
        var report = new Option<string?>("--report") { Description = "Write a JSON report here." };
        var microaggregate = new Option<string[]>("--microaggregate") { Description = "ATTR=mean|median: replace a numeric attribute by its class mean or median.", Arity = ArgumentArity.ZeroOrMore };
        var topBottom = new Option<string[]>("--top-bottom") { Description = "ATTR=LOW:HIGH: top/bottom code a numeric attribute (either side may be empty).", Arity = ArgumentArity.ZeroOrMore };
        var search = new Option<string>("--search") { Description = "auto | optimal | best-effort (default auto: optimal up to 4M transformations).", DefaultValueFactory = _ => "auto" };
        var steps = new Option<int?>("--steps") { Description = "Best-effort search: most transformations to evaluate (default 5000)." };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Best-effort search: seconds to search (default 60)." };
        var saveHierarchies = new Option<string?>("--save-hierarchies") { Description = "Folder to save every hierarchy used (ARX format), to reuse on the next version." };
        var command = new Command("anonymise", "Anonymise a file: generalise quasi-identifiers and suppress records until the privacy models hold.")
        {
            input, output, qi, sensitive, hierarchy, builder, k, lDiversity, tCloseness, averageRisk, sampleUniqueness,
            populationUniqueness, population, suppression, metric, report, microaggregate, topBottom, search, steps, timeLimit, saveHierarchies,
        };
        command.SetAction((parse, cancellationToken) => CommandActions.RunAsync(() => Task.FromResult(RunReportingEngineErrors(new Options
        {
            Input = parse.GetValue(input)!,
            Output = parse.GetValue(output)!,
            QuasiIdentifiers = SplitList(parse.GetValue(qi)),
            Sensitive = SplitList(parse.GetValue(sensitive)),
            Hierarchies = Pairs(parse.GetValue(hierarchy), "--hierarchy"),
            Builders = Pairs(parse.GetValue(builder), "--builder"),
            K = parse.GetValue(k),
            LDiversity = parse.GetValue(lDiversity),
            TCloseness = parse.GetValue(tCloseness),
            AverageRisk = parse.GetValue(averageRisk),
            SampleUniqueness = parse.GetValue(sampleUniqueness),
            PopulationUniqueness = parse.GetValue(populationUniqueness),
            Population = parse.GetValue(population),
            Suppression = parse.GetValue(suppression),
            Metric = parse.GetValue(metric)!,
            Report = parse.GetValue(report),
            Microaggregate = Pairs(parse.GetValue(microaggregate), "--microaggregate"),
            TopBottom = Pairs(parse.GetValue(topBottom), "--top-bottom"),
            Search = parse.GetValue(search)!,
            Steps = parse.GetValue(steps),
            TimeLimit = parse.GetValue(timeLimit),
            SaveHierarchies = parse.GetValue(saveHierarchies),
        }, cancellationToken))));
        return command;
    }

    private sealed class Options
    {
        public required string Input { get; init; }
        public required string Output { get; init; }
        public required IReadOnlyList<string> QuasiIdentifiers { get; init; }
        public required IReadOnlyList<string> Sensitive { get; init; }
        public required IReadOnlyList<(string Attribute, string Value)> Hierarchies { get; init; }
        public required IReadOnlyList<(string Attribute, string Value)> Builders { get; init; }
        public int K { get; init; }
        public string? LDiversity { get; init; }
        public string? TCloseness { get; init; }
        public double? AverageRisk { get; init; }
        public double? SampleUniqueness { get; init; }
        public double? PopulationUniqueness { get; init; }
        public long? Population { get; init; }
        public double Suppression { get; init; }
        public required string Metric { get; init; }
        public string? Report { get; init; }
        public required IReadOnlyList<(string Attribute, string Value)> Microaggregate { get; init; }
        public required IReadOnlyList<(string Attribute, string Value)> TopBottom { get; init; }
        public required string Search { get; init; }
        public int? Steps { get; init; }
        public double? TimeLimit { get; init; }
        public string? SaveHierarchies { get; init; }
    }

    // The engine's own exceptions carry messages meant for the user (a value missing from a hierarchy, constraints no
    // transformation can meet): show them as one line, like every other bad input.
    private static int RunReportingEngineErrors(Options options, CancellationToken cancellationToken)
    {
        try
        {
            return Run(options, cancellationToken);
        }
        catch (Exception e) when (e is HierarchyException or AnonymisationException)
        {
            throw new UserFacingException(e.Message);
        }
    }

    private static int Run(Options options, CancellationToken cancellationToken)
    {
        var progress = new TerminalProgress();
        var metric = ParseMetric(options.Metric);
        var strategy = options.Search.ToLowerInvariant() switch
        {
            "auto" => SearchStrategy.Auto,
            "optimal" => SearchStrategy.Optimal,
            "best-effort" or "besteffort" => SearchStrategy.BestEffort,
            _ => throw new UserFacingException($"--search: unknown strategy '{options.Search}'; use auto, optimal or best-effort."),
        };
        if (!(options.Suppression >= 0 && options.Suppression <= 1))
        {
            throw new UserFacingException("--suppression must be a share between 0 and 1 (e.g. 0.04 for 4 %).");
        }
        if (options.K < 1)
        {
            throw new UserFacingException("--k must be at least 1.");
        }
        if (options.QuasiIdentifiers.Count == 0)
        {
            throw new UserFacingException("--qi: name at least one quasi-identifier.");
        }
        if (options.Population is { } size && size < 1)
        {
            throw new UserFacingException("--population must be positive.");
        }
        TabularFile.FormatOf(options.Output);

        progress.Phase($"reading {Path.GetFileName(options.Input)}");
        using var table = AnonymisationTable.Load(options.Input);
        if (options.Population is { } populationSize && populationSize < table.RowCount)
        {
            throw new UserFacingException($"--population {populationSize} is smaller than the file's {table.RowCount} rows.");
        }
        var microaggregated = options.Microaggregate.Select(m => m.Attribute).ToList();
        var wanted = options.QuasiIdentifiers.Concat(options.Sensitive).Concat(microaggregated).ToList();
        var duplicate = wanted.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new UserFacingException($"attribute '{duplicate.Key}' is named twice (a quasi-identifier, sensitive or microaggregated attribute is only one of those).");
        }
        foreach (var (attribute, _) in options.TopBottom)
        {
            if (!options.QuasiIdentifiers.Contains(attribute))
            {
                throw new UserFacingException($"--top-bottom {attribute}: top/bottom coding applies to quasi-identifiers only.");
            }
        }
        foreach (var (attribute, _) in options.Hierarchies.Concat(options.Builders))
        {
            if (!options.QuasiIdentifiers.Contains(attribute) && !options.Sensitive.Contains(attribute))
            {
                throw new UserFacingException($"a hierarchy, builder or top/bottom code is given for '{attribute}', which is not a quasi-identifier or sensitive attribute.");
            }
        }
        var columns = table.ReadEncoded(wanted).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var recoded = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (attribute, range) in options.TopBottom)
        {
            var (low, high) = ParseRange(attribute, range);
            columns[attribute] = TopBottomCoding.Apply(columns[attribute], low, high, out var remap);
            recoded[attribute] = remap;
        }

        var hierarchies = new Dictionary<string, GeneralisationHierarchy>(StringComparer.Ordinal);
        foreach (var attribute in options.QuasiIdentifiers.Concat(options.Sensitive))
        {
            var file = options.Hierarchies.Where(h => h.Attribute == attribute).Select(h => h.Value).ToList();
            var spec = options.Builders.Where(b => b.Attribute == attribute).Select(b => b.Value).ToList();
            if (file.Count + spec.Count > 1)
            {
                throw new UserFacingException($"'{attribute}' has more than one hierarchy or builder.");
            }
            if (file.Count == 1)
            {
                if (!File.Exists(file[0]))
                {
                    throw new UserFacingException($"--hierarchy {attribute}: file '{file[0]}' not found.");
                }
                hierarchies[attribute] = HierarchyCsv.Parse(attribute, File.ReadAllText(file[0]));
            }
            else if (spec.Count == 1)
            {
                var column = columns[attribute];
                var used = new bool[column.Dictionary.Count];
                foreach (var code in column.Codes)
                {
                    used[code] = true;
                }
                hierarchies[attribute] = HierarchyBuilderSpec.Parse(spec[0]).Build(attribute, column.Dictionary.Where((_, code) => used[code]));
            }
            else if (options.QuasiIdentifiers.Contains(attribute))
            {
                throw new UserFacingException($"no hierarchy for quasi-identifier '{attribute}': give --hierarchy {attribute}=FILE or --builder {attribute}=SPEC.");
            }
        }

        var models = new List<PrivacyModel> { new KAnonymity(options.K) };
        if (options.LDiversity is { } l)
        {
            RequireSensitive(options, "--l-diversity");
            models.AddRange(options.Sensitive.Select(s => ParseLDiversity(s, l)));
        }
        if (options.TCloseness is { } t)
        {
            RequireSensitive(options, "--t-closeness");
            models.AddRange(options.Sensitive.Select(s => ParseTCloseness(s, t, hierarchies.GetValueOrDefault(s))));
        }
        if (options.AverageRisk is { } risk)
        {
            models.Add(Guard(() => new AverageRiskThreshold(risk), "--average-risk must be in (0, 1]."));
        }
        if (options.SampleUniqueness is { } sample)
        {
            models.Add(Guard(() => new SampleUniquenessThreshold(sample), "--sample-uniqueness must be in [0, 1]."));
        }
        if (options.PopulationUniqueness is { } populationShare)
        {
            var populationSize2 = options.Population ?? throw new UserFacingException("--population-uniqueness needs --population.");
            models.Add(Guard(() => new PopulationUniquenessThreshold(populationShare, populationSize2), "--population-uniqueness must be in [0, 1]."));
        }
        var microaggregation = options.Microaggregate.Select(m => new MicroaggregatedAttribute(columns[m.Attribute], m.Value.ToLowerInvariant() switch
        {
            "mean" => MicroaggregationFunction.Mean,
            "median" => MicroaggregationFunction.Median,
            _ => throw new UserFacingException($"--microaggregate {m.Attribute}: unknown function '{m.Value}'; use mean or median."),
        })).ToList();

        var request = new AnonymisationRequest
        {
            QuasiIdentifiers = [.. options.QuasiIdentifiers.Select(name => new QuasiIdentifier(columns[name], hierarchies[name]))],
            SensitiveAttributes = [.. options.Sensitive.Select(name => columns[name])],
            Models = models,
            SuppressionLimit = options.Suppression,
            Metric = metric,
            Search = strategy,
            StepLimit = options.Steps,
            TimeLimit = options.TimeLimit is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Microaggregation = microaggregation,
            PopulationSize = options.Population,
            Progress = progress,
        };
        progress.Phase("searching");
        var result = Anonymiser.Run(request, cancellationToken);
        progress.Phase($"writing {Path.GetFileName(options.Output)}");
        var json = options.Report is null ? null : AnonymisationReport.Anonymisation(options.Input, options.Output, table.RowCount, request, result);
        table.WriteAnonymised(result, options.Output, recoded);
        try
        {
            if (options.Report is { } reportPath)
            {
                AnonymisationReport.WriteAtomically(reportPath, json!);
            }
            if (options.SaveHierarchies is { } folder)
            {
                Directory.CreateDirectory(folder);
                foreach (var (attribute, built) in hierarchies)
                {
                    AnonymisationReport.WriteAtomically(Path.Combine(folder, $"{SafeFileName(attribute)}.csv"), HierarchyCsv.Format(built));
                }
            }
        }
        catch
        {
            File.Delete(options.Output);
            throw;
        }
        progress.Done();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"anonymised {table.RowCount} rows: {string.Join(", ", result.Transformation.Select(t => $"{t.Key}={t.Value}"))}; {result.Suppressed} suppressed, {result.Classes} classes (min {result.MinClassSize}), {AnonymisationReport.MetricName(result.Metric)} {result.Score:0.######}, {result.Checked} of {result.LatticeSize} transformations checked{(result.Optimal ? "" : " (best effort)")}"));
        Console.Out.WriteLine($"wrote {options.Output}" + (options.Report is null ? "" : $" and {options.Report}"));
        return ExitCodes.Success;
    }

    internal static QualityMetric ParseMetric(string text) => text.ToLowerInvariant() switch
    {
        "loss" => QualityMetric.Loss,
        "dm" => QualityMetric.Discernibility,
        "dmstar" or "dm*" => QualityMetric.DiscernibilityStar,
        "aecs" => QualityMetric.AverageClassSize,
        "precision" => QualityMetric.Precision,
        "height" => QualityMetric.Height,
        "entropy" => QualityMetric.NonUniformEntropy,
        _ => throw new UserFacingException($"--metric: unknown metric '{text}'; use loss, dm, dmstar, aecs, precision, height or entropy."),
    };

    private static PrivacyModel ParseLDiversity(string attribute, string text)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        try
        {
            return parts[0].ToLowerInvariant() switch
            {
                "distinct" when parts.Length == 2 => new DistinctLDiversity(attribute, int.Parse(parts[1], CultureInfo.InvariantCulture)),
                "entropy" when parts.Length == 2 => new EntropyLDiversity(attribute, double.Parse(parts[1], CultureInfo.InvariantCulture)),
                "recursive" when parts.Length == 3 => new RecursiveCLDiversity(attribute,
                    double.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)),
                _ => throw new FormatException(),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new UserFacingException($"--l-diversity '{text}': expected distinct:L, entropy:L or recursive:C:L (e.g. recursive:3:2, L ≥ 2 for recursive).");
        }
    }

    private static TCloseness ParseTCloseness(string attribute, string text, GeneralisationHierarchy? hierarchy)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !(t >= 0 && t <= 1) || parts.Length > 2)
        {
            throw new UserFacingException($"--t-closeness '{text}': expected T[:equal|hierarchical|ordered] with T between 0 and 1.");
        }
        var distance = parts.Length == 1 ? GroundDistance.Equal : parts[1].ToLowerInvariant() switch
        {
            "equal" => GroundDistance.Equal,
            "hierarchical" => GroundDistance.Hierarchical,
            "ordered" => GroundDistance.Ordered,
            _ => throw new UserFacingException($"--t-closeness '{text}': unknown distance '{parts[1]}'; use equal, hierarchical or ordered."),
        };
        if (distance == GroundDistance.Hierarchical && hierarchy is null)
        {
            throw new UserFacingException($"--t-closeness {text}: hierarchical distance needs a hierarchy for '{attribute}' (--hierarchy {attribute}=FILE or --builder).");
        }
        return new TCloseness(attribute, t, distance, hierarchy);
    }

    private static void RequireSensitive(Options options, string option)
    {
        if (options.Sensitive.Count == 0)
        {
            throw new UserFacingException($"{option} needs --sensitive ATTRIBUTE.");
        }
    }

    private static T Guard<T>(Func<T> create, string message)
    {
        try
        {
            return create();
        }
        catch (ArgumentException)
        {
            throw new UserFacingException(message);
        }
    }

    private static (double? Low, double? High) ParseRange(string attribute, string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new UserFacingException($"--top-bottom {attribute}={text}: expected LOW:HIGH (e.g. 18:90, or :90 for top coding only).");
        }
        double? Part(string part) => part.Length == 0 ? null
            : double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
            : throw new UserFacingException($"--top-bottom {attribute}={text}: '{part}' is not a number.");
        return (Part(text[..colon].Trim()), Part(text[(colon + 1)..].Trim()));
    }

    internal static IReadOnlyList<string> SplitList(string? text) =>
        text is null ? [] : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static List<(string Attribute, string Value)> Pairs(string[]? values, string option)
    {
        var pairs = new List<(string, string)>();
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UserFacingException($"{option} '{value}': expected ATTRIBUTE=VALUE.");
            }
            pairs.Add((value[..equals].Trim(), value[(equals + 1)..].Trim()));
        }
        return pairs;
    }

    private static string SafeFileName(string name) =>
        string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == ' ' ? '_' : c));
}
