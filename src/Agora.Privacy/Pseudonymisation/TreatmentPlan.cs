using Agora.Privacy.Detection;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>The techniques a column can be treated with (the <c>METHOD</c> of <c>agora pseudonymise --column COL=METHOD</c>).</summary>
public enum PseudonymisationMethod
{
    /// <summary>Keyed HMAC-SHA-256 pseudonym; one-way.</summary>
    Hmac,

    /// <summary>AES-GCM-SIV encryption; reversible with the domain key.</summary>
    Siv,

    /// <summary>FF1 format-preserving encryption; reversible.</summary>
    Fpe,

    /// <summary>Random token with the original sealed in a vault; reversible through the vault.</summary>
    Token,

    /// <summary>All but the last characters masked; irreversible.</summary>
    Mask,

    /// <summary>The value removed (null); irreversible.</summary>
    Redact,

    /// <summary>Dates shifted by a secret per-subject offset; reversible with the key and the subject.</summary>
    ShiftDate,

    /// <summary>Prefix-preserving IP pseudonym; reversible.</summary>
    IpPrefix,

    /// <summary>E-mail local part pseudonymised, domain kept; one-way.</summary>
    EmailDomain,

    /// <summary>Personal data found inside running text replaced by placeholders; irreversible.</summary>
    Scrub,
}

/// <summary>How values are pseudonymised across documents (ENISA 2019).</summary>
public enum PseudonymisationPolicy
{
    /// <summary>The same value gives the same pseudonym in every document of the domain (linkable).</summary>
    Deterministic,

    /// <summary>The same value gives the same pseudonym within one document, different ones across documents.</summary>
    PerDocument,

    /// <summary>Every occurrence gets a different pseudonym (unlinkable even within a document).</summary>
    FullyRandomised,
}

/// <summary>The storage kind of a column, as far as treatments care.</summary>
public enum ColumnKind
{
    /// <summary>Text.</summary>
    Text,

    /// <summary>Whole numbers.</summary>
    Integer,

    /// <summary>Fractional numbers.</summary>
    Decimal,

    /// <summary>Calendar dates.</summary>
    Date,

    /// <summary>Dates with a time of day.</summary>
    Timestamp,

    /// <summary>True/false.</summary>
    Boolean,

    /// <summary>Anything else (lists, structs, blobs).</summary>
    Other,
}

/// <summary>One column's treatment.</summary>
/// <param name="Column">The column.</param>
/// <param name="Method">The technique.</param>
/// <param name="SubjectColumn">For <see cref="PseudonymisationMethod.ShiftDate"/>: the column that identifies the subject
/// whose dates move together.</param>
public sealed record ColumnTreatment(string Column, PseudonymisationMethod Method, string? SubjectColumn = null);

