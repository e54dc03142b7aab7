using System.Buffers;
using System.Globalization;
using System.Text;

namespace Agora.Data.Files;

/// <summary>A delimited text file read straight into dictionary-encoded columns: one dictionary of distinct values
/// per column (sorted in UTF-8 byte order, as DuckDB sorts text) and one code per row, with no string kept per row.</summary>
public sealed class DictionaryEncodedColumns
{
    internal DictionaryEncodedColumns(IReadOnlyList<string> names, IReadOnlyList<string>[] dictionaries, int[][] codes, int rows)
    {
        Names = names;
        Dictionaries = dictionaries;
        Codes = codes;
        RowCount = rows;
    }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Per column, its distinct values; a missing value is the empty string.</summary>
    public IReadOnlyList<string>[] Dictionaries { get; }

    /// <summary>Per column, one code (an index into its dictionary) per row, in file order.</summary>
    public int[][] Codes { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }
}

/// <summary>
/// Reads and writes small delimited text files in .NET, for the offline commands whose whole run is shorter than opening
/// DuckDB and sniffing the file (<c>agora anonymise</c> and <c>agora risk</c> on files under
/// <see cref="SmallFileBytes"/>). The dialect is RFC 4180 with a header row: a value may be quoted with <c>"</c>, a quote
/// inside a quoted value is doubled, quoted values may hold delimiters and line breaks; records end with LF or CRLF (a lone CR too); blank lines are skipped;
/// a UTF-8 byte order mark is skipped. The result equals DuckDB's <c>read_csv(…, all_varchar = true)</c> (a missing
/// value reads as the empty string) and its <c>COPY … (FORMAT csv, HEADER true)</c> output; tests compare both.
/// </summary>
public static class DelimitedText
{
    /// <summary>Files below this size are read and written in .NET; larger ones (and Parquet) through DuckDB. The .NET
    /// reader holds the file's whole text in memory (about three times the file's size) and runs on one core, while the
    /// DuckDB path is the one measured up to 10M rows: a cautious bound, not a measured crossover.</summary>
    public const long SmallFileBytes = 64L << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads every column of a delimited file dictionary-encoded. Returns null when the header is not usable as it
    /// stands (an empty or repeated column name), so the caller can fall back to DuckDB, which renames such columns.</summary>
    /// <exception cref="TabularFileException">The file is not valid UTF-8, a quote is not closed, or a row has more or
    /// fewer values than the header; the message names the row and line.</exception>
    public static DictionaryEncodedColumns? ReadEncoded(string path, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        string text;
        try
        {
            var bytes = File.ReadAllBytes(path);
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new TabularFileException($"{name}: cannot be read as CSV: not valid UTF-8 text (byte {e.Index.ToString(CultureInfo.InvariantCulture)}).", e);
        }
        catch (IOException e)
        {
            throw new TabularFileException($"{name}: cannot be read: {e.Message}", e);
        }
        var parser = new Parser(name, text, delimiter);
        var header = new List<string>();
        if (!parser.ReadHeader(header) || header.Count == 0 || header.Any(h => h.Length == 0)
            || header.Distinct(StringComparer.Ordinal).Count() != header.Count)
        {
            return null;
        }
        return parser.ReadRows(header);
    }

