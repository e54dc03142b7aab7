using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Agora.Data.Files;

namespace Agora.Data.Ingestion;

/// <summary>Looks at a file's first bytes to tell its format and encoding, and refuses what is clearly not data: empty
/// files, files over the limit, binary files. Content wins over the extension where the content is unambiguous.</summary>
internal static class ContentSniffer
{
    /// <summary>How much of the head is examined.</summary>
    public const int HeadBytes = 1 << 20;

    private static readonly (byte[] Magic, string Name)[] BinarySignatures =
    [
        ("PK\u0003\u0004"u8.ToArray(), "a ZIP archive (or an Excel .xlsx workbook)"),
        ([0xD0, 0xCF, 0x11, 0xE0], "an old Office document (.xls/.doc)"),
        ("%PDF"u8.ToArray(), "a PDF document"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("SQLite format 3"u8.ToArray(), "an SQLite database"),
        ("PARE"u8.ToArray(), "an encrypted Parquet file (upload it unencrypted)"),
        ([0x7F, 0x45, 0x4C, 0x46], "an executable"),
    ];

    public sealed record Verdict(TabularFormat Format, TextEncoding Encoding, long SizeBytes, string HeadText = "");

    public static Verdict Examine(string path, IngestionOptions options)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"{Path.GetFileName(path)}: file not found.", path);
        }
        var name = Path.GetFileName(path);
        if (info.Length == 0)
        {
            throw IngestionException.Of(IngestionRule.EmptyFile, null, null, $"{name} is empty (0 bytes).");
        }
        if (info.Length > options.MaxFileBytes)
        {
            throw IngestionException.Of(IngestionRule.FileTooLarge, null, null,
                $"{name} is {Size(info.Length)}; the limit is {Size(options.MaxFileBytes)}.");
        }
        var head = ReadHead(path, (int)Math.Min(info.Length, HeadBytes));
        var extension = Path.GetExtension(path).ToLowerInvariant();

        if (head.AsSpan().StartsWith("PAR1"u8))
        {
            return new Verdict(TabularFormat.Parquet, TextEncoding.Utf8, info.Length);
        }
        foreach (var (magic, what) in BinarySignatures)
        {
            if (head.AsSpan().StartsWith(magic))
            {
                throw IngestionException.Of(IngestionRule.BinaryData, null, null, $"{name} is {what}, not CSV, JSON Lines or Parquet.");
            }
        }
        if (extension is ".parquet" or ".pq")
        {
            throw IngestionException.Of(IngestionRule.UnknownFormat, null, null,
                $"{name} is named like a Parquet file but does not start with the Parquet signature PAR1.");
        }

        var encoding = DetectEncoding(head, info.Length, name);
        var text = Decode(head, encoding, complete: info.Length <= head.Length);
        var firstLine = FirstNonBlankLine(text);
        if (firstLine is null)
        {
            throw IngestionException.Of(IngestionRule.EmptyFile, null, null, $"{name} holds only blank lines.");
        }
        var looksLikeJson = firstLine.Value.Text.TrimStart().StartsWith('{');
        var jsonExtension = extension is ".jsonl" or ".ndjson" or ".json";
        if (jsonExtension || (looksLikeJson && extension is not (".csv" or ".tsv")))
        {
            if (!IsJsonObject(firstLine.Value.Text))
            {
                throw IngestionException.Of(jsonExtension ? IngestionRule.MalformedJson : IngestionRule.UnknownFormat, firstLine.Value.Line, null,
                    $"Line {firstLine.Value.Line.ToString(CultureInfo.InvariantCulture)} of {name} is not a JSON object; JSON Lines files hold one object per line.");
            }
            return new Verdict(TabularFormat.JsonLines, encoding, info.Length);
        }
        return new Verdict(TabularFormat.Csv, encoding, info.Length, text);
    }

    public static Encoding DotNetEncoding(TextEncoding encoding) => encoding switch
    {
        TextEncoding.Utf8 or TextEncoding.Utf8WithBom => new UTF8Encoding(false, throwOnInvalidBytes: true),
        TextEncoding.Latin1 => Encoding.Latin1,
        TextEncoding.Windows1252 => Windows1252,
        TextEncoding.Utf16LittleEndian => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
        TextEncoding.Utf16BigEndian => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>Whether DuckDB must be given a UTF-8 copy of the file (it reads UTF-8 natively, with or without BOM).</summary>
    public static bool NeedsTranscoding(TextEncoding encoding) => encoding is not (TextEncoding.Utf8 or TextEncoding.Utf8WithBom);

    private static Encoding Windows1252
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
    }

    private static TextEncoding DetectEncoding(byte[] head, long fileLength, string name)
    {
        var span = head.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            RefuseControlCharacters(span[3..], name);
            return TextEncoding.Utf8WithBom;
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return TextEncoding.Utf16LittleEndian;
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return TextEncoding.Utf16BigEndian;
        }
        RefuseControlCharacters(span, name);
        // A head cut in the middle of a multi-byte character is still valid UTF-8 once the cut character is left out.
        var checkedPart = fileLength <= head.Length ? span : TrimIncompleteTail(span);
        if (Utf8.IsValid(checkedPart))
        {
            return TextEncoding.Utf8;
        }
        foreach (var b in span)
        {
            if (b is >= 0x80 and <= 0x9F)
            {
                return TextEncoding.Windows1252;
            }
        }
        return TextEncoding.Latin1;
    }

    // Text files have tabs and line breaks but almost no other control characters; binary files have many, and NULs.
    private static void RefuseControlCharacters(ReadOnlySpan<byte> bytes, string name)
    {
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw IngestionException.Of(IngestionRule.BinaryData, LineOf(bytes, nul), null,
                $"{name} contains a NUL byte at offset {nul.ToString(CultureInfo.InvariantCulture)}, so it is binary data, not text.");
        }
        var controls = 0;
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                controls++;
            }
        }
        if (controls > 8 && controls * 100L > bytes.Length)
        {
            throw IngestionException.Of(IngestionRule.BinaryData, null, null,
                $"{name} has {controls.ToString(CultureInfo.InvariantCulture)} control characters in its first {Size(bytes.Length)}, so it is binary data, not text.");
        }
    }

    public static long LineOf(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1L;

    private static ReadOnlySpan<byte> TrimIncompleteTail(ReadOnlySpan<byte> span)
    {
        // Step back over at most 3 continuation bytes and the lead byte that starts the cut character.
        for (var back = 1; back <= 4 && back <= span.Length; back++)
        {
            var b = span[^back];
            if ((b & 0xC0) != 0x80)
            {
                return (b & 0x80) == 0 ? span : span[..^back];
            }
        }
        return span;
    }

    private static string Decode(byte[] head, TextEncoding encoding, bool complete)
    {
        ReadOnlySpan<byte> bytes = head;
        if (encoding == TextEncoding.Utf8WithBom)
        {
            bytes = bytes[3..];
        }
        else if (encoding is TextEncoding.Utf16LittleEndian or TextEncoding.Utf16BigEndian)
        {
            bytes = bytes[2..(bytes.Length & ~1)];
        }
        else if (!complete && encoding == TextEncoding.Utf8)
        {
            bytes = TrimIncompleteTail(bytes);
        }
        var decoder = encoding is TextEncoding.Utf8 or TextEncoding.Utf8WithBom ? new UTF8Encoding(false, false) : DotNetEncoding(encoding);
        return decoder.GetString(bytes);
    }

    private static (string Text, long Line)? FirstNonBlankLine(string text)
    {
        var line = 0L;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            line++;
            if (!raw.IsWhiteSpace())
            {
                return (raw.ToString(), line);
            }
        }
        return null;
    }

    public static bool IsJsonObject(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] ReadHead(string path, int length)
    {
        var buffer = new byte[length];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.ReadExactly(buffer);
        return buffer;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.##} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.##} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.##} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
