using System.Text.Json.Serialization;

namespace Agora.Data.Profiling;

/// <summary>What the data steward declares about a table, against which validity, consistency and timeliness are
/// measured. Read from a JSON file by <c>agora profile --rules</c> (docs/profiling.md shows an example).</summary>
public sealed record QualityExpectations
{
    /// <summary>Constraints per column name.</summary>
    public IReadOnlyDictionary<string, ColumnConstraints> Columns { get; init; } = new Dictionary<string, ColumnConstraints>();

    /// <summary>Row-level rules: SQL boolean expressions over the columns (e.g. <c>end_date &gt;= start_date</c>).</summary>
    public IReadOnlyList<ConsistencyRule> Consistency { get; init; } = [];

    /// <summary>How often the data is meant to be refreshed (ISO 8601 duration such as <c>P1D</c>, or
    /// daily/weekly/monthly/quarterly/yearly).</summary>
    public string? UpdateFrequency { get; init; }

    /// <summary>When the data was last refreshed; the file's modification time when not given.</summary>
    public DateTimeOffset? LastModified { get; init; }
}

/// <summary>Declared constraints of one column. Every given constraint is checked on every non-null value.</summary>
public sealed record ColumnConstraints
{
    /// <summary>Expected type: integer, number, date, timestamp, boolean or text.</summary>
    public string? Type { get; init; }

    /// <summary>Smallest allowed value (numbers and dates, compared after casting).</summary>
    [JsonPropertyName("min")]
    public double? Minimum { get; init; }

    /// <summary>Largest allowed value.</summary>
    [JsonPropertyName("max")]
    public double? Maximum { get; init; }

    /// <summary>A regular expression (RE2 syntax) the whole value must match.</summary>
    public string? Regex { get; init; }

    /// <summary>The only allowed values.</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>Nulls are not allowed.</summary>
    public bool Required { get; init; }

    /// <summary>Values must not repeat.</summary>
    public bool Unique { get; init; }
}

/// <summary>A named row-level rule.</summary>
/// <param name="Name">Short name shown in the report.</param>
/// <param name="Rule">SQL boolean expression over column names; only columns, literals, operators and a short list of
/// functions are accepted (<see cref="SafeRuleExpression"/>).</param>
public sealed record ConsistencyRule(string Name, string Rule);
