namespace Agora.Data.Querying;

/// <summary>The rules a query can be refused under; stable names for the audit log and the API.</summary>
public static class QueryRules
{
    /// <summary>The SQL does not parse.</summary>
    public const string Syntax = "syntax";

    /// <summary>More (or less) than one statement.</summary>
    public const string SingleStatement = "single-statement";

    /// <summary>Not a SELECT (PRAGMA, SET, ATTACH, COPY, INSTALL, LOAD, EXPORT, DDL, DML…).</summary>
    public const string SelectOnly = "select-only";

    /// <summary>A relation that was not granted.</summary>
    public const string GrantedRelationsOnly = "granted-relations-only";

    /// <summary>A table function (read_csv, read_parquet, glob, …) or a file path used as a table.</summary>
    public const string NoTableFunctions = "no-table-functions";

    /// <summary>A function or construct outside the allow-list.</summary>
    public const string AllowedFunctions = "allowed-functions";

    /// <summary>An SQL construct that is not supported.</summary>
    public const string UnsupportedConstruct = "unsupported-construct";

    /// <summary>Row-level output where only aggregates are allowed, or an aggregate outside the restricted form.</summary>
    public const string AggregatesOnly = "aggregates-only";

    /// <summary>A column without the public metadata differential privacy needs (bounds, keys).</summary>
    public const string PrivacyMetadata = "privacy-metadata";

    /// <summary>The privacy budget would be exceeded.</summary>
    public const string PrivacyBudget = "privacy-budget";

    /// <summary>The SQL text is too long or too deeply nested.</summary>
    public const string Size = "size";

    /// <summary>Approved algorithm arguments.</summary>
    public const string AlgorithmArguments = "algorithm-arguments";
}

/// <summary>A query refused before it ran; <see cref="Rule"/> names the rule, the message explains it in plain words.</summary>
public sealed class QueryRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QueryRefusedException(string rule, string message)
        : base(message)
    {
        Rule = rule;
    }

    /// <summary>Creates the exception.</summary>
    public QueryRefusedException()
    {
        Rule = QueryRules.Syntax;
    }

    /// <summary>Creates the exception.</summary>
    public QueryRefusedException(string message)
        : this(QueryRules.Syntax, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public QueryRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Rule = QueryRules.Syntax;
    }

    /// <summary>The rule that refused the query (<see cref="QueryRules"/>).</summary>
    public string Rule { get; }
}

/// <summary>A query that was accepted but failed while running (time or memory limit, data error). Any budget charged for it
/// is refunded.</summary>
public sealed class QueryFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QueryFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public QueryFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public QueryFailedException()
    {
    }
}