/// <summary>A per-column treatment plan: what the publish flow proposes from detection findings and the steward accepts or
/// changes, and what <c>agora pseudonymise</c> builds from its <c>--column</c> options. Validation happens before any data
/// is touched, so a wrong plan fails fast with a message naming the column and the rule.</summary>
public sealed record TreatmentPlan(IReadOnlyList<ColumnTreatment> Treatments, PseudonymisationPolicy Policy = PseudonymisationPolicy.Deterministic)
{
    /// <summary>The command-line name of a method.</summary>
    public static string NameOf(PseudonymisationMethod method) => method switch
    {
        PseudonymisationMethod.Hmac => "hmac",
        PseudonymisationMethod.Siv => "siv",
        PseudonymisationMethod.Fpe => "fpe",
        PseudonymisationMethod.Token => "token",
        PseudonymisationMethod.Mask => "mask",
        PseudonymisationMethod.Redact => "redact",
        PseudonymisationMethod.ShiftDate => "shift-date",
        PseudonymisationMethod.IpPrefix => "ip-prefix",
        PseudonymisationMethod.EmailDomain => "email-domain",
        PseudonymisationMethod.Scrub => "scrub",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Every method's command-line name.</summary>
    public static IReadOnlyList<string> MethodNames { get; } = Enum.GetValues<PseudonymisationMethod>().Select(NameOf).ToArray();

    /// <summary>Parses a command-line method name.</summary>
    public static PseudonymisationMethod ParseMethod(string name)
    {
        foreach (var method in Enum.GetValues<PseudonymisationMethod>())
        {
            if (string.Equals(NameOf(method), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return method;
            }
        }
        throw new PseudonymisationException($"unknown method '{name}'; expected one of: {string.Join(", ", MethodNames)}.");
    }

    /// <summary>Parses a policy name (<c>deterministic</c>, <c>per-document</c>, <c>randomised</c>).</summary>
    public static PseudonymisationPolicy ParsePolicy(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "deterministic" => PseudonymisationPolicy.Deterministic,
        "per-document" or "document" => PseudonymisationPolicy.PerDocument,
        "randomised" or "randomized" or "fully-randomised" => PseudonymisationPolicy.FullyRandomised,
        _ => throw new PseudonymisationException($"unknown policy '{name}'; expected deterministic, per-document or randomised."),
    };

    /// <summary>True when the holder of the domain key can get the original back.</summary>
    public static bool IsReversible(PseudonymisationMethod method) =>
        method is PseudonymisationMethod.Siv or PseudonymisationMethod.Fpe or PseudonymisationMethod.Token
            or PseudonymisationMethod.IpPrefix or PseudonymisationMethod.ShiftDate;

    /// <summary>Why a method cannot treat a column of a kind, or null when it can.</summary>
    public static string? Refusal(PseudonymisationMethod method, ColumnKind kind) => method switch
    {
        PseudonymisationMethod.Hmac or PseudonymisationMethod.Siv or PseudonymisationMethod.Token or PseudonymisationMethod.Redact
            => kind == ColumnKind.Other ? "needs a column of scalar values" : null,
        PseudonymisationMethod.Fpe => kind is ColumnKind.Text or ColumnKind.Integer ? null : "needs a text or whole-number column",
        PseudonymisationMethod.Mask or PseudonymisationMethod.EmailDomain or PseudonymisationMethod.IpPrefix or PseudonymisationMethod.Scrub
            => kind == ColumnKind.Text ? null : "needs a text column",
        PseudonymisationMethod.ShiftDate => kind is ColumnKind.Date or ColumnKind.Timestamp or ColumnKind.Text ? null : "needs a date or timestamp column",
        _ => "is not supported",
    };

    /// <summary>Checks the plan against a schema (column name → kind).</summary>
    /// <exception cref="PseudonymisationException">An unknown column, a column treated twice, a method that does not fit
    /// the column's kind, or a date shift without a subject column.</exception>
    public void Validate(IReadOnlyDictionary<string, ColumnKind> schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (Treatments.Count == 0)
        {
            throw new PseudonymisationException("Name at least one column to treat (--column COL=METHOD).");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var treatment in Treatments)
        {
            if (!schema.TryGetValue(treatment.Column, out var kind))
            {
                throw new PseudonymisationException($"column '{treatment.Column}' is not in the input; columns are: {string.Join(", ", schema.Keys)}.");
            }
            if (!seen.Add(treatment.Column))
            {
                throw new PseudonymisationException($"column '{treatment.Column}' is treated twice.");
            }
            if (Refusal(treatment.Method, kind) is { } reason)
            {
                throw new PseudonymisationException(
                    $"column '{treatment.Column}' ({kind.ToString().ToLowerInvariant()}): {NameOf(treatment.Method)} {reason}.");
            }
            if (Policy != PseudonymisationPolicy.Deterministic
                && treatment.Method is PseudonymisationMethod.Fpe or PseudonymisationMethod.IpPrefix or PseudonymisationMethod.ShiftDate)
            {
                throw new PseudonymisationException(
                    $"column '{treatment.Column}': {NameOf(treatment.Method)} is deterministic by construction (its output carries no nonce); use the deterministic policy.");
            }
            if (Policy == PseudonymisationPolicy.FullyRandomised && treatment.Method == PseudonymisationMethod.Token)
            {
                throw new PseudonymisationException(
                    $"column '{treatment.Column}': token keeps one vault entry per distinct value; for a different pseudonym at every occurrence use siv with the randomised policy.");
            }
            if (treatment.Method == PseudonymisationMethod.ShiftDate)
            {
                if (treatment.SubjectColumn is null)
                {
                    throw new PseudonymisationException($"column '{treatment.Column}': shift-date needs the subject column (--subject COL) so that one person's dates move together.");
                }
                if (!schema.ContainsKey(treatment.SubjectColumn))
                {
                    throw new PseudonymisationException($"subject column '{treatment.SubjectColumn}' is not in the input.");
                }
            }
        }
    }

    /// <summary>The treatment suggested for a detection finding, or null when the column is best left to anonymisation
    /// (quasi-identifiers) or needs nothing.</summary>
    public static PseudonymisationMethod? Suggest(ColumnFinding finding, ColumnKind kind)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Entity is not { } entity)
        {
            return null;
        }
        if (finding.InFreeText)
        {
            return PseudonymisationMethod.Scrub;
        }
        PseudonymisationMethod? method = entity switch
        {
            PiiEntity.EmailAddress => PseudonymisationMethod.EmailDomain,
            PiiEntity.IpAddress => PseudonymisationMethod.IpPrefix,
            PiiEntity.BirthDate or PiiEntity.Postcode => null,
            PiiEntity.PaymentCard => PseudonymisationMethod.Mask,
            PiiEntity.Url or PiiEntity.StreetAddress => PseudonymisationMethod.Redact,
            _ => PseudonymisationMethod.Hmac,
        };
        return method is { } m && Refusal(m, kind) is null ? m : method is null ? null : PseudonymisationMethod.Hmac;
    }
}
