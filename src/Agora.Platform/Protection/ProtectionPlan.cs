using System.Globalization;
using Agora.Privacy.Anonymisation;
using Agora.Privacy.Pseudonymisation;

namespace Agora.Platform.Protection;

/// <summary>What a data steward asks the protect step to do to a stored version (API body, built by the page and the CLI).</summary>
public sealed record ProtectionRequest
{
    /// <summary>Columns to pseudonymise, each with its method.</summary>
    public List<ColumnTreatmentInput> Columns { get; init; } = [];

    /// <summary>deterministic (default), per-document or randomised.</summary>
    public string Policy { get; init; } = "deterministic";

    /// <summary>Pseudonymise into this linkage project's domain (its slug) instead of the dataset's own.</summary>
    public string? LinkageProject { get; init; }

    /// <summary>Generalise quasi-identifiers until the privacy models hold.</summary>
    public AnonymisationInput? Anonymisation { get; init; }

    /// <summary>Without anonymisation: quasi-identifiers to report the re-identification risk on.</summary>
    public List<string> RiskQuasiIdentifiers { get; init; } = [];

    /// <summary>Size of the population the data were drawn from (population uniqueness, journalist risk).</summary>
    public long? PopulationSize { get; init; }
}

/// <summary>One column to pseudonymise: <c>hmac</c>, <c>siv</c>, <c>fpe</c>, <c>token</c>, <c>mask</c>, <c>redact</c>,
/// <c>shift-date</c> (with the subject column), <c>ip-prefix</c>, <c>email-domain</c> or <c>scrub</c>.</summary>
public sealed record ColumnTreatmentInput(string Column, string Method, string? Subject = null);

/// <summary>The anonymisation part of a protection request.</summary>
public sealed record AnonymisationInput
{
    public List<QuasiIdentifierInput> QuasiIdentifiers { get; init; } = [];

    /// <summary>Sensitive attributes protected by ℓ-diversity and t-closeness (kept as they are).</summary>
    public List<string> Sensitive { get; init; } = [];

    public int K { get; init; } = 5;

    /// <summary>distinct:L, entropy:L or recursive:C:L.</summary>
    public string? LDiversity { get; init; }

    /// <summary>T[:equal|hierarchical|ordered].</summary>
    public string? TCloseness { get; init; }

    /// <summary>Largest average re-identification risk allowed.</summary>
    public double? AverageRisk { get; init; }

    /// <summary>Largest share of records that may be suppressed, 0–1.</summary>
    public double Suppression { get; init; }

    /// <summary>loss (default), dm, dmstar, aecs, precision, height or entropy.</summary>
    public string Metric { get; init; } = "loss";

    /// <summary>Keep the builders given here as the dataset's hierarchies for its next versions.</summary>
    public bool SaveHierarchies { get; init; } = true;
}

/// <summary>A quasi-identifier and its hierarchy: a builder (<c>interval:5,10,20</c>, <c>date:month,year</c>,
/// <c>mask:1</c>, <c>group:2,4</c>, <c>suppress</c>), or null for the hierarchy saved for the dataset.</summary>
public sealed record QuasiIdentifierInput(string Column, string? Builder = null);

/// <summary>What was done to make a derived version: stored as <c>DatasetVersion.Derivation</c> (JSON). Method and
/// parameters, the anonymisation report and the risk before and after; never key material.</summary>
public sealed record ProtectionDerivation(
    string Kind,
    Guid SourceVersionId,
    int SourceVersion,
    PseudonymisationStep? Pseudonymisation,
    AnonymisationStep? Anonymisation,
    IReadOnlyList<string> QuasiIdentifiers,
    RiskSummary? RiskBefore,
    RiskSummary? RiskAfter)
{
    public const string ProtectKind = "protect";
    public const string LinkageKind = "linkage";
}

/// <summary>The pseudonymisation step: domain and key generation (identifiers, not keys), policy, columns and methods.</summary>
public sealed record PseudonymisationStep(Guid DomainId, DomainKind DomainKind, Guid DomainOwnerId, int KeyGeneration, string Policy,
    IReadOnlyList<ColumnTreatmentInput> Columns, string? Vault, long VaultEntries);

