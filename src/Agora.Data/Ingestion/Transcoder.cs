using System.Globalization;
using System.Text;

namespace Agora.Data.Ingestion;

/// <summary>Rewrites a text file in UTF-8 for DuckDB, which reads only UTF-8 without extensions. Bytes stream through a
/// decoder; rows never do. Line breaks are kept, so line numbers in errors still point into the original file.</summary>
internal static class Transcoder
{
    /// <summary>Writes a UTF-8 copy of <paramref name="source"/> to <paramref name="destination"/>; with
    /// <paramref name="maxBytes"/>, only the first complete lines within that many source bytes.</summary>
    public static void ToUtf8(string source, TextEncoding encoding, string destination, long? maxBytes = null,
        CancellationToken cancellationToken = default)
    {
        var decoding = ContentSniffer.DotNetEncoding(encoding);
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var decoder = decoding.GetDecoder();
        var encoder = new UTF8Encoding(false).GetEncoder();
        var bytes = new byte[1 << 16];
        var chars = new char[decoding.GetMaxCharCount(bytes.Length)];
        var encoded = new byte[Encoding.UTF8.GetMaxByteCount(chars.Length)];
        var skip = encoding is TextEncoding.Utf16LittleEndian or TextEncoding.Utf16BigEndian ? 2 : 0;
        long consumed = 0;
        long line = 1;
        int read;
        while ((read = input.Read(bytes, 0, bytes.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var span = bytes.AsSpan(skip, read - skip);
            skip = 0;
            var last = maxBytes is { } limit && consumed + read >= limit;
            if (last)
            {
                span = span[..(int)Math.Min(span.Length, Math.Max(0, maxBytes!.Value - consumed))];
            }
            consumed += read;
            int charCount;
            try
            {
                charCount = decoder.GetChars(span, chars, flush: false);
            }
            catch (DecoderFallbackException e)
            {
                throw IngestionException.Of(IngestionRule.WrongEncoding, line + LinesBefore(span, e.Index), null,
                    $"The bytes here are not valid {encoding}; save the file as UTF-8 and upload it again.");
            }
            var text = chars.AsSpan(0, charCount);
            line += text.Count('\n');
            if (last)
            {
                var end = text.LastIndexOf('\n');
                text = end < 0 ? text : text[..(end + 1)];
            }
            var written = encoder.GetBytes(text, encoded, flush: false);
            output.Write(encoded, 0, written);
            if (last)
            {
                break;
            }
        }
    }

    private static long LinesBefore(ReadOnlySpan<byte> bytes, int index) =>
        index <= 0 || index > bytes.Length ? 0 : bytes[..index].Count((byte)'\n');

    public static string Describe(TextEncoding encoding) => encoding switch
    {
        TextEncoding.Utf8 => "UTF-8",
        TextEncoding.Utf8WithBom => "UTF-8 with byte order mark",
        TextEncoding.Latin1 => "Latin-1 (ISO-8859-1)",
        TextEncoding.Windows1252 => "Windows-1252",
        TextEncoding.Utf16LittleEndian => "UTF-16 LE",
        TextEncoding.Utf16BigEndian => "UTF-16 BE",
        _ => encoding.ToString(),
    };

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