    /// <summary>Writes dictionary-encoded columns atomically as CSV (or tab-separated for <c>.tsv</c>) with a header row,
    /// quoting like DuckDB's CSV writer: a value holding the delimiter, a quote or a line break is quoted (inner quotes
    /// doubled), an empty text is written <c>""</c> and a missing value (null) as nothing. A temporary file beside the
    /// target is renamed over it, so a failure leaves no output behind.</summary>
    /// <param name="path">The output file.</param>
    /// <param name="names">Column names.</param>
    /// <param name="dictionaries">Per column, the values its codes index (null for a missing value).</param>
    /// <param name="codes">Per column, one code per row; every column has the same number of rows.</param>
    /// <exception cref="TabularFileException">The file cannot be written.</exception>
    public static void WriteAtomically(string path, IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<string?>> dictionaries,
        IReadOnlyList<int[]> codes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(dictionaries);
        ArgumentNullException.ThrowIfNull(codes);
        var delimiter = Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        // Each distinct value is quoted and encoded once; a row is then a copy of bytes per column.
        var encoded = new byte[dictionaries.Count][][];
        for (var c = 0; c < encoded.Length; c++)
        {
            encoded[c] = [.. dictionaries[c].Select(v => Encoding.UTF8.GetBytes(Quote(v, delimiter)))];
        }
        var header = Encoding.UTF8.GetBytes(string.Join(delimiter, names.Select(n => Quote(n, delimiter))) + "\n");
        var rows = codes.Count == 0 ? 0 : codes[0].Length;
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temporary = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture,
            $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}"));
        try
        {
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                var buffer = new byte[1 << 16];
                var used = 0;
                void Append(ReadOnlySpan<byte> bytes)
                {
                    if (used + bytes.Length > buffer.Length)
                    {
                        stream.Write(buffer, 0, used);
                        used = 0;
                        if (bytes.Length > buffer.Length)
                        {
                            stream.Write(bytes);
                            return;
                        }
                    }
                    bytes.CopyTo(buffer.AsSpan(used));
                    used += bytes.Length;
                }
                Append(header);
                ReadOnlySpan<byte> separator = [(byte)delimiter];
                ReadOnlySpan<byte> newline = [(byte)'\n'];
                for (var row = 0; row < rows; row++)
                {
                    for (var c = 0; c < encoded.Length; c++)
                    {
                        if (c > 0)
                        {
                            Append(separator);
                        }
                        Append(encoded[c][codes[c][row]]);
                    }
                    Append(newline);
                }
                stream.Write(buffer, 0, used);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TabularFileException($"{Path.GetFileName(path)}: cannot be written: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static string Quote(string? value, char delimiter)
    {
        if (value is null)
        {
            return "";
        }
        if (value.Length == 0)
        {
            return "\"\"";
        }
        var span = value.AsSpan();
        return span.IndexOfAny(delimiter, '"', '\n') < 0 && !span.Contains('\r')
            ? value
            : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Orders text as UTF-8 bytes compare (DuckDB's order for text): UTF-16 order except that characters outside
    /// the basic plane (surrogate pairs) sort after U+E000–U+FFFF.</summary>
    internal static int CompareAsUtf8(string? left, string? right)
    {
        var a = left.AsSpan();
        var b = right.AsSpan();
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }
        return CodeUnitRank(a[common]).CompareTo(CodeUnitRank(b[common]));
    }

    private static int CodeUnitRank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;

    // The distinct values of one column and their codes, found from a span of the file's text without making a string
    // (open addressing; a plain Dictionary with an alternate span lookup costs about twice as much at start-up, its
    // generic code being compiled at run time rather than ahead of time).
    private sealed class ValueDictionary
    {
        private int[] _slots = new int[64];
        private int[] _hashes = new int[64];

        public List<string> Values { get; } = [];

        public int CodeOf(ReadOnlySpan<char> value)
        {
            var hash = string.GetHashCode(value);
            var mask = _slots.Length - 1;
            for (var slot = hash & mask; ; slot = (slot + 1) & mask)
            {
                var entry = _slots[slot] - 1;
                if (entry < 0)
                {
                    var code = Values.Count;
                    Values.Add(value.ToString());
                    _slots[slot] = code + 1;
                    _hashes[slot] = hash;
                    if (Values.Count * 2 > _slots.Length)
                    {
                        Grow();
                    }
                    return code;
                }
                if (_hashes[slot] == hash && value.SequenceEqual(Values[entry]))
                {
                    return entry;
                }
            }
        }

        private void Grow()
        {
            var slots = new int[_slots.Length * 2];
            var hashes = new int[slots.Length];
            var mask = slots.Length - 1;
            for (var old = 0; old < _slots.Length; old++)
            {
                if (_slots[old] == 0)
                {
                    continue;
                }
                var slot = _hashes[old] & mask;
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = _slots[old];
                hashes[slot] = _hashes[old];
            }
            _slots = slots;
            _hashes = hashes;
        }
    }

    private sealed class Parser(string fileName, string text, char delimiter)
    {
        private readonly SearchValues<char> _stops = SearchValues.Create([delimiter, '\r', '\n']);
        private int _position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        private int _line = 1;
        private int _row;
        private bool _inHeader = true;
        private char[] _scratch = new char[256];

        public bool ReadHeader(List<string> names)
        {
            if (_position >= text.Length)
            {
                return false;
            }
            bool end;
            do
            {
                end = NextField(out var field, out _);
                names.Add(field.ToString());
            }
            while (!end);
            _line++;
            _inHeader = false;
            return true;
        }

        public DictionaryEncodedColumns ReadRows(List<string> names)
        {
            var columns = names.Count;
            // An upper bound on the rows (quoted line breaks only over-count); trimmed at the end.
            var capacity = Math.Max(1, text.AsSpan(_position).Count('\n') + 1);
            var codes = new int[columns][];
            var values = new ValueDictionary[columns];
            for (var c = 0; c < columns; c++)
            {
                codes[c] = new int[capacity];
                values[c] = new ValueDictionary();
            }
            while (_position < text.Length)
            {
                var startLine = _line;
                var column = 0;
                bool end;
                do
                {
                    end = NextField(out var field, out var quoted);
                    if (column == 0 && end && field.IsEmpty && !quoted && columns > 1)
                    {
                        // A blank line: skipped, as DuckDB does.
                        break;
                    }
                    if (column >= columns)
                    {
                        throw RowError(startLine, $"more values than the {columns.ToString(CultureInfo.InvariantCulture)} columns of the header");
                    }
                    codes[column][_row] = values[column].CodeOf(field);
                    column++;
                }
                while (!end);
                _line++;
                if (column == 0)
                {
                    continue;
                }
                if (column < columns)
                {
                    throw RowError(startLine, string.Create(CultureInfo.InvariantCulture,
                        $"{column} values where the header has {columns} columns"));
                }
                _row++;
            }
            var dictionaries = new IReadOnlyList<string>[columns];
            for (var c = 0; c < columns; c++)
            {
                Array.Resize(ref codes[c], _row);
                dictionaries[c] = SortAsUtf8(values[c].Values, codes[c]);
            }
            return new DictionaryEncodedColumns(names, dictionaries, codes, _row);
        }

        // Sorts a dictionary the way DuckDB's ORDER BY sorts text, and renumbers the codes to match, so that both readers
        // give the same codes (the search's tie-breaks and the hierarchy builders see the same order).
        private static string[] SortAsUtf8(List<string> values, int[] codes)
        {
            var order = new int[values.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
            Array.Sort(order, (x, y) => CompareAsUtf8(values[x], values[y]));
            var sorted = new string[order.Length];
            var renumber = new int[order.Length];
            for (var rank = 0; rank < order.Length; rank++)
            {
                sorted[rank] = values[order[rank]];
                renumber[order[rank]] = rank;
            }
            for (var row = 0; row < codes.Length; row++)
            {
                codes[row] = renumber[codes[row]];
            }
            return sorted;
        }

        // Reads one value; true when it ends its record (line break or end of file).
        private bool NextField(out ReadOnlySpan<char> field, out bool quoted)
        {
            var rest = text.AsSpan(_position);
            quoted = rest.Length > 0 && rest[0] == '"';
            int consumed;
            if (!quoted)
            {
                var stop = rest.IndexOfAny(_stops);
                var length = stop < 0 ? rest.Length : stop;
                field = rest[..length];
                consumed = length;
            }
            else
            {
                consumed = ReadQuoted(rest, out field);
            }
            _position += consumed;
            if (_position >= text.Length)
            {
                return true;
            }
            var next = text[_position];
            if (next == delimiter)
            {
                _position++;
                return false;
            }
            if (next == '\r')
            {
                _position += _position + 1 < text.Length && text[_position + 1] == '\n' ? 2 : 1;
                return true;
            }
            if (next == '\n')
            {
                _position++;
                return true;
            }
            throw RowError(_line, "a quoted value must be followed by the delimiter or the end of the line");
        }

        // A quoted value starting at rest[0]; returns the characters consumed (both quotes included).
        private int ReadQuoted(ReadOnlySpan<char> rest, out ReadOnlySpan<char> field)
        {
            var startLine = _line;
            var i = 1;
            var length = 0;
            var copied = false;
            while (true)
            {
                var quote = rest[i..].IndexOf('"');
                if (quote < 0)
                {
                    throw RowError(startLine, "a quoted value is not closed");
                }
                var chunk = rest.Slice(i, quote);
                _line += chunk.Count('\n');
                var escaped = i + quote + 1 < rest.Length && rest[i + quote + 1] == '"';
                if (!escaped && !copied)
                {
                    field = chunk;
                    return i + quote + 1;
                }
                // A doubled quote: the value is assembled in the scratch buffer without it.
                copied = true;
                EnsureScratch(length + chunk.Length + 1);
                chunk.CopyTo(_scratch.AsSpan(length));
                length += chunk.Length;
                if (!escaped)
                {
                    field = _scratch.AsSpan(0, length);
                    return i + quote + 1;
                }
                _scratch[length++] = '"';
                i += quote + 2;
            }
        }

        private void EnsureScratch(int size)
        {
            if (_scratch.Length < size)
            {
                Array.Resize(ref _scratch, Math.Max(size, _scratch.Length * 2));
            }
        }

        private TabularFileException RowError(int line, string problem) => new(string.Create(CultureInfo.InvariantCulture,
            $"{fileName}: {(_inHeader ? "header" : $"row {_row + 1}")} (line {line}): {problem}."));
    }
}
