using System.Globalization;

namespace Agora.Data.Ingestion;

/// <summary>The names of the rules an upload can break. Each is stable (the web layer uses it in the ProblemDetails
/// <c>type</c>, the CLI prints it) and documented in <c>docs/ingestion.md</c>.</summary>
public static class IngestionRule
{
    /// <summary>The file has no bytes, or no data at all.</summary>
    public const string EmptyFile = "empty-file";

    /// <summary>The file is larger than the configured limit.</summary>
    public const string FileTooLarge = "file-too-large";

    /// <summary>The file is not text (NUL bytes, control characters, or a known binary format such as ZIP or PDF).</summary>
    public const string BinaryData = "binary-data";

    /// <summary>The bytes are not valid in the file's (detected or declared) character encoding.</summary>
    public const string WrongEncoding = "wrong-encoding";

    /// <summary>The content is not one of the accepted formats, or contradicts the file's extension.</summary>
    public const string UnknownFormat = "unknown-format";

    /// <summary>A row has more or fewer fields than the header.</summary>
    public const string RaggedRow = "ragged-row";

    /// <summary>A quoted field is never closed.</summary>
    public const string UnbalancedQuote = "unbalanced-quote";

    /// <summary>A line is longer than the reader accepts.</summary>
    public const string LineTooLong = "line-too-long";

    /// <summary>A JSON Lines line is not a JSON object.</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>Two columns have the same name (names are compared without regard to case).</summary>
    public const string DuplicateColumnName = "duplicate-column-name";

    /// <summary>A column has no name.</summary>
    public const string EmptyColumnName = "empty-column-name";

    /// <summary>A value cannot be read as its column's type.</summary>
    public const string ValueDoesNotFitType = "value-does-not-fit-type";

    /// <summary>The ingestion plan does not match the file (unknown column, nothing left to store).</summary>
    public const string InvalidPlan = "invalid-plan";

    /// <summary>A short, human title for a rule (the ProblemDetails <c>title</c>).</summary>
    public static string TitleOf(string rule) => rule switch
    {
        EmptyFile => "The file is empty",
        FileTooLarge => "The file is too large",
        BinaryData => "The file is not text",
        WrongEncoding => "The file's character encoding is wrong",
        UnknownFormat => "The file format is not recognised",
        RaggedRow => "A row has the wrong number of fields",
        UnbalancedQuote => "A quoted field is not closed",
        LineTooLong => "A line is too long",
        MalformedJson => "A line is not a JSON object",
        DuplicateColumnName => "Two columns have the same name",
        EmptyColumnName => "A column has no name",
        ValueDoesNotFitType => "A value does not fit its column's type",
        InvalidPlan => "The ingestion plan does not match the file",
        _ => "The file cannot be ingested",
    };
}

/// <summary>Why an upload was refused: the rule it broke, where, and a sentence for the person who uploaded it. Nothing is
/// stored when this is raised.</summary>
/// <param name="Rule">One of <see cref="IngestionRule"/>.</param>
/// <param name="Row">The 1-based line of the source file where the problem is (the header, when there is one, is line 1;
/// for Parquet the 1-based row); <c>null</c> when the problem is the whole file.</param>
/// <param name="Column">The column's name as the plan names it (or its 1-based position when it has no name);
/// <c>null</c> when no single column is at fault.</param>
/// <param name="Message">A complete sentence that names the rule, row and column, with no cell values beyond the one at
/// fault.</param>
public sealed record IngestionError(string Rule, long? Row, string? Column, string Message)
{
    /// <summary>The short title of the rule.</summary>
    public string Title => IngestionRule.TitleOf(Rule);

    /// <summary>The message prefixed with the place, as the CLI prints it: <c>line 3, column "age": …</c>.</summary>
    public override string ToString()
    {
        var place = (Row, Column) switch
        {
            (not null, not null) => string.Create(CultureInfo.InvariantCulture, $"line {Row}, column \"{Column}\": "),
            (not null, null) => string.Create(CultureInfo.InvariantCulture, $"line {Row}: "),
            (null, not null) => $"column \"{Column}\": ",
            _ => "",
        };
        return $"{place}{Message} [{Rule}]";
    }
}

/// <summary>An upload that breaks a rule; carries the structured <see cref="IngestionError"/>.</summary>
public sealed class IngestionException : Exception
{
    /// <summary>Creates the exception for an error.</summary>
    public IngestionException(IngestionError error)
        : base(error?.ToString())
    {
        Error = error!;
    }

    /// <summary>Creates the exception for an error with its cause.</summary>
    public IngestionException(IngestionError error, Exception innerException)
        : base(error?.ToString(), innerException)
    {
        Error = error!;
    }

    /// <summary>Creates the exception.</summary>
    public IngestionException()
        : this(new IngestionError(IngestionRule.InvalidPlan, null, null, "The file cannot be ingested."))
    {
    }

    /// <summary>Creates the exception.</summary>
    public IngestionException(string message)
        : this(new IngestionError(IngestionRule.InvalidPlan, null, null, message))
    {
    }

    /// <summary>Creates the exception.</summary>
    public IngestionException(string message, Exception innerException)
        : this(new IngestionError(IngestionRule.InvalidPlan, null, null, message), innerException)
    {
    }

    /// <summary>What went wrong, where.</summary>
    public IngestionError Error { get; }

    internal static IngestionException Of(string rule, long? row, string? column, string message) =>
        new(new IngestionError(rule, row, column, message));
}
