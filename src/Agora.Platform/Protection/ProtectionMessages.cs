using System.Text.RegularExpressions;

namespace Agora.Platform.Protection;

/// <summary>Engine messages meant for a terminal can quote data values ("'1987-13-45' is not a date", "3 value(s) are
/// not in the hierarchy: a, b, c"). Messages that reach the metadata store (job messages, ProblemDetails) keep the column
/// names and lose the values.</summary>
internal static partial class ProtectionMessages
{
    public static string WithoutValues(string message, IEnumerable<string> columnNames)
    {
        ArgumentNullException.ThrowIfNull(message);
        var names = columnNames.ToHashSet(StringComparer.Ordinal);
        var cut = NotInHierarchy().Match(message);
        if (cut.Success)
        {
            message = message[..(cut.Index + cut.Length)] + " (upload a hierarchy that covers every value, or choose a builder).";
        }
        return Quoted().Replace(message, m => names.Contains(m.Groups[1].Value) ? m.Value : "'…'");
    }

    [GeneratedRegex(@"are not in the hierarchy")]
    private static partial Regex NotInHierarchy();

    [GeneratedRegex(@"'([^'\n]{0,300})'")]
    private static partial Regex Quoted();
}
