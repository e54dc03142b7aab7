using System.Globalization;
using System.Text;

namespace Agora.Privacy.Anonymisation;

/// <summary>
/// Builds hierarchies from the values an attribute takes, so a controller need not write one by hand: numeric
/// intervals, date truncation, masking from the right, and grouping of categories. Each builder returns a consistent
/// hierarchy whose last level is <c>*</c>; save it with <see cref="HierarchyCsv.Format"/> to reuse it.
/// </summary>
public static class HierarchyBuilders
{
    /// <summary>The label of the most general level.</summary>
    public const string Suppressed = "*";

    /// <summary>Numeric intervals: level i puts a value into the interval of width <c>widths[i-1]</c> that contains it
    /// (intervals start at multiples of the width). Each width must be a multiple of the one before, so intervals nest.
    /// Values below <paramref name="bottom"/> or at or above <paramref name="top"/> are top/bottom coded at every level
    /// above 0 (labels <c>&lt;bottom</c> and <c>&gt;=top</c>); values already coded that way by
    /// <see cref="TopBottomCoding"/> are recognised.</summary>
    public static GeneralisationHierarchy Intervals(string attribute, IEnumerable<string> values, IReadOnlyList<double> widths,
        double? bottom = null, double? top = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count == 0)
        {
            throw new HierarchyException($"{attribute}: an interval hierarchy needs at least one width.");
        }
        for (var i = 0; i < widths.Count; i++)
        {
            if (!(widths[i] > 0) || double.IsInfinity(widths[i]))
            {
                throw new HierarchyException($"{attribute}: interval widths must be positive numbers.");
            }
            if (i > 0 && !IsMultiple(widths[i], widths[i - 1]))
            {
                throw new HierarchyException(string.Create(CultureInfo.InvariantCulture,
                    $"{attribute}: interval width {widths[i]} is not a multiple of {widths[i - 1]}, so the intervals would not nest."));
            }
        }
        if (bottom is { } b && top is { } t && !(b < t))
        {
            throw new HierarchyException($"{attribute}: the bottom code must be below the top code.");
        }
        var integral = widths.All(w => w == Math.Floor(w));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var value in Distinct(values))
        {
            var number = ParseCodedNumber(attribute, value, out var coded);
            var row = new string[widths.Count + 2];
            row[0] = value;
            for (var level = 1; level <= widths.Count; level++)
            {
                if (coded == -1 || (bottom is { } low && number < low))
                {
                    row[level] = "<" + Format(bottom ?? number);
                }
                else if (coded == 1 || (top is { } high && number >= high))
                {
                    row[level] = ">=" + Format(top ?? number);
                }
                else
                {
                    var width = widths[level - 1];
                    var start = Math.Floor(number / width) * width;
                    row[level] = integral && number == Math.Floor(number)
                        ? Format(start) + "-" + Format(start + width - 1)
                        : "[" + Format(start) + ", " + Format(start + width) + ")";
                }
            }
            row[^1] = Suppressed;
            rows.Add(row);
        }
        return new GeneralisationHierarchy(attribute, rows);
    }

    /// <summary>Date truncation: each level keeps less of the date, in the order given (any increasing subset of
    /// month, year, decade, century). Values are ISO dates (<c>yyyy-MM-dd</c>, optionally with a time).</summary>
    public static GeneralisationHierarchy Dates(string attribute, IEnumerable<string> values, IReadOnlyList<DateGranularity> levels)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count == 0)
        {
            throw new HierarchyException($"{attribute}: a date hierarchy needs at least one level.");
        }
        for (var i = 1; i < levels.Count; i++)
        {
            if (levels[i] <= levels[i - 1])
            {
                throw new HierarchyException($"{attribute}: date levels must go from fine to coarse (month, year, decade, century).");
            }
        }
        var rows = new List<IReadOnlyList<string>>();
        foreach (var value in Distinct(values))
        {
            if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date))
            {
                throw new HierarchyException($"{attribute}: '{value}' is not a date (expected yyyy-MM-dd).");
            }
            var row = new string[levels.Count + 2];
            row[0] = value;
            for (var i = 0; i < levels.Count; i++)
            {
                row[i + 1] = levels[i] switch
                {
                    DateGranularity.Day => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateGranularity.Month => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    DateGranularity.Year => date.Year.ToString(CultureInfo.InvariantCulture),
                    DateGranularity.Decade => string.Create(CultureInfo.InvariantCulture, $"{date.Year / 10 * 10}-{date.Year / 10 * 10 + 9}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"{date.Year / 100 * 100}-{date.Year / 100 * 100 + 99}"),
                };
            }
            row[^1] = Suppressed;
            rows.Add(row);
        }
        return new GeneralisationHierarchy(attribute, rows);
    }

    /// <summary>Masking from the right: level i replaces the last i × <paramref name="charactersPerLevel"/> characters
    /// with <paramref name="mask"/> (postcode <c>L-1234</c> → <c>L-123*</c> → <c>L-12**</c>), up to
    /// <paramref name="maxLevels"/> masked levels (all characters by default), then <c>*</c>.</summary>
    public static GeneralisationHierarchy Masking(string attribute, IEnumerable<string> values, int charactersPerLevel = 1,
        int? maxLevels = null, char mask = '*')
    {
        ArgumentNullException.ThrowIfNull(values);
        if (charactersPerLevel < 1)
        {
            throw new HierarchyException($"{attribute}: masking needs at least one character per level.");
        }
        var distinct = Distinct(values).ToList();
        var longest = distinct.Count == 0 ? 0 : distinct.Max(v => v.Length);
        var levels = (longest + charactersPerLevel - 1) / charactersPerLevel;
        if (maxLevels is { } cap)
        {
            levels = Math.Min(levels, Math.Max(0, cap));
        }
        var rows = new List<IReadOnlyList<string>>();
        foreach (var value in distinct)
        {
            var row = new string[levels + 2];
            row[0] = value;
            for (var level = 1; level <= levels; level++)
            {
                var masked = Math.Min(value.Length, level * charactersPerLevel);
                row[level] = string.Concat(value.AsSpan(0, value.Length - masked), new string(mask, masked));
            }
            row[^1] = Suppressed;
            rows.Add(row);
        }
        return new GeneralisationHierarchy(attribute, rows);
    }

    /// <summary>Grouping of categories: values are sorted (numerically when all are numbers, else ordinally) and level i
    /// groups <c>groupSizes[i-1]</c> consecutive values; each size must be a multiple of the one before so groups nest.
    /// A group's label lists its values, or its first and last value when it has more than four.</summary>
    public static GeneralisationHierarchy Grouping(string attribute, IEnumerable<string> values, IReadOnlyList<int> groupSizes)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(groupSizes);
        if (groupSizes.Count == 0 || groupSizes.Any(s => s < 2))
        {
            throw new HierarchyException($"{attribute}: group sizes must be at least 2.");
        }
        for (var i = 1; i < groupSizes.Count; i++)
        {
            if (groupSizes[i] % groupSizes[i - 1] != 0)
            {
                throw new HierarchyException(string.Create(CultureInfo.InvariantCulture,
                    $"{attribute}: group size {groupSizes[i]} is not a multiple of {groupSizes[i - 1]}, so the groups would not nest."));
            }
        }
        var sorted = Distinct(values).ToList();
        var numeric = sorted.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (numeric)
        {
            sorted.Sort((a, b) => double.Parse(a, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, CultureInfo.InvariantCulture)));
        }
        else
        {
            sorted.Sort(StringComparer.Ordinal);
        }
        var rows = new List<IReadOnlyList<string>>();
        for (var index = 0; index < sorted.Count; index++)
        {
            var row = new string[groupSizes.Count + 2];
            row[0] = sorted[index];
            for (var level = 1; level <= groupSizes.Count; level++)
            {
                var size = groupSizes[level - 1];
                var start = index / size * size;
                var end = Math.Min(sorted.Count, start + size);
                row[level] = end - start <= 4
                    ? string.Join("|", sorted.Skip(start).Take(end - start))
                    : sorted[start] + ".." + sorted[end - 1];
            }
            row[^1] = Suppressed;
            rows.Add(row);
        }
        return new GeneralisationHierarchy(attribute, rows);
    }

    /// <summary>A hierarchy that only suppresses: the value, then <c>*</c>.</summary>
    public static GeneralisationHierarchy SuppressionOnly(string attribute, IEnumerable<string> values) =>
        new(attribute, [.. Distinct(values).Select(v => (IReadOnlyList<string>)[v, Suppressed])]);

    internal static double ParseCodedNumber(string attribute, string value, out int coded)
    {
        coded = 0;
        var text = value.AsSpan().Trim();
        if (text.StartsWith(">="))
        {
            coded = 1;
            text = text[2..];
        }
        else if (text.StartsWith("<"))
        {
            coded = -1;
            text = text[1..];
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || double.IsNaN(number) || double.IsInfinity(number))
        {
            throw new HierarchyException($"{attribute}: '{value}' is not a number, so it cannot be put into an interval.");
        }
        return number;
    }

    private static IEnumerable<string> Distinct(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal);

    private static bool IsMultiple(double value, double of)
    {
        var ratio = value / of;
        return Math.Abs(ratio - Math.Round(ratio)) < 1e-9 && Math.Round(ratio) >= 1;
    }

    private static string Format(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}

