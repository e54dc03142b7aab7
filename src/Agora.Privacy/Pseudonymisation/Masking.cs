using System.Text;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>Masking as Presidio's "mask" operator does it: letters and digits become a mask character except the last
/// few, separators stay, so <c>LU28 0019 4006 4475 0000</c> becomes <c>**** **** **** **** 0000</c>. Values shorter than 8
/// letters and digits are masked entirely. Irreversible.</summary>
public static class Masking
{
    /// <summary>The masked value.</summary>
    public static string Mask(string value, int keepLast = 4, char maskCharacter = '*')
    {
        ArgumentNullException.ThrowIfNull(value);
        var alphanumerics = value.Count(char.IsLetterOrDigit);
        // Keeping 4 of 6 characters would reveal most of the value: keep at most a third, and nothing of short values.
        var keep = alphanumerics < 8 ? 0 : Math.Min(keepLast, alphanumerics / 3);
        var builder = new StringBuilder(value.Length);
        var seen = 0;
        foreach (var c in value)
        {
            if (char.IsLetterOrDigit(c))
            {
                seen++;
                builder.Append(seen > alphanumerics - keep ? c : maskCharacter);
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
