using System.Globalization;
using System.Text;

namespace Agora.Data.Discovery.Union;

/// <summary>Word tokens for union search: letters and digits, lower-cased, with a light plural stemmer so that
/// "Countries" meets "country" and "Sites" meets "site". Column-name embeddings are not available offline; these plain
/// tokens, weighted by rarity, do most of that work on real schemas.</summary>
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
