using System.Globalization;
using System.Text;

namespace Agora.Privacy.Detection;

/// <summary>Column headers reduced to comparable words: lower case, no accents, camelCase and separators split.
/// <c>DateDeNaissance</c>, <c>date_de_naissance</c> and <c>Date de naissance</c> all become <c>date de naissance</c>.</summary>
public static class HeaderText
{
    /// <summary>The header as lower-case ASCII words separated by single spaces.</summary>
    public static string Normalise(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var folded = RemoveDiacritics(header.Replace("ß", "ss", StringComparison.Ordinal));
        var builder = new StringBuilder(folded.Length + 8);
        var previous = ' ';
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (char.IsLetterOrDigit(c))
            {
                // A lower-to-upper step starts a new word (camelCase), as does a letter after a digit.
                var boundary = (char.IsUpper(c) && char.IsLower(previous)) || (char.IsLetter(c) && char.IsDigit(previous))
                    || (char.IsDigit(c) && char.IsLetter(previous));
                if (boundary && builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
            previous = c;
        }
        return builder.ToString().Trim();
    }

    /// <summary>Removes accents (é → e, ä → a, ë → e) so that keyword lists need one spelling.</summary>
    public static string RemoveDiacritics(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ascii = true;
        foreach (var c in text)
        {
            if (c > 127)
            {
                ascii = false;
                break;
            }
        }
        if (ascii)
        {
            return text;
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
