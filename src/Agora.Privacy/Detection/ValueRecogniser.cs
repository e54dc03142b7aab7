using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Agora.Privacy.Detection;

/// <summary>Recognises what a single cell value is: format checks, then check digits where the identifier has them.
/// Thread-safe and allocation-light, because it runs on every sampled value (and on every row in a full scan).</summary>
public static partial class ValueRecogniser
{
    private const int MaxWholeValueLength = 120;

    /// <summary>The signals of one value; empty and blank values have none.</summary>
    public static ValueSignals Recognise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return default;
        }
        var text = value.Trim();
        var signals = default(ValueSignals);
        if (text.Length <= MaxWholeValueLength)
        {
            signals = RecogniseWhole(text);
        }
        var (words, wordsWithLetters) = CountWords(text);
        // Running text has several words with letters; "+352 621 123 456" and "12, rue de la Gare" are not running text.
        if (wordsWithLetters >= 5 || (wordsWithLetters >= 3 && text.Length >= 50))
        {
            if (words >= 6 || text.Length >= 50)
            {
                signals = signals.With(AuxiliarySignal.FreeText);
            }
            foreach (var span in FreeTextScanner.Scan(text))
            {
                signals = signals.WithContained(span.Entity);
            }
        }
        return signals;
    }

    private static ValueSignals RecogniseWhole(string text)
    {
        var signals = default(ValueSignals);
        if (text.Contains('@', StringComparison.Ordinal))
        {
            return EmailPattern().IsMatch(text) ? signals.With(PiiEntity.EmailAddress) : signals;
        }
        if (UrlPattern().IsMatch(text))
        {
            return signals.With(PiiEntity.Url);
        }
        if (MacPattern().IsMatch(text))
        {
            return signals.With(PiiEntity.MacAddress);
        }
        if (IsIpAddress(text))
        {
            return signals.With(PiiEntity.IpAddress);
        }
        if (TryParseDate(text, out var date))
        {
            return signals.With(PiiEntity.BirthDate).WithYear(date.Year);
        }
        Span<char> buffer = stackalloc char[MaxWholeValueLength];
        var compact = Compact(text, buffer);
        if (CheckDigits.AllDigits(compact))
        {
            signals = RecogniseDigits(text, compact, signals);
        }
        else if (compact.Length >= 4 && char.IsAsciiLetter(compact[0]) && char.IsAsciiLetter(compact[1]))
        {
            var upper = compact.ToString().ToUpperInvariant();
            if (CheckDigits.IsIbanValid(upper))
            {
                return signals.With(PiiEntity.Iban);
            }
            if (VatNumbers.IsValid(upper))
            {
                return signals.With(PiiEntity.EuVatNumber);
            }
        }
        else if (compact.Length == 15 && CheckDigits.IsFrenchNirValid(compact.ToString().ToUpperInvariant()))
        {
            return signals.With(PiiEntity.FrenchNir);
        }
        if (text[0] == '+' || text.StartsWith("00", StringComparison.Ordinal))
        {
            if (IsInternationalPhone(text))
            {
                return signals.With(PiiEntity.PhoneNumber).With(AuxiliarySignal.PhoneInternational);
            }
        }
        if (LabelledPostcodePattern().IsMatch(text))
        {
            return signals.With(PiiEntity.Postcode).With(AuxiliarySignal.PostcodeLabelled);
        }
        if (ShapedPostcodePattern().IsMatch(text))
        {
            signals = signals.With(PiiEntity.Postcode);
        }
        if (PlatePattern().IsMatch(text))
        {
            signals = signals.With(PiiEntity.VehiclePlate);
        }
        var folded = HeaderText.RemoveDiacritics(text.Replace("ß", "ss", StringComparison.Ordinal));
        if (StreetNumberFirstPattern().IsMatch(folded) || StreetTypeFirstPattern().IsMatch(folded)
            || StreetCompoundPattern().IsMatch(folded) || StreetEnglishPattern().IsMatch(folded))
        {
            return signals.With(PiiEntity.StreetAddress);
        }
        if (NameShapePattern().IsMatch(text))
        {
            signals = signals.With(PiiEntity.PersonName);
            foreach (var word in NameWords().EnumerateMatches(folded))
            {
                if (PersonNameLexicon.Contains(folded.Substring(word.Index, word.Length)))
                {
                    signals = signals.With(AuxiliarySignal.NameLexicon);
                    break;
                }
            }
        }
        return signals;
    }

    private static ValueSignals RecogniseDigits(string text, ReadOnlySpan<char> digits, ValueSignals signals)
    {
        switch (digits.Length)
        {
            case 13 when CheckDigits.IsLuxembourgNationalIdValid(digits):
                return signals.With(PiiEntity.LuxembourgNationalId);
            case 15 when CheckDigits.IsFrenchNirValid(digits):
                return signals.With(PiiEntity.FrenchNir);
            case 11:
                if (CheckDigits.IsBelgianNationalNumberValid(digits) && HasBelgianBirthDate(digits))
                {
                    signals = signals.With(PiiEntity.BelgianNationalNumber);
                }
                if (CheckDigits.IsGermanTaxIdValid(digits))
                {
                    signals = signals.With(PiiEntity.GermanTaxId);
                }
                break;
        }
        if (digits.Length is >= 12 and <= 19 && IsPaymentCard(digits))
        {
            signals = signals.With(PiiEntity.PaymentCard);
        }
        if (IsNationalPhone(text, digits))
        {
            signals = signals.With(PiiEntity.PhoneNumber);
        }
        return signals;
    }

    // Belgian numbers start with the birth date; month and day may be 00 (unknown) or shifted by 20/40 (bis numbers).
    private static bool HasBelgianBirthDate(ReadOnlySpan<char> digits)
    {
        var month = ((digits[2] - '0') * 10) + (digits[3] - '0');
        var day = ((digits[4] - '0') * 10) + (digits[5] - '0');
        return month % 20 <= 12 && month <= 52 && day <= 31;
    }

    /// <summary>A payment card number: 12–19 digits, a known issuer prefix and a valid Luhn digit.</summary>
    public static bool IsPaymentCard(ReadOnlySpan<char> digits)
    {
        if (!CheckDigits.IsLuhnValid(digits))
        {
            return false;
        }
        var length = digits.Length;
        var two = ((digits[0] - '0') * 10) + (digits[1] - '0');
        var four = int.Parse(digits[..4], provider: CultureInfo.InvariantCulture);
        return digits[0] switch
        {
            '4' => length is 13 or 16 or 19,
            '5' => (two is >= 51 and <= 55 && length == 16) || (four is 5018 or 5020 or 5038 or 5893 && length >= 12),
            '2' => four is >= 2221 and <= 2720 && length == 16,
            '3' => (two is 34 or 37 && length == 15) || (four is >= 3528 and <= 3589 && length >= 16)
                || ((two is 36 or 38 or 39 || four / 10 is >= 300 and <= 305) && length >= 14),
            '6' => ((four == 6011 || two == 65 || four / 10 is >= 644 and <= 649) && length >= 16)
                || (four is 6304 or 6759 or 6761 or 6762 or 6763 && length >= 12),
            _ => false,
        };
    }

    private static bool IsNationalPhone(string text, ReadOnlySpan<char> digits)
    {
        if (!PhoneCharacters().IsMatch(text))
        {
            return false;
        }
        if (digits[0] == '0')
        {
            // FR, BE, DE, NL, CH, AT: a trunk 0, then an area or mobile code that does not start with 0.
            return digits.Length is >= 9 and <= 12 && digits[1] != '0';
        }
        return digits.Length switch
        {
            // Luxembourg mobiles 621/661/691 …, and 8-digit fixed lines 2x xx xx xx.
            9 => digits[0] == '6' && digits[2] == '1' && digits[1] is '2' or '5' or '6' or '9'
                || (digits[0] == '9' && digits[1] is '1' or '2' or '3' or '6') || digits[0] == '2',
            8 => digits[0] is '2' or '4',
            6 => digits[0] is >= '2' and <= '8',
            _ => false,
        };
    }

    private static bool IsInternationalPhone(string text)
    {
        if (!PhoneCharacters().IsMatch(text))
        {
            return false;
        }
        Span<char> digits = stackalloc char[32];
        var length = 0;
        var start = text[0] == '+' ? 1 : 2;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (length == digits.Length)
                {
                    return false;
                }
                digits[length++] = c;
            }
            else if (c == '(' && i + 2 < text.Length && text[i + 1] == '0' && text[i + 2] == ')')
            {
                i += 2; // "(0)": the national trunk digit written inside an international number
            }
        }
        var number = digits[..length];
        if (number.Length is < 7 or > 15)
        {
            return false;
        }
        static bool Rest(ReadOnlySpan<char> rest, int min, int max) => rest.Length >= min && rest.Length <= max && rest[0] != '0';
        if (number.StartsWith("352"))
        {
            return Rest(number[3..], 4, 11);
        }
        if (number.StartsWith("351"))
        {
            return Rest(number[3..], 9, 9);
        }
        return (number[0], number[1]) switch
        {
            ('3', '3') => Rest(number[2..], 9, 9),
            ('4', '9') => Rest(number[2..], 6, 13),
            ('3', '2') => Rest(number[2..], 8, 9),
            ('3', '1') => Rest(number[2..], 9, 9),
            ('4', '1') => Rest(number[2..], 9, 9),
            ('4', '3') => Rest(number[2..], 4, 13),
            ('3', '9') => number.Length >= 8 && number.Length <= 13,
            ('3', '4') => Rest(number[2..], 9, 9),
            ('4', '4') => Rest(number[2..], 9, 10),
            ('1', _) => Rest(number[1..], 10, 10),
            _ => number.Length >= 8 && number[0] != '0',
        };
    }

    /// <summary>An IPv4 address in dotted-quad form, or an IPv6 address.</summary>
    public static bool IsIpAddress(string text)
    {
        if (Ipv4Pattern().IsMatch(text))
        {
            return true;
        }
        return text.Length >= 3 && text.Contains(':', StringComparison.Ordinal) && text.IndexOf(':') != text.LastIndexOf(':')
            && Ipv6Characters().IsMatch(text) && IPAddress.TryParse(text, out var address)
            && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <summary>A calendar date without a time of day (or at midnight): ISO <c>yyyy-mm-dd</c>, European
    /// <c>dd/mm/yyyy</c>, <c>dd.mm.yyyy</c> or <c>dd-mm-yyyy</c>.</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var iso = IsoDatePattern().Match(text);
        if (iso.Success)
        {
            return TryDate(iso.Groups[1].ValueSpan, iso.Groups[2].ValueSpan, iso.Groups[3].ValueSpan, out date);
        }
        var european = EuropeanDatePattern().Match(text);
        if (european.Success)
        {
            // Day first, as written in Luxembourg and its neighbours; month first only when the day cannot be one.
            return TryDate(european.Groups[3].ValueSpan, european.Groups[2].ValueSpan, european.Groups[1].ValueSpan, out date)
                || TryDate(european.Groups[3].ValueSpan, european.Groups[1].ValueSpan, european.Groups[2].ValueSpan, out date);
        }
        return false;
    }

    private static bool TryDate(ReadOnlySpan<char> year, ReadOnlySpan<char> month, ReadOnlySpan<char> day, out DateOnly date)
    {
        date = default;
        if (!CheckDigits.IsValidDate(year, month, day))
        {
            return false;
        }
        date = new DateOnly(int.Parse(year, provider: CultureInfo.InvariantCulture), int.Parse(month, provider: CultureInfo.InvariantCulture),
            int.Parse(day, provider: CultureInfo.InvariantCulture));
        return true;
    }

    // Letters and digits only: separators (space . - /) go, so "LU28 0019 4006" and "85.07.30-033.28" compare as numbers.
    private static ReadOnlySpan<char> Compact(string text, Span<char> buffer)
    {
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '.' or '-' or '/' or '\u00A0')
            {
                continue;
            }
            if (length == buffer.Length)
            {
                break;
            }
            buffer[length++] = c;
        }
        return buffer[..length];
    }

    private static (int Words, int WithLetters) CountWords(string text)
    {
        var words = 0;
        var withLetters = 0;
        var inWord = false;
        var letterSeen = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
                continue;
            }
            if (!inWord)
            {
                inWord = true;
                letterSeen = false;
                words++;
            }
            if (!letterSeen && char.IsLetter(c))
            {
                letterSeen = true;
                withLetters++;
            }
        }
        return (words, withLetters);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^(?:(?:https?|ftp)://[^\s/$.?#][^\s]*|www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}(?:/\S*)?)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^(?:[0-9A-Fa-f]{2}([:\-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex MacPattern();

    [GeneratedRegex(@"^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex(@"^[0-9A-Fa-f:.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Characters();

    [GeneratedRegex(@"^[+0-9][0-9 .\-/()]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCharacters();

    [GeneratedRegex(@"^(?:L|D|F|B|A|P|CH|NL)-\d{4,5}(?:\s+\p{L}[\p{L}\- ']*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelledPostcodePattern();

    [GeneratedRegex(@"^(?:\d{4,5}|\d{4}-\d{3}|\d{4} ?[A-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ShapedPostcodePattern();

    [GeneratedRegex(@"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00(?::?00)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex EuropeanDatePattern();

    // FR (AB-123-CD), DE (M-AB 1234, B XY 12E), BE (1-ABC-123), LU (AB 1234), PT (12-AB-34 and its variants).
    [GeneratedRegex(@"^(?:[A-Z]{2}[- ]?\d{3}[- ]?[A-Z]{2}|[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[- ]?[1-9]\d{0,3}[EH]?|[1-9][- ]?[A-Z]{3}[- ]?\d{3}"
        + @"|[A-Z]{2}[- ]?\d{4}|\d{2}[- ][A-Z]{2}[- ]\d{2}|[A-Z]{2}[- ]\d{2}[- ][A-Z]{2}|\d{2}[- ]\d{2}[- ][A-Z]{2}|[A-Z]{2}[- ]\d{2}[- ]\d{2})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex PlatePattern();

    private const string StreetTypes =
        "rue|route|avenue|av\\.?|boulevard|bd|chemin|place|allee|impasse|quai|cite|montee|rond-point|square|passage|sentier"
        + "|street|road|lane|drive|way|court|rua|avenida|travessa|largo|praca|estrada|alameda|via|viale|piazza|straat|laan";

    [GeneratedRegex(@"^\d{1,4}\s?[a-zA-Z]?\s*,?\s+(?:bis\s+|ter\s+)?(?:" + StreetTypes + @")\b\s*\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StreetNumberFirstPattern();

    [GeneratedRegex(@"^(?:" + StreetTypes + @")\b[^\d,]{2,60}?,?\s*(?:n\.?o?\s*)?\d{1,4}[a-zA-Z]?\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StreetTypeFirstPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z' .\-]*(?:strasse|str\.|str|weg|gasse|platz|allee|ring|damm|ufer|pfad|chaussee|strooss|wee|plaz|gaass|straat|laan|plein)\s*\d{1,4}\s?[a-zA-Z]?\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StreetCompoundPattern();

    [GeneratedRegex(@"^\d{1,4}[A-Za-z]?\s+[A-Za-z][A-Za-z' .\-]*\s(?:street|st|road|rd|lane|ln|avenue|ave|drive|dr|way|court|ct|square|sq|boulevard|blvd|place|pl|terrace|close|crescent)\.?\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StreetEnglishPattern();

    // One to four words, each capitalised (or all capitals), letters, hyphens and apostrophes only; lower-case particles
    // (de, van, von, dos…) may sit between; "Dupont, Jean" is accepted too.
    [GeneratedRegex(@"^(?:\p{Lu}[\p{L}'’\-]*\.?)(?:,?\s+(?:(?:de|da|das|do|dos|du|des|di|del|la|le|van|von|der|den|ter|zu|e)\s+)*\p{Lu}[\p{L}'’\-]*\.?){0,3}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NameShapePattern();

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant)]
    private static partial Regex NameWords();
}