/// <summary>How much of a date a level keeps.</summary>
public enum DateGranularity
{
    /// <summary>Year, month and day (drops the time of day).</summary>
    Day,

    /// <summary>Year and month.</summary>
    Month,

    /// <summary>The year.</summary>
    Year,

    /// <summary>The decade, e.g. 1990-1999.</summary>
    Decade,

    /// <summary>The century, e.g. 1900-1999.</summary>
    Century,
}

/// <summary>
/// A hierarchy builder described in one short string, as the command line takes it:
/// <c>interval:5,10,20[,bottom=18][,top=90]</c>, <c>date[:month,year,decade]</c>, <c>mask[:N][,levels=K]</c>,
/// <c>group:2,4</c>, <c>suppress</c>.
/// </summary>
public sealed class HierarchyBuilderSpec
{
    private readonly string _kind;
    private readonly List<string> _positional = [];
    private readonly Dictionary<string, string> _named = new(StringComparer.OrdinalIgnoreCase);

    private HierarchyBuilderSpec(string text, string kind)
    {
        Text = text;
        _kind = kind;
    }

    /// <summary>The spec as written.</summary>
    public string Text { get; }

    /// <summary>Parses a spec; the message of a bad spec says what is expected.</summary>
    /// <exception cref="HierarchyException">The spec is malformed.</exception>
    public static HierarchyBuilderSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        if (kind is not ("interval" or "date" or "mask" or "group" or "suppress"))
        {
            throw new HierarchyException($"unknown hierarchy builder '{kind}' in '{text}'; expected interval:W1,W2,…, date:month,year,decade, mask:N, group:S1,S2,… or suppress.");
        }
        var spec = new HierarchyBuilderSpec(text, kind);
        if (colon >= 0)
        {
            foreach (var part in text[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    spec._named[part[..equals].Trim()] = part[(equals + 1)..].Trim();
                }
                else
                {
                    spec._positional.Add(part);
                }
            }
        }
        return spec;
    }

    /// <summary>Builds the hierarchy for an attribute from its distinct values.</summary>
    /// <exception cref="HierarchyException">The spec does not fit the values.</exception>
    public GeneralisationHierarchy Build(string attribute, IEnumerable<string> values)
    {
        switch (_kind)
        {
            case "interval":
                if (_positional.Count == 0)
                {
                    throw new HierarchyException($"{attribute}: '{Text}' needs interval widths, e.g. interval:5,10,20.");
                }
                return HierarchyBuilders.Intervals(attribute, values, [.. _positional.Select(p => Number(attribute, p))],
                    Optional(attribute, "bottom"), Optional(attribute, "top"));
            case "date":
                var levels = _positional.Count == 0
                    ? [DateGranularity.Month, DateGranularity.Year, DateGranularity.Decade]
                    : _positional.Select(p => Enum.TryParse<DateGranularity>(p, ignoreCase: true, out var g)
                        ? g
                        : throw new HierarchyException($"{attribute}: unknown date level '{p}'; use day, month, year, decade or century.")).ToList();
                return HierarchyBuilders.Dates(attribute, values, levels);
            case "mask":
                var perLevel = _positional.Count == 0 ? 1 : (int)Number(attribute, _positional[0]);
                return HierarchyBuilders.Masking(attribute, values, perLevel,
                    Optional(attribute, "levels") is { } cap ? (int)cap : null);
            case "group":
                if (_positional.Count == 0)
                {
                    throw new HierarchyException($"{attribute}: '{Text}' needs group sizes, e.g. group:2,4.");
                }
                return HierarchyBuilders.Grouping(attribute, values, [.. _positional.Select(p => (int)Number(attribute, p))]);
            default:
                return HierarchyBuilders.SuppressionOnly(attribute, values);
        }
    }

    private double? Optional(string attribute, string name) =>
        _named.TryGetValue(name, out var text) ? Number(attribute, text) : null;

    private double Number(string attribute, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new HierarchyException($"{attribute}: '{text}' in '{Text}' is not a number.");
}

