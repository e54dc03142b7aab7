using System.Globalization;
using System.Text;

namespace Agora.Platform.Catalog.Dcat;

/// <summary>One RDF statement as the readers produce it.</summary>
internal sealed record RdfTriple(RdfTerm Subject, string Predicate, RdfTerm Object);

/// <summary>A document that is not valid Turtle or JSON-LD, with where the problem is.</summary>
public sealed class RdfSyntaxException : Exception
{
    public RdfSyntaxException(string message, int line = 0, int column = 0)
        : base(line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}: {message}") : message)
    {
        Line = line;
        Column = column;
    }

    public RdfSyntaxException()
    {
    }

    public RdfSyntaxException(string message)
        : base(message)
    {
    }

    public RdfSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Line { get; }

    public int Column { get; }
}

/// <summary>
/// Reads RDF 1.1 Turtle (W3C Recommendation 2014): <c>@prefix</c>/<c>@base</c> and their SPARQL forms, IRIs with
/// relative resolution, prefixed names with escapes, blank node labels, <c>[ … ]</c> property lists, <c>( … )</c>
/// collections, the four string forms with escapes, language tags, datatypes, numbers and booleans. Written here because
/// no RDF library is available on NuGet for .NET 10; it is checked triple for triple against N3.js in the tests.
/// </summary>
internal sealed class TurtleReader
{
    private const string Rdf = RdfNamespaces.Rdf;
    private const string Xsd = RdfNamespaces.Xsd;
    private readonly string _text;
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RdfBlankNode> _labels = new(StringComparer.Ordinal);
    private readonly List<RdfTriple> _triples = [];
    private Uri? _base;
    private int _position;
    private int _blankNodes;

    private TurtleReader(string text, Uri? baseIri)
    {
        _text = text;
        _base = baseIri;
    }

    /// <summary>Parses a whole document. Blank nodes get fresh labels (<c>t1</c>, <c>t2</c>…), so labels from different
    /// documents never collide.</summary>
    /// <exception cref="RdfSyntaxException">The document is not Turtle; the message names line and column.</exception>
    public static List<RdfTriple> Read(string text, Uri? baseIri = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new TurtleReader(text, baseIri);
        reader.Document();
        return reader._triples;
    }

    private void Document()
    {
        if (_text.Length > 0 && _text[0] == '\uFEFF')
        {
            _position = 1;
        }
        while (true)
        {
            SkipSpace();
            if (AtEnd)
            {
                return;
            }
            if (Peek() == '@')
            {
                var keyword = ReadWhile(c => char.IsAsciiLetter(c) || c == '@');
                if (keyword == "@prefix")
                {
                    PrefixDeclaration();
                }
                else if (keyword == "@base")
                {
                    BaseDeclaration();
                }
                else
                {
                    throw Error($"unknown directive '{keyword}'");
                }
                SkipSpace();
                Expect('.');
                continue;
            }
            if (StartsWithKeyword("PREFIX"))
            {
                _position += 6;
                PrefixDeclaration();
                continue;
            }
            if (StartsWithKeyword("BASE"))
            {
                _position += 4;
                BaseDeclaration();
                continue;
            }
            TriplesStatement();
            SkipSpace();
            Expect('.');
        }
    }

    private void PrefixDeclaration()
    {
        SkipSpace();
        var start = _position;
        while (!AtEnd && Peek() != ':')
        {
            if (!IsNameChar(Peek()) && Peek() != '.')
            {
                throw Error("a prefix declaration needs a name followed by ':'");
            }
            _position++;
        }
        var prefix = _text[start.._position];
        Expect(':');
        SkipSpace();
        _prefixes[prefix] = IriRef();
    }

    private void BaseDeclaration()
    {
        SkipSpace();
        _base = Uri.TryCreate(IriRef(), UriKind.Absolute, out var baseUri) ? baseUri : throw Error("the base is not an absolute IRI");
    }

    private void TriplesStatement()
    {
        RdfTerm subject;
        var c = Peek();
        if (c == '[')
        {
            subject = BlankNodePropertyList();
            SkipSpace();
            // "[ … ] ." is a complete statement; otherwise a predicate list follows.
            if (Peek() == '.')
            {
                return;
            }
        }
        else if (c == '(')
        {
            subject = Collection();
        }
        else
        {
            subject = IriOrBlank("a subject");
        }
        PredicateObjectList(subject);
    }

