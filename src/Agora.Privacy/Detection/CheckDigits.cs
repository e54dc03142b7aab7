namespace Agora.Privacy.Detection;

/// <summary>The check-digit algorithms behind the identifiers Agora recognises. Every method takes the digits only
/// (separators already removed) and never throws on bad input: it returns <see langword="false"/>.</summary>
public static class CheckDigits
{
    // Verhoeff's dihedral group D5 tables: multiplication, permutation and inverse.
    private static readonly byte[,] VerhoeffMultiplication =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
        { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
        { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
        { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
        { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
        { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
        { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    private static readonly byte[,] VerhoeffPermutation =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
        { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
        { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
        { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
        { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
        { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    private static readonly byte[] VerhoeffInverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

    /// <summary>True when every character is an ASCII digit and there is at least one.</summary>
    public static bool AllDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Luhn (mod 10): the last digit checks the others (payment cards, the first Luxembourg check digit).</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> digits) =>
        digits.Length >= 2 && AllDigits(digits) && LuhnCheckDigit(digits[..^1]) == digits[^1] - '0';

    /// <summary>The Luhn check digit to append to <paramref name="digits"/>.</summary>
    public static int LuhnCheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - (sum % 10)) % 10;
    }

    /// <summary>The Verhoeff check digit to append to <paramref name="digits"/>.</summary>
    public static int VerhoeffCheckDigit(ReadOnlySpan<char> digits)
    {
        var c = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            c = VerhoeffMultiplication[c, VerhoeffPermutation[(i + 1) % 8, d]];
        }
        return VerhoeffInverse[c];
    }

    /// <summary>The remainder of a long decimal number modulo 97, read from text without overflow.</summary>
    public static int Mod97(ReadOnlySpan<char> digits)
    {
        var remainder = 0;
        foreach (var c in digits)
        {
            remainder = ((remainder * 10) + (c - '0')) % 97;
        }
        return remainder;
    }

    /// <summary>An IBAN (ISO 13616) in electronic form (no spaces, upper case): known country, its length, and the
    /// mod-97 check (ISO 7064) that leaves 1.</summary>
    public static bool IsIbanValid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 15 || iban.Length > 34 || !char.IsAsciiLetterUpper(iban[0]) || !char.IsAsciiLetterUpper(iban[1])
            || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return false;
        }
        if (!IbanLengths.TryGetValue(string.Concat(iban[0], iban[1]), out var length) || length != iban.Length)
        {
            return false;
        }
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }
        return remainder == 1;
    }

    /// <summary>The Luxembourg national identification number (matricule, 13 digits): a birth date YYYYMMDD, a 3-digit
    /// serial, then a Luhn check digit and a Verhoeff check digit, both computed over the first 11 digits.</summary>
    public static bool IsLuxembourgNationalIdValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 13 || !AllDigits(digits) || !IsValidDate(digits[..4], digits[4..6], digits[6..8]))
        {
            return false;
        }
        var body = digits[..11];
        return LuhnCheckDigit(body) == digits[11] - '0' && VerhoeffCheckDigit(body) == digits[12] - '0';
    }

    /// <summary>The French social security number (NIR, 13 characters + 2-digit key): sex, year, month, department
    /// (2A/2B for Corsica), commune, order, and the key 97 − (number mod 97).</summary>
    public static bool IsFrenchNirValid(ReadOnlySpan<char> nir)
    {
        if (nir.Length != 15 || nir[0] is not ('1' or '2' or '3' or '4' or '7' or '8'))
        {
            return false;
        }
        Span<char> number = stackalloc char[13];
        nir[..13].CopyTo(number);
        // Corsica's departments are letters; the key is computed with 2A → 19 and 2B → 18 in place of "2A"/"2B".
        if (number[5] == '2' && number[6] is 'A' or 'B')
        {
            var corsica = number[6] == 'A' ? "19" : "18";
            number[5] = corsica[0];
            number[6] = corsica[1];
        }
        if (!AllDigits(number) || !AllDigits(nir[13..]))
        {
            return false;
        }
        var month = ((nir[3] - '0') * 10) + (nir[4] - '0');
        // 01–12 are months; 20–42 and 50–99 are used when the month of birth is unknown.
        if (month == 0 || (month > 12 && month < 20) || (month > 42 && month < 50))
        {
            return false;
        }
        var key = ((nir[13] - '0') * 10) + (nir[14] - '0');
        return key == 97 - Mod97(number);
    }

    /// <summary>The Belgian national register number (11 digits YYMMDD SSS CC): the check is 97 − (first 9 digits mod 97),
    /// with a leading "2" for people born from 2000 on.</summary>
    public static bool IsBelgianNationalNumberValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 11 || !AllDigits(digits))
        {
            return false;
        }
        var check = ((digits[9] - '0') * 10) + (digits[10] - '0');
        var body = digits[..9];
        if (check == 97 - Mod97(body))
        {
            return true;
        }
        Span<char> born2000 = stackalloc char[10];
        born2000[0] = '2';
        body.CopyTo(born2000[1..]);
        return check == 97 - Mod97(born2000);
    }