/// <summary>Top and bottom coding: values below a bottom code become <c>&lt;bottom</c> and values at or above a top code
/// become <c>&gt;=top</c>, before any generalisation, so extreme values never appear even untransformed.</summary>
public static class TopBottomCoding
{
    /// <summary>Recodes a numeric column; only its dictionary changes, so this costs nothing per row.</summary>
    /// <exception cref="HierarchyException">A value is not a number.</exception>
    public static EncodedColumn Apply(EncodedColumn column, double? bottom, double? top) => Apply(column, bottom, top, out _);

    /// <summary>Recodes a numeric column and says where each old code went (<paramref name="remap"/>[old] = new code), so a
    /// writer holding the original codes can find the released labels.</summary>
    /// <exception cref="HierarchyException">A value is not a number.</exception>
    public static EncodedColumn Apply(EncodedColumn column, double? bottom, double? top, out int[] remap)
    {
        ArgumentNullException.ThrowIfNull(column);
        var labels = new string[column.Dictionary.Count];
        for (var code = 0; code < labels.Length; code++)
        {
            var value = column.Dictionary[code];
            var number = HierarchyBuilders.ParseCodedNumber(column.Name, value, out _);
            labels[code] = bottom is { } low && number < low ? "<" + Format(low)
                : top is { } high && number >= high ? ">=" + Format(high)
                : value;
        }
        // Merge equal labels so the dictionary stays free of duplicates.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        remap = new int[labels.Length];
        var dictionary = new List<string>();
        for (var code = 0; code < labels.Length; code++)
        {
            if (!index.TryGetValue(labels[code], out var target))
            {
                target = dictionary.Count;
                index.Add(labels[code], target);
                dictionary.Add(labels[code]);
            }
            remap[code] = target;
        }
        var codes = new int[column.Codes.Length];
        var map = remap;
        for (var row = 0; row < codes.Length; row++)
        {
            codes[row] = map[column.Codes[row]];
        }
        return new EncodedColumn(column.Name, dictionary, codes);
    }

