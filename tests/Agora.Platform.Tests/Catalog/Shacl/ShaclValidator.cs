using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agora.Platform.Tests.Catalog.Shacl;

/// <summary>Runs the node SHACL validator (validate.mjs, next to this file) on data files and returns its reports.
/// The npm packages are installed by <c>scripts/test</c>; when they are missing the first use runs <c>npm ci</c>.</summary>
public static class ShaclValidator
{
    private static readonly Lazy<string> Installed = new(InstallPackages, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The folder that holds Agora.slnx, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot => Agora.Testing.RepositoryRoot.Path;

    public static string ValidatorFolder => Path.Combine(RepositoryRoot, "tests", "Agora.Platform.Tests", "Catalog", "Shacl");

    /// <summary>The shared reference files (<c>../shared/external/dcat-ap</c> next to the repository).</summary>
    public static string DcatApFolder => Path.Combine(Agora.Testing.RepositoryRoot.Shared, "external", "dcat-ap");

    /// <summary>DCAT-AP 3.0.1: the full normative shapes, the range shapes, the recommended-property shapes (warnings),
    /// the controlled-vocabulary shapes and the deprecated-URI shapes (warnings).</summary>
    public static IReadOnlyList<string> DcatAp301Shapes =>
    [
        Path.Combine(DcatApFolder, "semiceu-dcat-ap", "releases", "3.0.1", "shacl", "dcat-ap-SHACL.ttl"),
        Path.Combine(DcatApFolder, "semiceu-dcat-ap", "releases", "3.0.1", "shacl", "ranges.ttl"),
        Path.Combine(DcatApFolder, "semiceu-dcat-ap", "releases", "3.0.1", "html", "shacl", "shapes_recommended.ttl"),
        Path.Combine(DcatApFolder, "semiceu-dcat-ap", "releases", "3.0.1", "html", "shacl", "mdr-vocabularies.shape.ttl"),
        Path.Combine(DcatApFolder, "semiceu-dcat-ap", "releases", "3.0.1", "html", "shacl", "deprecateduris.ttl"),
    ];

    /// <summary>DCAT-AP-LU (Luxembourg application profile).</summary>
    public static IReadOnlyList<string> DcatApLuShapes =>
        [Path.Combine(DcatApFolder, "dcat-ap-lu", "implementation", "dcat_ap_lu", "shacl_shapes", "dcat_ap_lu_CM_shapes.ttl")];

    /// <summary>The published URL of the official DCAT-AP 3.0.1 JSON-LD context.</summary>
    public const string DcatApContextUrl = "https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld";

    /// <summary>Where the DCAT-AP-LU repository publishes its test prefix context, at the commit copied into shared/.</summary>
    public const string DcatApLuTestContextUrl =
        "https://raw.githubusercontent.com/meaningfy-ws/dcat-ap-lu/1d3ce08b965e9dd358b030e0790d43752cfc82c0/tests/test_data/context.jsonld";

    /// <summary>Remote JSON-LD contexts the validator may meet, mapped to their local copies (nothing is fetched).</summary>
    public static IReadOnlyDictionary<string, string> OfflineContexts => new Dictionary<string, string>
    {
        [DcatApContextUrl] = Path.Combine(DcatApFolder, "semiceu-dcat-ap", "releases", "3.0.1", "context", "dcat-ap.jsonld"),
        [DcatApLuTestContextUrl] = Path.Combine(DcatApFolder, "dcat-ap-lu", "tests", "test_data", "context.jsonld"),
    };

    public static ShaclReport Validate(IReadOnlyList<string> shapes, string dataFile, bool strict = false) =>
        Validate(shapes, [dataFile], strict)[0];

    /// <summary>Validates each data file on its own against the same shapes, in one node process.</summary>
    public static IReadOnlyList<ShaclReport> Validate(IReadOnlyList<string> shapes, IReadOnlyList<string> dataFiles, bool strict = false)
    {
        var folder = Installed.Value;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("validate.mjs");
        foreach (var shape in shapes)
        {
            start.ArgumentList.Add("--shapes");
            start.ArgumentList.Add(shape);
        }
        foreach (var (url, file) in OfflineContexts)
        {
            start.ArgumentList.Add("--context");
            start.ArgumentList.Add(url + "=" + file);
        }
        if (strict)
        {
            start.ArgumentList.Add("--strict");
        }
        foreach (var file in dataFiles)
        {
            start.ArgumentList.Add(file);
        }
        var (exitCode, output, error) = Run(start, TimeSpan.FromMinutes(10));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The SHACL validator failed (exit {exitCode}): {error}");
        }
        return JsonSerializer.Deserialize<ShaclOutput>(output, Json)!.Reports;
    }

    private static string InstallPackages()
    {
        var folder = ValidatorFolder;
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            var start = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                start.ArgumentList.Add(argument);
            }
            var (exitCode, _, error) = Run(start, TimeSpan.FromMinutes(10));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {folder} failed (exit {exitCode}): {error}");
            }
        }
        return folder;
    }

    private static (int ExitCode, string Output, string Error) Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} did not finish within {timeout}.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private sealed record ShaclOutput(IReadOnlyList<ShaclReport> Reports);
}

public sealed record ShaclReport(
    string File,
    bool Conforms,
    int Violations,
    int Warnings,
    int Infos,
    int Triples,
    string CanonicalSha256,
    IReadOnlyList<ShaclResult> Results)
{
    public IEnumerable<ShaclResult> OfSeverity(string severity) => Results.Where(result => result.Severity == severity);

    /// <summary>One line per result, for assertion messages.</summary>
    public string Describe(string? severity = null) => string.Join("\n", Results
        .Where(result => severity is null || result.Severity == severity)
        .Select(result => result.ToString()));
}

public sealed record ShaclResult(
    string Severity,
    string? FocusNode,
    string? Path,
    string? Value,
    string? SourceShape,
    string Constraint,
    string? Message)
{
    [JsonIgnore]
    public string ShapeName => SourceShape is null ? "" : SourceShape[(SourceShape.LastIndexOfAny(['#', '/']) + 1)..];

    public override string ToString() =>
        $"{Severity} {Constraint} on {FocusNode} {Path} = {Value} (shape {SourceShape}) {Message}";
}
