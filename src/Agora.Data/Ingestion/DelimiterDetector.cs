namespace Agora.Data.Ingestion;

/// <summary>Finds a delimited file's field separator from its first lines: the candidate that splits the most lines into
/// the same number of fields. Done here rather than by DuckDB's sniffer because the sniffer, given a file with a bad row
/// early on, may choose a dialect that makes every row "valid" (one column, or skipping lines), which hides the error.</summary>
internal static class DelimiterDetector
{
    private const int LinesExamined = 200;
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>The detected delimiter, or <c>null</c> when no candidate appears (a one-column file).</summary>
    public static char? Detect(string head, char quote = '"')
    {
        var lines = head.Split('\n').Take(LinesExamined + 1).ToList();
        if (lines.Count > 1 && !head.EndsWith('\n'))
        {
            lines.RemoveAt(lines.Count - 1); // the head may end mid-line
        }
        lines = lines.Where(l => !string.IsNullOrWhiteSpace(l)).Take(LinesExamined).ToList();
        char? best = null;
        var bestScore = 0.0;
        foreach (var candidate in Candidates)
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, candidate, quote)).ToList();
            var mode = counts.Where(c => c > 0).GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).FirstOrDefault();
            if (mode is null)
            {
                continue;
            }
            // Share of lines with exactly the modal number of separators, a little in favour of more columns.
            var score = mode.Count() / (double)counts.Count + Math.Min(mode.Key, 50) / 1000.0;
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>Splits one line into fields (quotes respected, doubled quotes unescaped).</summary>
    public static IReadOnlyList<string> Split(string line, char delimiter, char quote = '"')
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == quote && i + 1 < line.Length && line[i + 1] == quote)
                {
                    current.Append(quote);
                    i++;
                }
                else if (c == quote)
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == quote)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else if (c != '\r')
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }

    private static int CountOutsideQuotes(string line, char delimiter, char quote)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == quote)
            {
                quoted = !quoted;
            }
            else if (c == delimiter && !quoted)
            {
                count++;
            }
        }
        return count;
    }
}
