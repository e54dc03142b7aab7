using System.Text;

namespace Agora.Privacy.Anonymisation;

/// <summary>
/// ARX's hierarchy text format: one row per original value, <c>;</c>-separated, no header, column 0 the value,
/// column i its label at level i, the last column usually <c>*</c>. Saving a built hierarchy in this format lets the
/// next version of a dataset be anonymised with exactly the same generalisations.
/// </summary>
public static class HierarchyCsv
{
    /// <summary>The separator ARX writes.</summary>
    public const char Separator = ';';

    /// <summary>Parses hierarchy text (LF or CRLF line endings; blank lines ignored).</summary>
    /// <exception cref="HierarchyException">The text is empty or the hierarchy is inconsistent.</exception>
    public static GeneralisationHierarchy Parse(string attribute, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            rows.Add(line.Split(Separator));
        }
        return new GeneralisationHierarchy(attribute, rows);
    }

    /// <summary>Formats a hierarchy in ARX's format, LF line endings.</summary>
    /// <exception cref="HierarchyException">A label contains the separator or a line break, which the format cannot hold.</exception>
    public static string Format(GeneralisationHierarchy hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var builder = new StringBuilder();
        foreach (var row in hierarchy.Rows())
        {
            for (var level = 0; level < row.Length; level++)
            {
                var label = row[level];
                if (label.AsSpan().IndexOfAny(";\r\n") >= 0)
                {
                    throw new HierarchyException($"{hierarchy.Attribute}: the label '{label}' contains ';' or a line break, which ARX's hierarchy format cannot store.");
                }
                if (level > 0)
                {
                    builder.Append(Separator);
                }
                builder.Append(label);
            }
            builder.Append('\n');
        }
        return builder.ToString();
    }
}