    /// <summary>The German tax identification number (Steuer-IdNr, 11 digits): no leading zero, in the first 10 digits
    /// exactly one digit repeats (twice, or three times but not three in a row), and an ISO 7064 MOD 11,10 check digit.</summary>
    public static bool IsGermanTaxIdValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 11 || !AllDigits(digits) || digits[0] == '0')
        {
            return false;
        }
        Span<int> counts = stackalloc int[10];
        foreach (var c in digits[..10])
        {
            counts[c - '0']++;
        }
        var repeated = 0;
        var repeatedDigit = -1;
        for (var digit = 0; digit < counts.Length; digit++)
        {
            var count = counts[digit];
            if (count > 3)
            {
                return false;
            }
            if (count > 1)
            {
                repeated++;
                repeatedDigit = digit;
            }
        }
        if (repeated != 1)
        {
            return false;
        }
        if (counts[repeatedDigit] == 3)
        {
            for (var i = 0; i + 2 < 10; i++)
            {
                if (digits[i] - '0' == repeatedDigit && digits[i + 1] == digits[i] && digits[i + 2] == digits[i])
                {
                    return false;
                }
            }
        }
        return GermanTaxIdCheckDigit(digits[..10]) == digits[10] - '0';
    }

    /// <summary>The ISO 7064 MOD 11,10 check digit used by the German tax identification number.</summary>
    public static int GermanTaxIdCheckDigit(ReadOnlySpan<char> digits)
    {
        var product = 10;
        foreach (var c in digits)
        {
            var sum = ((c - '0') + product) % 10;
            if (sum == 0)
            {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        var check = 11 - product;
        return check == 10 ? 0 : check;
    }

    /// <summary>A calendar date given as digit spans (year 1850–2099).</summary>
    public static bool IsValidDate(ReadOnlySpan<char> year, ReadOnlySpan<char> month, ReadOnlySpan<char> day)
    {
        if (!int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(month, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(day, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d))
        {
            return false;
        }
        return y is >= 1850 and <= 2099 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m);
    }

    // ISO 13616 registry lengths for SEPA countries and close neighbours, as "country length" pairs.
    private static readonly Dictionary<string, int> IbanLengths =
        ("AD24 AT20 BE16 BG22 CH21 CY28 CZ24 DE22 DK18 EE20 ES24 FI18 FR27 GB22 GI23 GR27 HR21 HU28 IE22 "
            + "IS26 IT27 LI21 LT20 LU20 LV21 MC27 MT31 NL18 NO15 PL28 PT25 RO24 SE24 SI19 SK24 SM27 VA22")
            .Split(' ')
            .ToDictionary(entry => entry[..2], entry => int.Parse(entry[2..], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
