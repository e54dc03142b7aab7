using System.Text.RegularExpressions;

namespace Agora.Privacy.Detection;

/// <summary>EU VAT identification numbers as VIES prints them: a country prefix and the national format. Where the
/// national check digit is public (LU, BE, FR, DE, IT, PT, DK, NL), it is verified too.</summary>
public static partial class VatNumbers
{
    /// <summary>True when <paramref name="compact"/> (upper case, no spaces, dots or dashes) is a well-formed EU VAT
    /// number whose check digits, where known, are right.</summary>
    public static bool IsValid(string compact)
    {
        ArgumentNullException.ThrowIfNull(compact);
        if (compact.Length < 4 || !NationalFormat().IsMatch(compact))
        {
            return false;
        }
        var country = compact[..2];
        var number = compact.AsSpan(2);
        return country switch
        {
            // The last two digits are the first six modulo 89.
            "LU" => int.Parse(number[..6], provider: System.Globalization.CultureInfo.InvariantCulture) % 89
                == int.Parse(number[6..], provider: System.Globalization.CultureInfo.InvariantCulture),
            // Ten digits; the last two are 97 − (first eight mod 97).
            "BE" => 97 - CheckDigits.Mod97(number[..8]) == int.Parse(number[8..], provider: System.Globalization.CultureInfo.InvariantCulture),
            "FR" => IsFrenchValid(number),
            "DE" => CheckDigits.GermanTaxIdCheckDigit(number[..8]) == number[8] - '0',
            "IT" => CheckDigits.IsLuhnValid(number),
            "PT" => IsWeightedMod11Valid(number, [9, 8, 7, 6, 5, 4, 3, 2], complementZeroForTen: true),
            "DK" => WeightedSum(number, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0,
            "NL" => IsDutchValid(number),
            _ => true,
        };
    }

    // FR: two key characters then the 9-digit SIREN; a numeric key is (12 + 3 × (SIREN mod 97)) mod 97.
    private static bool IsFrenchValid(ReadOnlySpan<char> number)
    {
        if (!CheckDigits.AllDigits(number[..2]))
        {
            return true;
        }
        var key = int.Parse(number[..2], provider: System.Globalization.CultureInfo.InvariantCulture);
        return key == (12 + (3 * CheckDigits.Mod97(number[2..]))) % 97;
    }

    // NL: the old 9-digit mod-11 (weights 9..2, the last digit counts once), or the 2020 sole-trader mod-97 scheme.
    private static bool IsDutchValid(ReadOnlySpan<char> number)
    {
        var digits = number[..9];
        var sum = WeightedSum(digits[..8], [9, 8, 7, 6, 5, 4, 3, 2]);
        if ((sum - (digits[8] - '0')) % 11 == 0)
        {
            return true;
        }
        // "NL" is 23 21 and "B" is 11 when letters become numbers (as for IBANs).
        var text = new System.Text.StringBuilder("2321", 32);
        foreach (var c in number)
        {
            text.Append(c == 'B' ? "11" : c.ToString());
        }
        return CheckDigits.Mod97(text.ToString()) == 1;
    }

    private static bool IsWeightedMod11Valid(ReadOnlySpan<char> number, int[] weights, bool complementZeroForTen)
    {
        var check = 11 - (WeightedSum(number[..weights.Length], weights) % 11);
        if (check >= 10)
        {
            check = complementZeroForTen ? 0 : check;
        }
        return check == number[weights.Length] - '0';
    }

    private static int WeightedSum(ReadOnlySpan<char> digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length && i < digits.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }
        return sum;
    }

    // National formats of the 27 member states (EL is Greece's VIES prefix) and XI for Northern Ireland.
    [GeneratedRegex(
        @"^(?:ATU\d{8}|BE[01]\d{9}|BG\d{9,10}|CY\d{8}[A-Z]|CZ\d{8,10}|DE\d{9}|DK\d{8}|EE\d{9}|EL\d{9}|ES[A-Z0-9]\d{7}[A-Z0-9]"
        + @"|FI\d{8}|FR[0-9A-HJ-NP-Z]{2}\d{9}|HR\d{11}|HU\d{8}|IE\d[A-Z0-9+*]\d{5}[A-Z]{1,2}|IT\d{11}|LT(?:\d{9}|\d{12})"
        + @"|LU\d{8}|LV\d{11}|MT\d{8}|NL\d{9}B\d{2}|PL\d{10}|PT\d{9}|RO\d{2,10}|SE\d{10}01|SI\d{8}|SK\d{10}|XI(?:\d{9}|\d{12}))$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NationalFormat();
}
