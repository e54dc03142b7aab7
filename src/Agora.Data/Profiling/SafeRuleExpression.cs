using System.Text;
using Agora.Data.Files;

namespace Agora.Data.Profiling;

/// <summary>Checks a steward's consistency rule before it reaches DuckDB. A rule is a boolean expression over the table's
/// columns; it must not read files, run subqueries or end the statement. Rather than trusting a blacklist, the rule is
/// tokenised and rebuilt from allowed tokens only: column names (re-quoted), numbers, string literals, comparison and
/// arithmetic operators, parentheses, a few keywords and a short list of scalar functions.</summary>
public static class SafeRuleExpression
{
    /// <summary>The longest rule accepted.</summary>
    public const int MaxLength = 1000;

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IS", "NULL", "IN", "BETWEEN", "LIKE", "ILIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "TRUE", "FALSE",
        "CAST", "TRY_CAST", "AS", "DATE", "INTEGER", "BIGINT", "DOUBLE", "VARCHAR", "TIMESTAMP", "BOOLEAN", "DISTINCT", "FROM",
    };

    private static readonly HashSet<string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        "lower", "upper", "length", "trim", "abs", "round", "coalesce", "year", "month", "day", "regexp_matches", "strlen",
        "substr", "substring", "date_diff", "nullif", "greatest", "least", "starts_with", "ends_with", "contains", "ln", "sqrt",
        "floor", "ceil", "isnan", "isinf", "today", "current_date",
    };

    private static readonly string[] Operators = ["<>", "!=", "<=", ">=", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ","];

    /// <summary>The rule as safe SQL, with column names quoted exactly as in <paramref name="columns"/>.</summary>
    /// <exception cref="ArgumentException">The rule uses something that is not allowed; the message says what.</exception>
    public static string ToSql(string rule, IReadOnlyCollection<string> columns)
    {
        if (string.IsNullOrWhiteSpace(rule))
        {
            throw new ArgumentException("The rule is empty.", nameof(rule));
        }
        if (rule.Length > MaxLength)
        {
            throw new ArgumentException($"The rule is longer than {MaxLength} characters.", nameof(rule));
        }
        var byName = columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var output = new StringBuilder();
        var i = 0;
        // FROM is allowed only inside substring(x FROM n); a FROM anywhere else would start a subquery.
        var depthOfSubstring = new Stack<bool>();
        while (i < rule.Length)
        {
            var c = rule[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c == '\'')
            {
                var end = i + 1;
                var literal = new StringBuilder();
                while (true)
                {
                    if (end >= rule.Length)
                    {
                        throw new ArgumentException("A string literal is not closed.", nameof(rule));
                    }
                    if (rule[end] == '\'')
                    {
                        if (end + 1 < rule.Length && rule[end + 1] == '\'')
                        {
                            literal.Append('\'');
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    literal.Append(rule[end]);
                    end++;
                }
                output.Append(DuckDbSql.Literal(literal.ToString())).Append(' ');
                i = end + 1;
                continue;
            }
            if (c == '"')
            {
                var end = rule.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new ArgumentException("A quoted column name is not closed.", nameof(rule));
                }
                var name = rule[(i + 1)..end];
                output.Append(DuckDbSql.Identifier(Column(name, byName))).Append(' ');
                i = end + 1;
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && i + 1 < rule.Length && char.IsDigit(rule[i + 1])))
            {
                var end = i;
                while (end < rule.Length && (char.IsDigit(rule[end]) || rule[end] == '.' || rule[end] == 'e' || rule[end] == 'E'))
                {
                    end++;
                }
                var number = rule[i..end];
                if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    throw new ArgumentException($"'{number}' is not a number.", nameof(rule));
                }
                output.Append(number).Append(' ');
                i = end;
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < rule.Length && (char.IsLetterOrDigit(rule[end]) || rule[end] == '_'))
                {
                    end++;
                }
                var word = rule[i..end];
                var next = end;
                while (next < rule.Length && char.IsWhiteSpace(rule[next]))
                {
                    next++;
                }
                var isCall = next < rule.Length && rule[next] == '(';
                if (isCall && Functions.Contains(word))
                {
                    output.Append(word.ToLowerInvariant());
                    depthOfSubstring.Push(word.StartsWith("substr", StringComparison.OrdinalIgnoreCase));
                    output.Append('(');
                    i = next + 1;
                    continue;
                }
                if (byName.TryGetValue(word, out var columnName))
                {
                    output.Append(DuckDbSql.Identifier(columnName)).Append(' ');
                }
                else if (Keywords.Contains(word) && !isCall)
                {
                    if (word.Equals("FROM", StringComparison.OrdinalIgnoreCase) && !(depthOfSubstring.Count > 0 && depthOfSubstring.Peek()))
                    {
                        throw new ArgumentException("FROM is not allowed in a rule (rules are checked row by row).", nameof(rule));
                    }
                    output.Append(word.ToUpperInvariant()).Append(' ');
                }
                else if (isCall && (word.Equals("CAST", StringComparison.OrdinalIgnoreCase) || word.Equals("TRY_CAST", StringComparison.OrdinalIgnoreCase)))
                {
                    output.Append(word.ToUpperInvariant());
                    depthOfSubstring.Push(false);
                    output.Append('(');
                    i = next + 1;
                    continue;
                }
                else
                {
                    throw new ArgumentException(isCall
                        ? $"The function '{word}' is not allowed in a rule; allowed: {string.Join(", ", Functions.Order(StringComparer.Ordinal))}."
                        : $"'{word}' is neither a column of the table nor an allowed keyword.", nameof(rule));
                }
                i = end;
                continue;
            }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(rule, i, o, 0, o.Length) == 0);
            if (op is null)
            {
                throw new ArgumentException($"The character '{c}' is not allowed in a rule.", nameof(rule));
            }
            if (op == "(")
            {
                depthOfSubstring.Push(false);
            }
            else if (op == ")")
            {
                if (depthOfSubstring.Count == 0)
                {
                    throw new ArgumentException("Unbalanced parentheses.", nameof(rule));
                }
                depthOfSubstring.Pop();
            }
            output.Append(op == "!=" ? "<>" : op).Append(' ');
            i += op.Length;
        }
        if (depthOfSubstring.Count != 0)
        {
            throw new ArgumentException("Unbalanced parentheses.", nameof(rule));
        }
        return output.ToString().Trim();
    }

    private static string Column(string name, Dictionary<string, string> byName) =>
        byName.TryGetValue(name, out var column) ? column : throw new ArgumentException($"'{name}' is not a column of the table.");
}