    private void PredicateObjectList(RdfTerm subject)
    {
        while (true)
        {
            SkipSpace();
            var predicate = Verb();
            ObjectList(subject, predicate);
            SkipSpace();
            if (Peek() != ';')
            {
                return;
            }
            while (!AtEnd && Peek() == ';')
            {
                _position++;
                SkipSpace();
            }
            // A trailing ';' before '.' or ']' is allowed.
            if (AtEnd || Peek() is '.' or ']')
            {
                return;
            }
        }
    }

    private void ObjectList(RdfTerm subject, string predicate)
    {
        while (true)
        {
            SkipSpace();
            _triples.Add(new RdfTriple(subject, predicate, Object()));
            SkipSpace();
            if (Peek() != ',')
            {
                return;
            }
            _position++;
        }
    }

    private string Verb()
    {
        if (Peek() == 'a' && _position + 1 < _text.Length && (char.IsWhiteSpace(_text[_position + 1]) || _text[_position + 1] is '<' or '[' or '"' or '_'))
        {
            _position++;
            return RdfNamespaces.RdfType;
        }
        var term = IriOrBlank("a predicate");
        return term is RdfIri iri ? iri.Value : throw Error("a predicate must be an IRI");
    }

    private RdfTerm Object()
    {
        var c = Peek();
        return c switch
        {
            '[' => BlankNodePropertyList(),
            '(' => Collection(),
            '"' or '\'' => StringLiteral(),
            _ when char.IsAsciiDigit(c) || c is '+' or '-' || (c == '.' && _position + 1 < _text.Length && char.IsAsciiDigit(_text[_position + 1])) => Number(),
            _ when StartsWithWord("true") => Boolean(true),
            _ when StartsWithWord("false") => Boolean(false),
            _ => IriOrBlank("an object"),
        };
    }

    private RdfLiteral Boolean(bool value)
    {
        _position += value ? 4 : 5;
        return new RdfLiteral(value ? "true" : "false", null, Xsd + "boolean");
    }

    private RdfBlankNode BlankNodePropertyList()
    {
        Expect('[');
        var node = NewBlankNode();
        SkipSpace();
        if (Peek() != ']')
        {
            PredicateObjectList(node);
            SkipSpace();
        }
        Expect(']');
        return node;
    }

    private RdfTerm Collection()
    {
        Expect('(');
        var items = new List<RdfTerm>();
        while (true)
        {
            SkipSpace();
            if (AtEnd)
            {
                throw Error("the collection is not closed with ')'");
            }
            if (Peek() == ')')
            {
                _position++;
                break;
            }
            items.Add(Object());
        }
        if (items.Count == 0)
        {
            return new RdfIri(Rdf + "nil");
        }
        var head = NewBlankNode();
        var current = head;
        for (var i = 0; i < items.Count; i++)
        {
            _triples.Add(new RdfTriple(current, Rdf + "first", items[i]));
            RdfTerm rest = i == items.Count - 1 ? new RdfIri(Rdf + "nil") : NewBlankNode();
            _triples.Add(new RdfTriple(current, Rdf + "rest", rest));
            if (rest is RdfBlankNode next)
            {
                current = next;
            }
        }
        return head;
    }

    private RdfTerm IriOrBlank(string what)
    {
        if (AtEnd)
        {
            throw Error($"expected {what}, found the end of the document");
        }
        var c = Peek();
        if (c == '<')
        {
            return new RdfIri(IriRef());
        }
        if (c == '_' && _position + 1 < _text.Length && _text[_position + 1] == ':')
        {
            _position += 2;
            var start = _position;
            while (!AtEnd && (IsNameChar(Peek()) || (Peek() == '.' && _position + 1 < _text.Length && IsNameChar(_text[_position + 1]))))
            {
                _position++;
            }
            if (_position == start)
            {
                throw Error("a blank node label is empty");
            }
            var label = _text[start.._position];
            if (!_labels.TryGetValue(label, out var node))
            {
                _labels[label] = node = NewBlankNode();
            }
            return node;
        }
        if (IsNameStartChar(c) || c == ':')
        {
            return new RdfIri(PrefixedName());
        }
        throw Error($"expected {what}, found '{c}'");
    }

