using System.Globalization;
using System.Text;
using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Detection;

/// <summary>Generates valid (and deliberately invalid) identifiers for tests from a seeded generator. The check digits are
/// computed here independently of what they test where the formula is short, and through <see cref="CheckDigits"/> only for
/// Verhoeff and MOD 11,10, whose own tests pin them to published examples.</summary>
internal sealed class SyntheticIdentifiers(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string Digits(int count, bool firstNonZero = false)
    {
        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            builder.Append((char)('0' + (i == 0 && firstNonZero ? _random.Next(1, 10) : _random.Next(10))));
        }
        return builder.ToString();
    }

    public string Letters(int count)
    {
        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            builder.Append((char)('A' + _random.Next(26)));
        }
        return builder.ToString();
    }

    public DateOnly Date(int fromYear, int toYear)
    {
        var start = new DateOnly(fromYear, 1, 1).DayNumber;
        var end = new DateOnly(toYear, 12, 31).DayNumber;
        return DateOnly.FromDayNumber(_random.Next(start, end + 1));
    }

    public static int Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }
            sum += d;
        }
        return (10 - (sum % 10)) % 10;
    }

    public static int Mod97(string digits)
    {
        var r = 0;
        foreach (var c in digits)
        {
            r = ((r * 10) + (c - '0')) % 97;
        }
        return r;
    }

    public string Iban(string country, bool spaced)
    {
        var bban = country switch
        {
            "LU" => Digits(3) + Digits(13),
            "DE" => Digits(18),
            "FR" => Digits(23),
            "BE" => Digits(12),
            "NL" => Letters(4) + Digits(10),
            "PT" => Digits(21),
            "GB" => Letters(4) + Digits(14),
            _ => throw new ArgumentOutOfRangeException(nameof(country)),
        };
        var numeric = new StringBuilder();
        foreach (var c in bban + country + "00")
        {
            numeric.Append(char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture));
        }
        var check = 98 - Mod97(numeric.ToString());
        var iban = country + check.ToString("00", CultureInfo.InvariantCulture) + bban;
        return spaced ? Group(iban, 4, " ") : iban;
    }

    public string Card(bool spaced)
    {
        var (prefix, length) = _random.Next(4) switch
        {
            0 => ("4", 16),
            1 => ("5" + _random.Next(1, 6).ToString(CultureInfo.InvariantCulture), 16),
            2 => (_random.Next(2) == 0 ? "34" : "37", 15),
            _ => ("4", 16),
        };
        var body = prefix + Digits(length - prefix.Length - 1);
        var card = body + Luhn(body).ToString(CultureInfo.InvariantCulture);
        return spaced && length == 16 ? Group(card, 4, " ") : card;
    }

    /// <summary>An order number that passes Luhn but has no card issuer prefix (starts with 1, 7, 8, 9 or 0).</summary>
    public string LuhnOrderNumber(int length, string prefix)
    {
        var body = prefix + Digits(length - prefix.Length - 1);
        return body + Luhn(body).ToString(CultureInfo.InvariantCulture);
    }

    public string LuxembourgId(bool spaced)
    {
        var birth = Date(1930, 2015);
        var body = birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Digits(3);
        var id = body + Luhn(body).ToString(CultureInfo.InvariantCulture) + CheckDigits.VerhoeffCheckDigit(body).ToString(CultureInfo.InvariantCulture);
        return spaced ? $"{id[..4]} {id[4..8]} {id[8..11]} {id[11..]}" : id;
    }

    public string FrenchNir(bool spaced)
    {
        var sex = _random.Next(1, 3).ToString(CultureInfo.InvariantCulture);
        var birth = Date(1935, 2010);
        var department = _random.Next(20) == 0 ? (_random.Next(2) == 0 ? "2A" : "2B") : _random.Next(1, 96).ToString("00", CultureInfo.InvariantCulture);
        if (department == "20")
        {
            department = "21";
        }
        var body = sex + birth.ToString("yyMM", CultureInfo.InvariantCulture) + department + Digits(3) + Digits(3);
        var numeric = body.Replace("2A", "19", StringComparison.Ordinal).Replace("2B", "18", StringComparison.Ordinal);
        var key = 97 - Mod97(numeric);
        var nir = body + key.ToString("00", CultureInfo.InvariantCulture);
        return spaced ? $"{nir[0]} {nir[1..3]} {nir[3..5]} {nir[5..7]} {nir[7..10]} {nir[10..13]} {nir[13..]}" : nir;
    }

    public string BelgianNumber(bool formatted)
    {
        var birth = Date(1935, 2015);
        var body = birth.ToString("yyMMdd", CultureInfo.InvariantCulture) + _random.Next(1, 998).ToString("000", CultureInfo.InvariantCulture);
        var check = 97 - Mod97((birth.Year >= 2000 ? "2" : "") + body);
        var number = body + check.ToString("00", CultureInfo.InvariantCulture);
        return formatted ? $"{number[..2]}.{number[2..4]}.{number[4..6]}-{number[6..9]}.{number[9..]}" : number;
    }

    public string GermanTaxId(bool spaced)
    {
        while (true)
        {
            var digits = Enumerable.Range(0, 10).OrderBy(_ => _random.Next()).ToList();
            digits.RemoveAt(0);
            digits.Insert(_random.Next(digits.Count + 1), digits[_random.Next(digits.Count)]);
            if (digits[0] == 0)
            {
                continue;
            }
            var body = string.Concat(digits);
            var id = body + CheckDigits.GermanTaxIdCheckDigit(body).ToString(CultureInfo.InvariantCulture);
            return spaced ? $"{id[..2]} {id[2..5]} {id[5..8]} {id[8..]}" : id;
        }
    }

    public string Vat()
    {
        switch (_random.Next(6))
        {
            case 0:
                {
                    var six = Digits(6, firstNonZero: true);
                    return "LU" + six + (int.Parse(six, CultureInfo.InvariantCulture) % 89).ToString("00", CultureInfo.InvariantCulture);
                }
            case 1:
                {
                    var eight = "0" + Digits(7, firstNonZero: true);
                    return "BE" + eight + (97 - Mod97(eight)).ToString("00", CultureInfo.InvariantCulture);
                }
            case 2:
                {
                    var siren = Digits(9, firstNonZero: true);
                    return "FR" + ((12 + (3 * Mod97(siren))) % 97).ToString("00", CultureInfo.InvariantCulture) + siren;
                }
            case 3:
                {
                    var eight = Digits(8, firstNonZero: true);
                    return "DE" + eight + CheckDigits.GermanTaxIdCheckDigit(eight).ToString(CultureInfo.InvariantCulture);
                }
            case 4:
                {
                    var ten = Digits(10);
                    return "IT" + ten + Luhn(ten).ToString(CultureInfo.InvariantCulture);
                }
            default:
                return "ATU" + Digits(8);
        }
    }

    public static string Group(string text, int size, string separator)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i += size)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }
            builder.Append(text, i, Math.Min(size, text.Length - i));
        }
        return builder.ToString();
    }
}
