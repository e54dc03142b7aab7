using System.Text;
using System.Text.RegularExpressions;

namespace Agora.Privacy.Detection;

/// <summary>A piece of personal data found inside running text.</summary>
/// <param name="Entity">What it is.</param>
/// <param name="Start">Offset of its first character.</param>
/// <param name="Length">Its length in characters.</param>
/// <param name="Score">How sure the scanner is, 0–1: checksum-validated identifiers score highest, context-only
/// findings (a name after "Mme", a date after "né le") lowest.</param>
public readonly record struct PiiSpan(PiiEntity Entity, int Start, int Length, double Score);

/// <summary>Finds personal data inside running text (comments, notes, letters) with patterns, check digits and context
/// words, in the manner of Presidio's pattern recognisers. It has no statistical name recogniser: a person's name is
/// found after a title (M., Mme, Herr, Frau, Sr., Dona…) or when it starts with a known given name.</summary>
public static partial class FreeTextScanner
{
    /// <summary>The spans found, without overlaps (a higher score wins, then a longer span), in text order.</summary>
    public static IReadOnlyList<PiiSpan> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<PiiSpan>();
        // Cheap character counts decide which patterns can match at all; most text has no '@', few digits, no ':'.
        var digits = 0;
        bool at = false, colon = false, dash = false, dot = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '@')
            {
                at = true;
            }
            else if (c == ':')
            {
                colon = true;
            }
            else if (c == '-')
            {
                dash = true;
            }
            else if (c == '.')
            {
                dot = true;
            }
        }
        if (at)
        {
            Add(found, EmailPattern(), text, PiiEntity.EmailAddress, 0.95, null);
        }
        if (dot && (text.Contains("http", StringComparison.OrdinalIgnoreCase) || text.Contains("www.", StringComparison.OrdinalIgnoreCase)))
        {
            Add(found, UrlPattern(), text, PiiEntity.Url, 0.8, null);
        }
        if (digits >= 1)
        {
            ScanNumbers(text, found, digits, colon, dash, dot);
        }
        if (colon)
        {
            Add(found, Ipv6Pattern(), text, PiiEntity.IpAddress, 0.8, ValueRecogniser.IsIpAddress);
            Add(found, MacPattern(), text, PiiEntity.MacAddress, 0.9, null);
        }
        else if (dash && digits >= 12)
        {
            Add(found, MacPattern(), text, PiiEntity.MacAddress, 0.9, null);
        }
        foreach (Match match in TitledNamePattern().Matches(text))
        {
            var name = match.Groups["name"];
            found.Add(new PiiSpan(PiiEntity.PersonName, name.Index, name.Length, 0.6));
        }
        foreach (Match match in CapitalisedPairPattern().Matches(text))
        {
            if (PersonNameLexicon.Contains(match.Groups["given"].Value))
            {
                found.Add(new PiiSpan(PiiEntity.PersonName, match.Index, match.Length, 0.55));
            }
        }
        return ResolveOverlaps(found);
    }

    private static void ScanNumbers(string text, List<PiiSpan> found, int digits, bool colon, bool dash, bool dot)
    {
        if (digits >= 6)
        {
            Add(found, IbanPattern(), text, PiiEntity.Iban, 0.99, s => CheckDigits.IsIbanValid(Compact(s).ToUpperInvariant()));
            Add(found, VatPattern(), text, PiiEntity.EuVatNumber, 0.9, s => VatNumbers.IsValid(Compact(s).ToUpperInvariant()));
        }
        if (digits >= 11)
        {
            Add(found, NirPattern(), text, PiiEntity.FrenchNir, 0.97, s => CheckDigits.IsFrenchNirValid(Compact(s).ToUpperInvariant()));
            foreach (Match match in DigitRunPattern().Matches(text))
            {
                var run = Compact(match.Value);
                if (!CheckDigits.AllDigits(run))
                {
                    continue;
                }
                PiiEntity? entity = run.Length switch
                {
                    13 when CheckDigits.IsLuxembourgNationalIdValid(run) => PiiEntity.LuxembourgNationalId,
                    11 when CheckDigits.IsBelgianNationalNumberValid(run) => PiiEntity.BelgianNationalNumber,
                    11 when CheckDigits.IsGermanTaxIdValid(run) && HasContext(text, match.Index, TaxContext()) => PiiEntity.GermanTaxId,
                    >= 12 and <= 19 when ValueRecogniser.IsPaymentCard(run) => PiiEntity.PaymentCard,
                    _ => null,
                };
                if (entity is { } e)
                {
                    found.Add(new PiiSpan(e, match.Index, match.Length, 0.97));
                }
            }
        }
        if (digits >= 6)
        {
            Add(found, InternationalPhonePattern(), text, PiiEntity.PhoneNumber, 0.85, s => Compact(s).Length >= 9);
            foreach (Match match in NationalPhonePattern().Matches(text))
            {
                if (HasContext(text, match.Index, PhoneContext()))
                {
                    found.Add(new PiiSpan(PiiEntity.PhoneNumber, match.Index, match.Length, 0.7));
                }
            }
        }
        if (dot && !colon && digits >= 4)
        {
            Add(found, Ipv4Pattern(), text, PiiEntity.IpAddress, 0.8, null);
        }
        if (dash && digits >= 3)
        {
            Add(found, PostcodePattern(), text, PiiEntity.Postcode, 0.7, null);
            Add(found, PlatePattern(), text, PiiEntity.VehiclePlate, 0.6, null);
        }
        Add(found, StreetPattern(), text, PiiEntity.StreetAddress, 0.65, null);
        foreach (Match match in digits >= 6 ? DatePattern().Matches(text) : (IEnumerable<Match>)[])
        {
            if (ValueRecogniser.TryParseDate(match.Value, out _) && HasContext(text, match.Index, BirthContext()))
            {
                found.Add(new PiiSpan(PiiEntity.BirthDate, match.Index, match.Length, 0.75));
            }
        }
    }

    /// <summary>The text with every span replaced by a placeholder such as <c>&lt;EMAIL_ADDRESS&gt;</c>.</summary>
    public static string Redact(string text)
    {
        var spans = Scan(text);
        if (spans.Count == 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var span in spans)
        {
            builder.Append(text, position, span.Start - position);
            builder.Append('<').Append(PiiNames.Of(span.Entity).ToUpperInvariant()).Append('>');
            position = span.Start + span.Length;
        }
        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static void Add(List<PiiSpan> found, Regex pattern, string text, PiiEntity entity, double score, Func<string, bool>? validate)
    {
        foreach (Match match in pattern.Matches(text))
        {
            if (validate is null || validate(match.Value))
            {
                found.Add(new PiiSpan(entity, match.Index, match.Length, score));
            }
        }
    }

    private static List<PiiSpan> ResolveOverlaps(List<PiiSpan> found)
    {
        found.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Length.CompareTo(a.Length));
        var kept = new List<PiiSpan>(found.Count);
        foreach (var span in found)
        {
            var overlaps = false;
            foreach (var other in kept)
            {
                if (span.Start < other.Start + other.Length && other.Start < span.Start + span.Length)
                {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps)
            {
                kept.Add(span);
            }
        }
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    // Context words are looked for in the 30 characters before a weak candidate.
    private static bool HasContext(string text, int index, Regex context)
    {
        var start = Math.Max(0, index - 30);
        return context.IsMatch(text.AsSpan(start, index - start));
    }

    private static string Compact(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is not (' ' or '.' or '-' or '/' or '\u00A0'))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}\b", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""']+[^\s<>""'.,;:!?)]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"\b(?:ATU|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI) ?[0-9A-Z][0-9A-Z .]{6,13}[0-9A-Z]\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex VatPattern();

    [GeneratedRegex(@"\b[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex NirPattern();

    [GeneratedRegex(@"(?<![\d.])\d(?:[ .\-/]?\d){10,18}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRunPattern();

    [GeneratedRegex(@"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .\-/]?(?:\(0\))?[ .\-/]?\d{1,4}){2,6}\b", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalPhonePattern();

    [GeneratedRegex(@"(?<![\d+])(?:0\d(?:[ .\-]?\d{2}){4}|0\d{2,4}[ /\-]?\d{4,8}|6[2569]1[ .]?\d{3}[ .]?\d{3}|2\d(?:[ .]?\d{2}){3})(?!\d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex NationalPhonePattern();

    [GeneratedRegex(@"(?i)(?:t[eé]l[eé]?(?:phone|fon)?|phone|gsm|mobile?|handy|portable|telem[oó]vel|celular|fax|call|appel|anrufen|ruff)\W{0,12}[^\n]{0,12}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex PhoneContext();

    [GeneratedRegex(@"(?i)(?:steuer|idnr|tax|fiscal)", RegexOptions.CultureInvariant)]
    private static partial Regex TaxContext();

    [GeneratedRegex(@"(?i)(?:n[ée]e? le|naissance|born|birth|dob|geboren|geb\.|geburtsdatum|nascid[oa]|nascimento|gebuer)[^\n]{0,15}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex BirthContext();

    [GeneratedRegex(@"\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b(?!\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})(?::[0-9A-Fa-f]{1,4})*(?![\w:])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Pattern();

    [GeneratedRegex(@"\b[0-9A-Fa-f]{2}(?:[:\-][0-9A-Fa-f]{2}){5}\b", RegexOptions.CultureInvariant)]
    private static partial Regex MacPattern();

    [GeneratedRegex(@"\b(?:L|D|F|B|CH|NL)-\d{4,5}\b", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"\b[A-Z]{2}-\d{3}-[A-Z]{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex PlatePattern();

    [GeneratedRegex(@"(?i)\b(?:\d{1,4}[a-z]?,?\s+(?:rue|route|avenue|boulevard|chemin|place|all[ée]e|impasse|rua|avenida|travessa)\s[^,\n\d]{2,40}"
        + @"|(?:rue|route|avenue|boulevard|rua|avenida)\s[^,\n\d]{2,40}?,?\s\d{1,4}\b"
        + @"|[A-Za-zÀ-ÿ\-]+(?:stra(?:ss|ß)e|str\.|weg|gasse|platz|allee|strooss)\s\d{1,4}[a-z]?\b)", RegexOptions.CultureInvariant)]
    private static partial Regex StreetPattern();

    [GeneratedRegex(@"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"(?:\b(?:M\.|Mme|Mlle|Monsieur|Madame|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.?|Herr|Frau|Sr\.?|Sra\.?|Senhor|Senhora|Dona|Madamm|Här)\s+)"
        + @"(?<name>\p{Lu}[\p{L}'\-]+(?:\s+\p{Lu}[\p{L}'\-]+){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex TitledNamePattern();

    [GeneratedRegex(@"\b(?<given>\p{Lu}\p{Ll}+)\s+\p{Lu}[\p{L}'\-]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedPairPattern();
}
