using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Agora.Cli.CommandLine;
using Agora.Data.Discovery;
using Agora.Data.Discovery.Union;
using Agora.Data.Files;
using Agora.Privacy.Wording;

namespace Agora.Cli.Discovery;

/// <summary><c>agora discover index|joinable|unionable</c>: partner discovery over a folder of files.</summary>
internal static class DiscoverCommand
{
    private static readonly HashSet<string> TableExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".csv", ".tsv", ".txt", ".parquet", ".pq", ".jsonl", ".ndjson",
    };

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create() => new("discover", "Find joinable and unionable tables in a folder of files.")
    {
        IndexCommand(),
        JoinableCommand(),
        UnionableCommand(),
    };

    private static Command IndexCommand()
    {
        var directory = new Argument<string>("DIR") { Description = "Folder of CSV, Parquet or JSON Lines files (not recursive)." };
        var output = new Option<string>("--out") { Description = "Index file to write.", Required = true };
        var maxDistinct = new Option<long>("--max-distinct")
        {
            Description = "Skip key columns with more distinct values than this.",
            DefaultValueFactory = _ => 10_000_000,
        };
        var memory = new Option<string?>("--memory-limit")
        {
            Description = "Memory DuckDB may use while sketching, for example 4GB or 512MB (default: half of the machine's); beyond it, it spills to a temporary folder.",
        };
        var command = new Command("index", "Sketch every table of a folder into an index file.") { directory, output, maxDistinct, memory };
        command.SetAction((parse, _) => CommandActions.Run(() =>
            BuildIndex(parse.GetValue(directory)!, parse.GetValue(output)!, parse.GetValue(maxDistinct), ParseMemoryLimit(parse.GetValue(memory)))));
        return command;
    }

    // "4GB", "512MB", "2G", "1.5 GiB": binary units, at least 256 MB; null: half of the machine's memory.
    private static long ParseMemoryLimit(string? text)
    {
        if (text is null)
        {
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
        }
        var trimmed = text.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("IB", "B", StringComparison.Ordinal);
        var unit = trimmed.TrimStart("0123456789.".ToCharArray());
        var shift = unit switch { "MB" or "M" => 20, "GB" or "G" => 30, "TB" or "T" => 40, _ => -1 };
        if (shift < 0 || !double.TryParse(trimmed[..^unit.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount * (1L << shift) < MinimumConnectionMemory)
        {
            throw new UserFacingException($"--memory-limit '{text}': give a size of at least 256MB, such as 512MB or 4GB.", ExitCodes.Usage);
        }
        return (long)(amount * (1L << shift));
    }

    private static int BuildIndex(string directory, string output, long maxDistinct, long memoryLimit)
    {
        if (!Directory.Exists(directory))
        {
            throw new UserFacingException($"{directory}: folder not found.");
        }
        var skippedFiles = new List<SkippedItem>();
        var skippedColumns = new List<SkippedItem>();
        var headerOnly = new List<string>();
        // The index keeps sketches only: the full hash sets would cost memory in proportion to the distinct values.
        var options = new SketchOptions(MaxDistinct: maxDistinct, KeepQueryHashes: false);
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.'))
            {
                continue;
            }
            if (TableExtensions.Contains(Path.GetExtension(file)))
            {
                files.Add(file);
            }
            else
            {
                skippedFiles.Add(new SkippedItem(name, null, $"not a table file ({Path.GetExtension(file)})"));
            }
        }
        var sketched = SketchAll(files, options, memoryLimit);
        // Added in file order, so the index and the report do not depend on which worker finished first.
        var index = new DiscoveryIndex();
        for (var i = 0; i < files.Count; i++)
        {
            var name = Path.GetFileName(files[i]);
            switch (sketched[i])
            {
                case (_, { } error):
                    skippedFiles.Add(new SkippedItem(name, null, error));
                    break;
                case ({ Query.Sketch.Rows: 0 } result, _) when result.Query.Sketch.Union.HeaderTokens.Count == 0:
                    skippedFiles.Add(new SkippedItem(name, null, "empty table (no rows, no column names)"));
                    break;
                case ({ Query.Sketch.Rows: 0 } result, _):
                    // Its column names (for a one-line CSV file, that line, which may as well be a row) still say what
                    // the table holds, so it stays a union candidate; with no values it has no join key.
                    index.Add(result.Query.Sketch);
                    headerOnly.Add(name);
                    break;
                case ({ } result, _):
                    index.Add(result.Query.Sketch);
                    skippedColumns.AddRange(result.Skipped);
                    break;
            }
        }
        index.Optimise();
        DiscoveryIndexFile.Save(index, output);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"indexed {index.TableCount} tables ({index.ColumnCount} key columns) into {output}; skipped {skippedFiles.Count} files and {skippedColumns.Count} columns"));
        foreach (var item in skippedFiles)
        {
            Console.WriteLine($"  skipped file {item.Table}: {item.Reason}");
        }
        foreach (var name in headerOnly)
        {
            Console.WriteLine($"  no rows in {name}: indexed for union search by its header line only (no join keys)");
        }
        foreach (var item in skippedColumns)
        {
            Console.WriteLine($"  skipped column {item.Table} › {item.Column}: {item.Reason}");
        }
        return ExitCodes.Success;
    }

    // The least memory one sketching connection gets (a small CSV file failed with 32 MB).
    private const long MinimumConnectionMemory = 256L << 20;

    // Small files (up to SketchOptions.CopyLimitBytes, 64 MiB): one worker per core, each with its own single-threaded
    // DuckDB connection reused from file to file (opening a database costs more than reading a small file). Large files:
    // one at a time afterwards, with every core, since two at once need far more memory for little or no gain in time.
    // All connections share a memory limit (by default half the machine's memory) and spill beyond it to a private
    // temporary folder, so a lake of large files cannot exhaust the machine. On two copies of a 636 MiB CSV file: 83 s
    // and 2.5 GB peak one after the other, against 78 s and 6.5 GB side by side (bench discover-index-large).
    private static (SketchResult? Result, string? Error)[] SketchAll(List<string> files, SketchOptions options, long budget)
    {
        var results = new (SketchResult?, string?)[files.Count];
        // Files too large to copy into memory keep all of DuckDB's own threads busy: they are sketched one at a time.
        var large = files.Select((file, i) => (file, i)).Where(f => new FileInfo(f.file).Length > options.CopyLimitBytes).Select(f => f.i).ToHashSet();
        var small = Enumerable.Range(0, files.Count).Where(i => !large.Contains(i)).ToArray();
        // DuckDB's CSV reader alone needs tens of megabytes per connection: fewer workers rather than starved ones.
        var workers = (int)Math.Clamp(Math.Min(Environment.ProcessorCount, budget / MinimumConnectionMemory), 1, Math.Max(1, small.Length));
        var spill = Directory.CreateTempSubdirectory("agora-discover-");
        try
        {
            var next = -1;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
            {
                using var connection = OpenSketchConnection(Path.Combine(spill.FullName, "w" + worker.ToString(CultureInfo.InvariantCulture)),
                    threads: 1, memoryLimit: budget / workers);
                for (var k = Interlocked.Increment(ref next); k < small.Length; k = Interlocked.Increment(ref next))
                {
                    results[small[k]] = SketchOne(connection, files[small[k]], options);
                }
            });
            if (large.Count > 0)
            {
                using var connection = OpenSketchConnection(Path.Combine(spill.FullName, "large"), threads: Environment.ProcessorCount, memoryLimit: budget);
                foreach (var i in large.Order())
                {
                    results[i] = SketchOne(connection, files[i], options);
                    // The hash sets of a file of millions of values are garbage now: give their memory back before the next.
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                }
            }
        }
        finally
        {
            spill.Delete(recursive: true);
        }
        return results;
    }

    private static (SketchResult?, string?) SketchOne(DuckDB.NET.Data.DuckDBConnection connection, string file, SketchOptions options)
    {
        try
        {
            return (TableSketcher.SketchFile(connection, file, options), null);
        }
        catch (TabularFileException e) when (e.InnerException is DuckDB.NET.Data.DuckDBException { ErrorType: DuckDB.NET.Native.DuckDBErrorType.OutOfMemory } outOfMemory)
        {
            // Not the file's fault: say so, rather than calling it malformed.
            return (null, $"not enough memory to read it within --memory-limit ({outOfMemory.Message.Split('\n')[0]})");
        }
        catch (TabularFileException e)
        {
            return (null, "malformed: " + e.Message);
        }
    }

    private static DuckDB.NET.Data.DuckDBConnection OpenSketchConnection(string spillFolder, int threads, long memoryLimit)
    {
        var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            var megabytes = Math.Max(MinimumConnectionMemory, memoryLimit) >> 20;
            command.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"SET threads = {threads}; SET memory_limit = '{megabytes}MB'; SET preserve_insertion_order = false; SET temp_directory = {DuckDbSql.Literal(spillFolder)}");
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static Command JoinableCommand()
    {
        var (index, query, top, json) = CommonOptions();
        var column = new Option<string?>("--column") { Description = "Query column to join on (default: every key column)." };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Containment that counts as joinable; weaker matches fill the list only when too few reach it.",
            DefaultValueFactory = _ => DiscoveryIndex.DefaultJoinThreshold,
        };
        var command = new Command("joinable", "Tables whose key columns contain the most of a query column's values.")
        {
            index, query, column, top, threshold, json,
        };
        command.SetAction((parse, _) => CommandActions.Run(() =>
        {
            var loaded = LoadIndex(parse.GetValue(index)!);
            var (table, skipped) = SketchQuery(parse.GetValue(query)!, forJoin: true);
            var wanted = parse.GetValue(column);
            if (wanted is not null && !table.Sketch.KeyColumns.Any(c => c.Column == wanted))
            {
                var reason = skipped.FirstOrDefault(s => s.Column == wanted)?.Reason;
                throw new UserFacingException(reason is not null
                    ? $"{table.Sketch.Id}: column '{wanted}' cannot be a join key: {reason}."
                    : $"{table.Sketch.Id}: no column '{wanted}'; columns are {string.Join(", ", table.Sketch.Columns.Select(c => c.Name))}.");
            }
            if (table.Sketch.KeyColumns.Count == 0)
            {
                throw new UserFacingException($"{table.Sketch.Id}: no column can be a join key ({string.Join("; ", skipped.Select(s => $"{s.Column}: {s.Reason}"))}).");
            }
            var threshold1 = parse.GetValue(threshold);
            if (threshold1 is <= 0 or > 1)
            {
                throw new UserFacingException("--threshold must be in (0, 1].", ExitCodes.Usage);
            }
            var matches = loaded.Joinable(table, wanted, CheckTop(parse.GetValue(top)), threshold1);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(matches.Select(m => new
                {
                    table = m.Table,
                    column = m.Column,
                    score = Math.Round(m.Containment, 4),
                    queryColumn = m.QueryColumn,
                    estimatedOverlap = m.EstimatedOverlap,
                }), Json));
                return ExitCodes.Success;
            }
            if (matches.Count == 0)
            {
                Console.WriteLine("no joinable table found");
            }
            foreach (var m in matches)
            {
                Console.WriteLine(string.Create(EnglishText.Culture,
                    $"{m.Containment,6:P0}  {m.QueryColumn} → {m.Table} › {m.Column}  (about {m.EstimatedOverlap:N0} shared values)"));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command UnionableCommand()
    {
        var (index, query, top, json) = CommonOptions();
        var command = new Command("unionable", "Tables that could be appended to a query table (same kind of rows).") { index, query, top, json };
        command.SetAction((parse, _) => CommandActions.Run(() =>
        {
            var loaded = LoadIndex(parse.GetValue(index)!);
            var (table, _) = SketchQuery(parse.GetValue(query)!, forJoin: false);
            var matches = loaded.Unionable(table, CheckTop(parse.GetValue(top)));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(matches.Select(m => new
                {
                    table = m.Table,
                    column = m.SharedColumns.Count == 0 ? null : string.Join(", ", m.SharedColumns),
                    score = Math.Round(m.Score, 4),
                    parts = new
                    {
                        words = Math.Round(m.Parts.Bag, 4),
                        columnNames = Math.Round(m.Parts.Header, 4),
                        values = Math.Round(m.Parts.Values, 4),
                        valueWords = Math.Round(m.Parts.ValueTokens, 4),
                        tableName = Math.Round(m.Parts.Name, 4),
                        nearCopy = Math.Round(m.Parts.NearCopy(UnionWeights.Default), 4),
                    },
                }), Json));
                return ExitCodes.Success;
            }
            foreach (var m in matches)
            {
                var shared = m.SharedColumns.Count == 0 ? "" : "  shares: " + string.Join(", ", m.SharedColumns);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Score,6:F3}  {m.Table}{shared}"));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static (Option<string> Index, Option<string> Query, Option<int> Top, Option<bool> Json) CommonOptions() => (
        new Option<string>("--index") { Description = "Index file written by 'agora discover index'.", Required = true },
        new Option<string>("--query") { Description = "The table to find partners for (CSV, Parquet, JSON Lines).", Required = true },
        new Option<int>("--top") { Description = "How many results.", DefaultValueFactory = _ => 10 },
        new Option<bool>("--json") { Description = "Print a JSON list of { table, column, score } best first." });

    private static int CheckTop(int top) =>
        top > 0 ? top : throw new UserFacingException("--top must be at least 1.", ExitCodes.Usage);

    private static DiscoveryIndex LoadIndex(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserFacingException($"{path}: index file not found; build it with 'agora discover index DIR --out {path}'.");
        }
        try
        {
            return DiscoveryIndexFile.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new UserFacingException(e.Message);
        }
    }

    private static (QueryTable Table, IReadOnlyList<SkippedItem> Skipped) SketchQuery(string path, bool forJoin)
    {
        var result = TableSketcher.SketchFile(path);
        // A join needs the query's values; a union search can go by the header (or a one-line file's only line).
        if (result.Query.Sketch.Rows == 0 && (forJoin || result.Query.Sketch.Union.HeaderTokens.Count == 0))
        {
            throw new UserFacingException($"{Path.GetFileName(path)}: the query table has no rows.");
        }
        return (result.Query, result.Skipped);
    }
}