    private string PrefixedName()
    {
        var start = _position;
        while (!AtEnd && Peek() != ':')
        {
            if (!IsNameChar(Peek()) && Peek() != '.')
            {
                throw Error($"'{_text[start.._position]}' is not a prefixed name");
            }
            _position++;
        }
        var prefix = _text[start.._position];
        Expect(':');
        if (!_prefixes.TryGetValue(prefix, out var ns))
        {
            throw Error($"the prefix '{prefix}:' is not declared");
        }
        var local = new StringBuilder();
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '\\' && _position + 1 < _text.Length)
            {
                var escaped = _text[_position + 1];
                if ("_~.-!$&'()*+,;=/?#@%".IndexOf(escaped, StringComparison.Ordinal) < 0)
                {
                    throw Error($"'\\{escaped}' is not an escape allowed in a local name");
                }
                local.Append(escaped);
                _position += 2;
            }
            else if (c == '%' && _position + 2 < _text.Length && char.IsAsciiHexDigit(_text[_position + 1]) && char.IsAsciiHexDigit(_text[_position + 2]))
            {
                local.Append(_text, _position, 3);
                _position += 3;
            }
            else if (IsNameChar(c) || c == ':')
            {
                local.Append(c);
                _position++;
            }
            else if (c == '.' && _position + 1 < _text.Length && (IsNameChar(_text[_position + 1]) || _text[_position + 1] is ':' or '%' or '\\'))
            {
                // A dot inside a local name; a final dot ends the statement.
                local.Append(c);
                _position++;
            }
            else
            {
                break;
            }
        }
        return ns + local;
    }

    private string IriRef()
    {
        Expect('<');
        var iri = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("the IRI is not closed with '>'");
            }
            var c = _text[_position++];
            if (c == '>')
            {
                break;
            }
            if (c == '\\')
            {
                iri.Append(UnicodeEscape());
                continue;
            }
            if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`')
            {
                throw Error($"the character U+{(int)c:X4} is not allowed in an IRI");
            }
            iri.Append(c);
        }
        return Resolve(iri.ToString());
    }

    private string Resolve(string iri)
    {
        if (HasScheme(iri))
        {
            return iri;
        }
        if (_base is null)
        {
            throw Error($"the relative IRI <{iri}> needs a base (@base)");
        }
        return Uri.TryCreate(_base, iri, out var resolved) ? resolved.AbsoluteUri : throw Error($"the relative IRI <{iri}> cannot be resolved");
    }

    /// <summary>Whether an IRI starts with a scheme (RFC 3987: a letter, then letters, digits, '+', '-', '.', then ':').</summary>
    internal static bool HasScheme(string iri)
    {
        var colon = iri.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(iri[0]))
        {
            return false;
        }
        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(iri[i]) && iri[i] is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    private RdfLiteral StringLiteral()
    {
        var quote = Peek();
        var triple = _position + 2 < _text.Length && _text[_position + 1] == quote && _text[_position + 2] == quote;
        _position += triple ? 3 : 1;
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("the string is not closed");
            }
            var c = _text[_position];
            if (triple)
            {
                if (c == quote && _position + 2 < _text.Length && _text[_position + 1] == quote && _text[_position + 2] == quote)
                {
                    // """a"""" ends with the last three quotes: a quote just before them belongs to the string.
                    if (_position + 3 < _text.Length && _text[_position + 3] == quote)
                    {
                        value.Append(c);
                        _position++;
                        continue;
                    }
                    _position += 3;
                    break;
                }
            }
            else if (c == quote)
            {
                _position++;
                break;
            }
            else if (c is '\n' or '\r')
            {
                throw Error("a single-quoted string cannot span lines (use \"\"\" for long text)");
            }
            _position++;
            if (c == '\\')
            {
                value.Append(StringEscape());
            }
            else
            {
                value.Append(c);
            }
        }
        if (!AtEnd && Peek() == '@')
        {
            _position++;
            var tag = ReadWhile(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-');
            if (tag.Length == 0 || !char.IsAsciiLetter(tag[0]))
            {
                throw Error("a language tag is empty");
            }
            return new RdfLiteral(value.ToString(), tag);
        }
        if (!AtEnd && Peek() == '^' && _position + 1 < _text.Length && _text[_position + 1] == '^')
        {
            _position += 2;
            var datatype = IriOrBlank("a datatype");
            return datatype is RdfIri iri ? new RdfLiteral(value.ToString(), null, iri.Value == Xsd + "string" ? null : iri.Value)
                : throw Error("a datatype must be an IRI");
        }
        return new RdfLiteral(value.ToString());
    }

    private string StringEscape()
    {
        if (AtEnd)
        {
            throw Error("the string ends inside an escape");
        }
        var c = _text[_position];
        switch (c)
        {
            case 't': _position++; return "\t";
            case 'b': _position++; return "\b";
            case 'n': _position++; return "\n";
            case 'r': _position++; return "\r";
            case 'f': _position++; return "\f";
            case '"': _position++; return "\"";
            case '\'': _position++; return "'";
            case '\\': _position++; return "\\";
            case 'u' or 'U': return UnicodeEscape();
            default: throw Error($"'\\{c}' is not a string escape");
        }
    }

    /// <summary>Reads <c>uXXXX</c> or <c>UXXXXXXXX</c> (the backslash already consumed).</summary>
    private string UnicodeEscape()
    {
        if (AtEnd || Peek() is not ('u' or 'U'))
        {
            throw Error("only \\u and \\U escapes are allowed here");
        }
        var length = Peek() == 'u' ? 4 : 8;
        _position++;
        if (_position + length > _text.Length || !int.TryParse(_text.AsSpan(_position, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            throw Error("a \\u escape needs 4 (\\U: 8) hex digits of a Unicode scalar value");
        }
        _position += length;
        return char.ConvertFromUtf32(code);
    }

    private RdfLiteral Number()
    {
        var start = _position;
        if (Peek() is '+' or '-')
        {
            _position++;
        }
        ReadWhile(char.IsAsciiDigit);
        var datatype = "integer";
        if (!AtEnd && Peek() == '.' && _position + 1 < _text.Length && char.IsAsciiDigit(_text[_position + 1]))
        {
            _position++;
            ReadWhile(char.IsAsciiDigit);
            datatype = "decimal";
        }
        if (!AtEnd && Peek() is 'e' or 'E')
        {
            _position++;
            if (!AtEnd && Peek() is '+' or '-')
            {
                _position++;
            }
            if (ReadWhile(char.IsAsciiDigit).Length == 0)
            {
                throw Error("an exponent needs digits");
            }
            datatype = "double";
        }
        var text = _text[start.._position];
        if (text is "+" or "-" || text.Length == 0)
        {
            throw Error("a number needs digits");
        }
        return new RdfLiteral(text, null, Xsd + datatype);
    }

    private RdfBlankNode NewBlankNode() => new("t" + (++_blankNodes).ToString(CultureInfo.InvariantCulture));

    private bool AtEnd => _position >= _text.Length;

    private char Peek() => AtEnd ? '\0' : _text[_position];

    private void Expect(char c)
    {
        if (AtEnd || _text[_position] != c)
        {
            throw Error(AtEnd ? $"expected '{c}', found the end of the document" : $"expected '{c}', found '{_text[_position]}'");
        }
        _position++;
    }

    private string ReadWhile(Func<char, bool> accept)
    {
        var start = _position;
        while (!AtEnd && accept(_text[_position]))
        {
            _position++;
        }
        return _text[start.._position];
    }

    private bool StartsWithKeyword(string keyword) =>
        _position + keyword.Length < _text.Length
        && string.Compare(_text, _position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
        && char.IsWhiteSpace(_text[_position + keyword.Length]);

    private bool StartsWithWord(string word) =>
        string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0
        && (_position + word.Length >= _text.Length || !IsNameChar(_text[_position + word.Length]) && _text[_position + word.Length] != ':');

    private void SkipSpace()
    {
        while (!AtEnd)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '#')
            {
                while (!AtEnd && _text[_position] is not ('\n' or '\r'))
                {
                    _position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsNameStartChar(char c) => char.IsLetter(c) || c == '_' || (c > 0x7F && !char.IsWhiteSpace(c) && !char.IsPunctuation(c));

    private static bool IsNameChar(char c) =>
        IsNameStartChar(c) || char.IsAsciiDigit(c) || c is '-' or '\u00B7' || char.IsDigit(c) || char.IsSurrogate(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private RdfSyntaxException Error(string message)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < Math.Min(_position, _text.Length); i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return new RdfSyntaxException(message, line, column);
    }
}