/// <summary>The anonymisation step and its report (fields as in <c>agora anonymise --report</c>).</summary>
public sealed record AnonymisationStep(
    IReadOnlyList<QuasiIdentifierStep> QuasiIdentifiers,
    IReadOnlyList<string> Sensitive,
    IReadOnlyList<string> Models,
    double SuppressionLimit,
    string Metric,
    long Suppressed,
    int Classes,
    long MinClassSize,
    double Score,
    QualityFigures Quality,
    long Checked,
    long LatticeSize,
    bool Optimal,
    double ElapsedMs);

/// <summary>A quasi-identifier, where its hierarchy came from (<c>builder:…</c> or <c>uploaded</c>) and the level chosen.</summary>
public sealed record QuasiIdentifierStep(string Column, string Hierarchy, int Level, int MaxLevel);

/// <summary>Every quality metric of the chosen transformation (null when not a finite number).</summary>
public sealed record QualityFigures(double? Loss, double? Discernibility, double? DiscernibilityStar, double? AverageClassSize, double? Precision,
    double? Height, double? NonUniformEntropy)
{
    public static QualityFigures From(QualityReport quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        return new(F(quality.Loss), F(quality.Discernibility), F(quality.DiscernibilityStar), F(quality.AverageClassSize), F(quality.Precision),
            F(quality.Height), F(quality.NonUniformEntropy));
    }

    private static double? F(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>The platform's reading of the anonymisation vocabulary (the same words as <c>agora anonymise</c>).</summary>
public static class AnonymisationVocabulary
{
    public static readonly IReadOnlyList<string> Metrics = ["loss", "dm", "dmstar", "aecs", "precision", "height", "entropy"];

    public static QualityMetric? ParseMetric(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "loss" or null or "" => QualityMetric.Loss,
        "dm" => QualityMetric.Discernibility,
        "dmstar" or "dm*" => QualityMetric.DiscernibilityStar,
        "aecs" => QualityMetric.AverageClassSize,
        "precision" => QualityMetric.Precision,
        "height" => QualityMetric.Height,
        "entropy" => QualityMetric.NonUniformEntropy,
        _ => null,
    };

    /// <summary>ℓ-diversity from <c>distinct:L</c>, <c>entropy:L</c> or <c>recursive:C:L</c>; null when malformed.</summary>
    public static PrivacyModel? ParseLDiversity(string attribute, string text)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        try
        {
            return parts[0].ToLowerInvariant() switch
            {
                "distinct" when parts.Length == 2 => new DistinctLDiversity(attribute, int.Parse(parts[1], CultureInfo.InvariantCulture)),
                "entropy" when parts.Length == 2 => new EntropyLDiversity(attribute, double.Parse(parts[1], CultureInfo.InvariantCulture)),
                "recursive" when parts.Length == 3 => new RecursiveCLDiversity(attribute,
                    double.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)),
                _ => null,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>t-closeness from <c>T[:equal|hierarchical|ordered]</c>; null when malformed.</summary>
    public static (double T, GroundDistance Distance)? ParseTCloseness(string text)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !(t >= 0 && t <= 1) || parts.Length > 2)
        {
            return null;
        }
        GroundDistance? distance = parts.Length == 1 ? GroundDistance.Equal : parts[1].ToLowerInvariant() switch
        {
            "equal" => GroundDistance.Equal,
            "hierarchical" => GroundDistance.Hierarchical,
            "ordered" => GroundDistance.Ordered,
            _ => null,
        };
        return distance is { } d ? (t, d) : null;
    }

    /// <summary>A hierarchy builder suggested for a quasi-identifier of a stored type and a detected entity.</summary>
    public static string SuggestBuilder(string storedType, string? entity) => (storedType, entity) switch
    {
        (_, "postcode") => "mask:1",
        ("Date" or "Timestamp", _) or (_, "birth_date") => "date:month,year,decade",
        ("Integer" or "Decimal", _) => "interval:5,10,20",
        _ => "suppress",
    };

    /// <summary>The method names a steward can choose from.</summary>
    public static IReadOnlyList<string> Methods => TreatmentPlan.MethodNames;
}
