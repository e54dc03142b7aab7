using System.Globalization;
using System.Xml;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Data.Profiling;

/// <summary>The quality dimensions of a table (docs/profiling.md defines them). Declared constraints and rules are all
/// checked in one scan; duplicate rows take one grouped query.</summary>
public static class QualityAssessment
{
    /// <summary>Assesses the relation <paramref name="from"/> (already quoted) whose column profiles are given.</summary>
    /// <exception cref="ArgumentException">A constraint or rule names a missing column, uses a disallowed construct or an
    /// invalid regular expression; the message says which.</exception>
    public static QualityReport Assess(DuckDBConnection connection, string from, long rows, IReadOnlyList<ColumnProfile> columns,
        QualityExpectations expectations, TimeProvider time)
    {
        var names = columns.Select(c => c.Name).ToList();
        var findings = new List<QualityFinding>();
        var cells = rows * Math.Max(1, columns.Count);
        var nulls = columns.Sum(c => c.Nulls);
        var completeness = cells == 0 ? 1 : 1 - (nulls / (double)cells);
        foreach (var column in columns.Where(c => c.Nulls > 0))
        {
            findings.Add(new QualityFinding("completeness", column.Name, "missing values", column.Nulls));
        }

        // Validity and consistency checks become FILTER aggregates of one scan.
        var checks = new List<(string Dimension, string? Column, string Check, string FailsWhen, long Checked)>();
        foreach (var (declared, constraints) in expectations.Columns)
        {
            var column = columns.FirstOrDefault(c => c.Name.Equals(declared, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Constraint on '{declared}': the table has no such column (columns: {string.Join(", ", names)}).");
            var c = DuckDbSql.Identifier(column.Name);
            var text = $"CAST({c} AS VARCHAR)";
            if (constraints.Type is { } type)
            {
                var target = type.ToLowerInvariant() switch
                {
                    "integer" => "BIGINT",
                    "number" => "DOUBLE",
                    "date" => "DATE",
                    "timestamp" => "TIMESTAMP",
                    "boolean" => "BOOLEAN",
                    "text" => null,
                    _ => throw new ArgumentException($"Constraint on '{declared}': unknown type '{type}' (integer, number, date, timestamp, boolean, text)."),
                };
                if (target is not null)
                {
                    checks.Add(("validity", column.Name, $"type {type}", $"{c} IS NOT NULL AND TRY_CAST({text} AS {target}) IS NULL", column.Count));
                }
            }
            if (constraints.Minimum is { } min)
            {
                checks.Add(("validity", column.Name, $"min {DuckDbSql.Number(min)}", $"TRY_CAST({text} AS DOUBLE) < {DuckDbSql.Number(min)}", column.Count));
            }
            if (constraints.Maximum is { } max)
            {
                checks.Add(("validity", column.Name, $"max {DuckDbSql.Number(max)}", $"TRY_CAST({text} AS DOUBLE) > {DuckDbSql.Number(max)}", column.Count));
            }
            if (constraints.Regex is { } regex)
            {
                checks.Add(("validity", column.Name, $"matches /{regex}/", $"{c} IS NOT NULL AND NOT regexp_full_match({text}, {DuckDbSql.Literal(regex)})", column.Count));
            }
            if (constraints.Allowed is { Count: > 0 } allowed)
            {
                var list = string.Join(", ", allowed.Select(DuckDbSql.Literal));
                checks.Add(("validity", column.Name, $"one of {string.Join(", ", allowed.Take(5))}{(allowed.Count > 5 ? ", …" : "")}", $"{c} IS NOT NULL AND {text} NOT IN ({list})", column.Count));
            }
            if (constraints.Required)
            {
                checks.Add(("validity", column.Name, "required", $"{c} IS NULL", rows));
            }
        }
        var ruleSql = new List<string>();
        foreach (var rule in expectations.Consistency)
        {
            string sql;
            try
            {
                sql = SafeRuleExpression.ToSql(rule.Rule, names);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Consistency rule '{rule.Name}': {e.Message}", e);
            }
            // CHECK-constraint semantics: a row fails only when the rule is false (unknown passes).
            checks.Add(("consistency", null, $"{rule.Name}: {rule.Rule}", $"({sql}) = false", rows));
            ruleSql.Add(sql);
        }
        var failing = new long[checks.Count];
        long rowsFailingRules = 0;
        if (checks.Count > 0)
        {
            var aggregates = checks.Select(check => $"count(*) FILTER (WHERE {check.FailsWhen})").ToList();
            aggregates.Add(ruleSql.Count == 0 ? "0" : $"count(*) FILTER (WHERE {string.Join(" OR ", ruleSql.Select(r => $"({r}) = false"))})");
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {string.Join(", ", aggregates)} FROM {from}";
                using var reader = command.ExecuteReader();
                reader.Read();
                for (var i = 0; i < checks.Count; i++)
                {
                    failing[i] = reader.GetInt64(i);
                }
                rowsFailingRules = Convert.ToInt64(reader.GetValue(checks.Count), CultureInfo.InvariantCulture);
            }
            catch (DuckDBException e)
            {
                throw new ArgumentException($"A declared constraint or rule cannot be checked: {e.Message.Split('\n')[0]}", e);
            }
        }
        double? validity = null;
        var validityChecks = Enumerable.Range(0, checks.Count).Where(i => checks[i].Dimension == "validity").ToList();
        if (validityChecks.Count > 0)
        {
            var checkedCells = validityChecks.Sum(i => checks[i].Checked);
            var failedCells = validityChecks.Sum(i => failing[i]);
            validity = checkedCells == 0 ? 1 : 1 - (failedCells / (double)checkedCells);
        }
        double? consistency = ruleSql.Count == 0 ? null : rows == 0 ? 1 : 1 - (rowsFailingRules / (double)rows);
        for (var i = 0; i < checks.Count; i++)
        {
            if (failing[i] > 0)
            {
                findings.Add(new QualityFinding(checks[i].Dimension, checks[i].Column, checks[i].Check, failing[i]));
            }
        }

        var duplicateRows = DuplicateRows(connection, from, names);
        var uniqueness = rows == 0 ? 1 : 1 - (duplicateRows / (double)rows);
        if (duplicateRows > 0)
        {
            findings.Add(new QualityFinding("uniqueness", null, "rows identical to an earlier row", duplicateRows));
        }
        foreach (var (declared, constraints) in expectations.Columns.Where(c => c.Value.Unique))
        {
            var column = columns.First(c => c.Name.Equals(declared, StringComparison.OrdinalIgnoreCase));
            var c = DuckDbSql.Identifier(column.Name);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count({c}) - count(DISTINCT {c}) FROM {from}";
            var repeated = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (repeated > 0)
            {
                findings.Add(new QualityFinding("uniqueness", column.Name, "unique key", repeated));
            }
            uniqueness = Math.Min(uniqueness, column.Count == 0 ? 1 : 1 - (repeated / (double)column.Count));
        }

        var timeliness = Timeliness(expectations, time, findings);
        var assessed = new[] { completeness, validity, uniqueness, consistency, timeliness }.Where(d => d is not null).Select(d => d!.Value).ToList();
        return new QualityReport(completeness, validity, uniqueness, consistency, timeliness, assessed.Average(), duplicateRows, findings);
    }

    /// <summary>Parses an update frequency: an ISO 8601 duration (P1D, PT6H, P1M) or a word.</summary>
    /// <exception cref="ArgumentException">Neither form.</exception>
    public static TimeSpan ParseFrequency(string frequency)
    {
        switch (frequency.Trim().ToLowerInvariant())
        {
            case "hourly": return TimeSpan.FromHours(1);
            case "daily": return TimeSpan.FromDays(1);
            case "weekly": return TimeSpan.FromDays(7);
            case "monthly": return TimeSpan.FromDays(31);
            case "quarterly": return TimeSpan.FromDays(92);
            case "yearly" or "annual" or "annually": return TimeSpan.FromDays(366);
        }
        try
        {
            return XmlConvert.ToTimeSpan(frequency.Trim());
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Update frequency '{frequency}' is neither an ISO 8601 duration (P1D, PT6H) nor hourly/daily/weekly/monthly/quarterly/yearly.", e);
        }
    }

    private static double? Timeliness(QualityExpectations expectations, TimeProvider time, List<QualityFinding> findings)
    {
        if (expectations.UpdateFrequency is null || expectations.LastModified is null)
        {
            return null;
        }
        var frequency = ParseFrequency(expectations.UpdateFrequency);
        if (frequency <= TimeSpan.Zero)
        {
            throw new ArgumentException("The update frequency must be positive.");
        }
        var age = time.GetUtcNow() - expectations.LastModified.Value;
        if (age <= frequency)
        {
            return 1;
        }
        findings.Add(new QualityFinding("timeliness", null,
            $"last updated {TimeInWords.Age(age, frequency).EnglishAgo()}; expected {TimeInWords.Period(frequency).EnglishEvery()}", 0));
        return TimelinessOf(age, frequency);
    }

    /// <summary>The timeliness score of data of age <paramref name="age"/> meant to be refreshed every
    /// <paramref name="frequency"/>: 1 up to one period, then falling linearly to 0 at two periods (docs/profiling.md).
    /// Pages recompute it at view time, because a stored profile's timeliness goes stale as days pass.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The frequency is not positive.</exception>
    public static double TimelinessOf(TimeSpan age, TimeSpan frequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(frequency, TimeSpan.Zero);
        return age <= frequency ? 1 : Math.Max(0, 1 - ((age - frequency) / frequency));
    }

    private static long DuplicateRows(DuckDBConnection connection, string from, IReadOnlyList<string> columns)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT CAST(coalesce(sum(n - 1), 0) AS BIGINT) FROM (SELECT count(*) AS n FROM {from} GROUP BY {DuckDbSql.IdentifierList(columns)} HAVING count(*) > 1)";
        try
        {
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (DuckDBException)
        {
            // Some column types cannot be grouped (maps, some nested values); duplicates are then not counted.
            return 0;
        }
    }
}
