using Agora.Bench;

// Each benchmark is a named entry; they print a Markdown table that the closing notes quote.
var benchmarks = BenchmarkCatalog.All;
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Agora.Bench -- NAME [options]");
    Console.Error.WriteLine("benchmarks: " + string.Join(", ", benchmarks.Keys.Order(StringComparer.Ordinal)));
    return 2;
}
return await run(args[1..]);
