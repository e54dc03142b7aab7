using System.Globalization;
using System.Text;

namespace Agora.Data.Discovery.Union;

/// <summary>Word tokens for union search: letters and digits, lower-cased, with a light plural stemmer so that
/// "Countries" meets "country" and "Sites" meets "site". These plain tokens, weighted by rarity, do most of the work on
/// real schemas; column-name embeddings (all-MiniLM-L6-v2, offline) were measured and lowered UGEN-V1 (ADR 0043).</summary>
public static class Tokens
{
    /// <summary>The tokens of a text, in order (duplicates kept).</summary>
    public static IEnumerable<string> Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }
        var builder = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                continue;
            }
            if (builder.Length > 0)
            {
                yield return Stem(builder.ToString());
                builder.Clear();
            }
        }
    }

    /// <summary>The tokens of a column name; none for the names a reader makes up for a blank or missing header cell
    /// (DuckDB's <c>column0</c>, <c>column07</c>…), which say nothing about the content and would make every table read
    /// from a file with a ragged or missing header look alike.</summary>
    public static IEnumerable<string> OfColumnName(string? name) => IsPlaceholderName(name) ? [] : Of(name);

    /// <summary>True for a generated column name: <c>column</c> followed by digits only.</summary>
    public static bool IsPlaceholderName(string? name)
    {
        const string prefix = "column";
        if (name is null || name.Length <= prefix.Length || !name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        for (var i = prefix.Length; i < name.Length; i++)
        {
            if (!char.IsAsciiDigit(name[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Strips the commonest English plural endings from words longer than four letters.</summary>
    public static string Stem(string token)
    {
        if (token.Length <= 4)
        {
            return token;
        }
        if (token.EndsWith("ies", StringComparison.Ordinal))
        {
            return token[..^3] + "y";
        }
        if (token.EndsWith("es", StringComparison.Ordinal))
        {
            return token[..^2];
        }
        return token.EndsWith('s') ? token[..^1] : token;
    }
}
