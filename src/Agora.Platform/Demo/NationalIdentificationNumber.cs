using System.Globalization;

namespace Agora.Platform.Demo;

/// <summary>The Luxembourg national identification number ("matricule"): 13 digits YYYYMMDD + XXX + C1 + C2, where
/// YYYYMMDD is the birth date, XXX tells apart people born the same day, C1 is the Luhn check digit of the first 11 digits
/// and C2 the Verhoeff check digit of the same 11 digits (OECD, Luxembourg TIN sheet). Example: <c>1893120105732</c>.</summary>
public static class NationalIdentificationNumber
{
    // Verhoeff: multiplication in the dihedral group D5, the position permutation and the inverse table.
    private static readonly byte[,] Multiplication =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 }, { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 }, { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 }, { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    private static readonly byte[,] Permutation =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 }, { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 }, { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    private static readonly byte[] Inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

    /// <summary>The number of a person born on <paramref name="birthDate"/> with serial <paramref name="serial"/> (0–999).</summary>
    public static string Create(DateOnly birthDate, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999);
        var body = birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + serial.ToString("000", CultureInfo.InvariantCulture);
        return body + LuhnCheckDigit(body) + VerhoeffCheckDigit(body);
    }

    /// <summary>True when the text is 13 digits, starts with a real date and both check digits are right.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 13 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }
        if (!DateOnly.TryParseExact(value[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }
        var body = value[..11];
        return value[11] == LuhnCheckDigit(body) && value[12] == VerhoeffCheckDigit(body);
    }

    /// <summary>The digit that makes <c>digits + check</c> pass the Luhn test.</summary>
    public static char LuhnCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>The digit that makes <c>digits + check</c> pass the Verhoeff test.</summary>
    public static char VerhoeffCheckDigit(string digits)
    {
        var check = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            check = Multiplication[check, Permutation[(i + 1) % 8, digit]];
        }
        return (char)('0' + Inverse[check]);
    }
}
