using System.CommandLine;
using System.Text;
using System.Text.Json;
using Agora.Cli.CommandLine;
using Agora.Data.Profiling;
using Agora.Privacy.Wording;

namespace Agora.Cli.Profiling;

/// <summary><c>agora profile INPUT [--rules RULES.json] [--report REPORT.json] [--html REPORT.html]</c>.</summary>
internal static class ProfileCommand
{
    private static readonly JsonSerializerOptions RulesJson = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Command Create()
    {
        var input = new Argument<string>("INPUT") { Description = "The table to profile (CSV, Parquet, JSON Lines)." };
        var rules = new Option<string?>("--rules") { Description = "JSON file of declared constraints, consistency rules and update frequency." };
        var report = new Option<string?>("--report") { Description = "Write the profile as JSON (schema agora.profile/1)." };
        var html = new Option<string?>("--html") { Description = "Write the profile as one self-contained HTML page." };
        var command = new Command("profile", "Column statistics and quality dimensions of a table.") { input, rules, report, html };
        command.SetAction((parse, _) => CommandActions.Run(() =>
            Run(parse.GetValue(input)!, parse.GetValue(rules), parse.GetValue(report), parse.GetValue(html))));
        return command;
    }

    private static int Run(string input, string? rulesPath, string? reportPath, string? htmlPath)
    {
        var expectations = rulesPath is null ? null : ReadRules(rulesPath);
        TableProfile profile;
        try
        {
            profile = TableProfiler.ProfileFile(input, expectations, TimeProvider.System);
        }
        catch (ArgumentException e)
        {
            throw new UserFacingException($"{Path.GetFileName(rulesPath ?? input)}: {e.Message}");
        }
        if (reportPath is not null)
        {
            WriteAtomically(reportPath, ProfileJson.Serialize(profile));
        }
        if (htmlPath is not null)
        {
            WriteAtomically(htmlPath, ProfileHtmlReport.Render(profile));
        }
        var q = profile.Quality;
        Console.WriteLine(English($"{profile.Table}: {profile.Rows:N0} rows, {profile.Columns.Count} columns; quality {q.Overall:P0} ") +
            English($"(completeness {q.Completeness:P0}, validity {Show(q.Validity)}, uniqueness {q.Uniqueness:P0}, consistency {Show(q.Consistency)}, timeliness {Show(q.Timeliness)})"));
        foreach (var c in profile.Columns)
        {
            Console.WriteLine(English($"  {c.Name} ({c.Type}): {c.Count:N0} values, {c.Nulls:N0} missing, ~{c.Distinct:N0} distinct") +
                (c.Min is null ? "" : $", {c.Min} … {c.Max}"));
        }
        foreach (var f in q.Findings)
        {
            Console.WriteLine(English($"  ! {f.Dimension}: {(f.Column is null ? "" : f.Column + ": ")}{f.Check}{(f.FailingRows > 0 ? English($" ({f.FailingRows:N0} rows)") : "")}"));
        }
        return ExitCodes.Success;
    }

    private static QualityExpectations ReadRules(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserFacingException($"{path}: rules file not found.");
        }
        try
        {
            return JsonSerializer.Deserialize<QualityExpectations>(File.ReadAllText(path), RulesJson) ?? new QualityExpectations();
        }
        catch (JsonException e)
        {
            throw new UserFacingException($"{Path.GetFileName(path)}: not valid rules JSON: {e.Message}");
        }
    }

    private static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, content, new UTF8Encoding(false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static string Show(double? score) => score is { } s ? s.ToString("P0", EnglishText.Culture) : "not assessed";

    private static string English(FormattableString text) => text.ToString(EnglishText.Culture);
}