    private static string Format(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}

/// <summary>One column held the columnar way: a dictionary of distinct values and one integer code per row.</summary>
public sealed class EncodedColumn
{
    /// <summary>Creates a column; every code must index the dictionary.</summary>
    public EncodedColumn(string name, IReadOnlyList<string> dictionary, int[] codes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dictionary);
        ArgumentNullException.ThrowIfNull(codes);
        Name = name;
        Dictionary = dictionary;
        Codes = codes;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>The distinct values; a code is an index into this list.</summary>
    public IReadOnlyList<string> Dictionary { get; }

    /// <summary>One code per row (do not modify).</summary>
    public int[] Codes { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Codes.Length;

    /// <summary>Encodes plain values (for tests and small inputs).</summary>
    public static EncodedColumn FromValues(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var dictionary = new List<string>();
        var codes = new List<int>();
        foreach (var value in values)
        {
            if (!index.TryGetValue(value, out var code))
            {
                code = dictionary.Count;
                index.Add(value, code);
                dictionary.Add(value);
            }
            codes.Add(code);
        }
        return new EncodedColumn(name, dictionary, [.. codes]);
    }

    /// <summary>The value of a row.</summary>
    public string ValueAt(int row) => Dictionary[Codes[row]];

    internal static string Describe(IEnumerable<string> values, int limit = 20)
    {
        var list = values.ToList();
        var builder = new StringBuilder();
        foreach (var value in list.Take(limit))
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }
            builder.Append('\'').Append(value).Append('\'');
        }
        if (list.Count > limit)
        {
            builder.Append(CultureInfo.InvariantCulture, $" and {list.Count - limit} more");
        }
        return builder.ToString();
    }
}
