using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Agora.Data.Profiling;

namespace Agora.Platform.Profiling;

/// <summary>Reading, checking and storing a steward's declared constraints and consistency rules (the engine's
/// <see cref="QualityExpectations"/>, columns and consistency only).</summary>
public static class QualityRules
{
    public const int MaxRules = 100;

    private static readonly string[] Types = ["integer", "number", "date", "timestamp", "boolean", "text"];

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static QualityExpectations Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new QualityExpectations() : JsonSerializer.Deserialize<QualityExpectations>(json, Json) ?? new QualityExpectations();

    /// <summary>The declaration as stored: columns and consistency rules only.</summary>
    public static string Serialize(QualityExpectations rules) =>
        JsonSerializer.Serialize(new QualityExpectations { Columns = rules.Columns, Consistency = rules.Consistency }, Json);

    /// <summary>Checks a declaration against a version's columns; throws a validation error naming every column and rule
    /// that is wrong, so nothing half-valid is stored.</summary>
    public static void Validate(QualityExpectations rules, IReadOnlyCollection<string> columns)
    {
        var fields = new Dictionary<string, string[]>();
        void Add(string field, string message) => fields[field] = [.. fields.GetValueOrDefault(field, []), message];
        if (rules.Columns.Count + rules.Consistency.Count > MaxRules)
        {
            Add("rules", $"At most {MaxRules} constraints and rules.");
        }
        foreach (var (name, constraints) in rules.Columns)
        {
            var field = $"columns.{name}";
            if (!columns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                Add(field, $"'{name}' is not a column of the latest version.");
                continue;
            }
            if (constraints.Type is { } type && !Types.Contains(type.ToLowerInvariant(), StringComparer.Ordinal))
            {
                Add(field, $"Unknown type '{type}' (integer, number, date, timestamp, boolean, text).");
            }
            if (constraints.Minimum is { } min && constraints.Maximum is { } max && min > max)
            {
                Add(field, "The minimum is larger than the maximum.");
            }
            if (constraints.Regex is { } regex)
            {
                if (regex.Length > 500)
                {
                    Add(field, "A pattern has at most 500 characters.");
                }
                else
                {
                    try
                    {
                        _ = new Regex(regex, RegexOptions.None, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException)
                    {
                        Add(field, $"The pattern /{regex}/ is not a valid regular expression.");
                    }
                }
            }
            if (constraints.Allowed is { Count: > 1000 })
            {
                Add(field, "At most 1,000 allowed values.");
            }
        }
        foreach (var rule in rules.Consistency)
        {
            var field = $"consistency.{rule.Name}";
            if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 100)
            {
                Add("consistency", "Every rule needs a name of 1 to 100 characters.");
                continue;
            }
            try
            {
                SafeRuleExpression.ToSql(rule.Rule ?? "", columns);
            }
            catch (ArgumentException e)
            {
                Add(field, $"Rule '{rule.Name}': {MessageOf(e)}");
            }
        }
        if (rules.Consistency.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != rules.Consistency.Count)
        {
            Add("consistency", "Two rules have the same name.");
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The quality rules are not valid: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
    }

    /// <summary>The part of a declaration that applies to a version's columns; what cannot apply (a column that is gone, a
    /// rule naming one) is left out and noted, so a new version with a changed schema is still profiled.</summary>
    public static QualityExpectations ApplicableTo(QualityExpectations rules, IReadOnlyCollection<string> columns, List<string> notes)
    {
        var kept = new Dictionary<string, ColumnConstraints>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, constraints) in rules.Columns)
        {
            if (columns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                kept[name] = constraints;
            }
            else
            {
                notes.Add($"Constraints on '{name}' were not checked: the version has no such column.");
            }
        }
        var rulesKept = new List<ConsistencyRule>();
        foreach (var rule in rules.Consistency)
        {
            try
            {
                SafeRuleExpression.ToSql(rule.Rule, columns);
                rulesKept.Add(rule);
            }
            catch (ArgumentException e)
            {
                notes.Add($"Rule '{rule.Name}' was not checked: {MessageOf(e)}");
            }
        }
        return new QualityExpectations { Columns = kept, Consistency = rulesKept };
    }

    private static string MessageOf(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
}
