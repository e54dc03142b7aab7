using Agora.Privacy.Wording;

namespace Agora.Privacy.Detection;

/// <summary>The decision about one column.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Entity">The personal data it holds, or null.</param>
/// <param name="Confidence">0–1; findings below <see cref="ColumnClassifier.ReportThreshold"/> carry no entity.</param>
/// <param name="Suggestion">Direct identifier, quasi-identifier, sensitive or none.</param>
/// <param name="MatchShare">Share of non-empty values that matched the entity (in running text when
/// <paramref name="InFreeText"/>).</param>
/// <param name="InFreeText">The entity sits inside running text rather than being the whole value.</param>
/// <param name="Evidence">A short human explanation (header keyword, share, check digits) without any value.</param>
public sealed record ColumnFinding(
    string Column, PiiEntity? Entity, double Confidence, PiiSuggestion Suggestion, double MatchShare, bool InFreeText, string Evidence)
{
    /// <summary>The entity's report name, or null.</summary>
    public string? EntityName => Entity is { } entity ? PiiNames.Of(entity) : null;

    /// <summary>The suggestion's report name.</summary>
    public string SuggestionName => PiiNames.Of(Suggestion);
}

/// <summary>Decides what a column holds from its header and the signals of its values: checksum-validated identifiers
/// need no header, look-alike formats (national phone numbers, bare postcodes, dates, capitalised words) need the header
/// to agree, and a header that names a product, an order or a version vetoes the weaker value evidence.</summary>
public static class ColumnClassifier
{
    /// <summary>Findings at or above this confidence name an entity.</summary>
    public const double ReportThreshold = 0.5;

    private enum Strength
    {
        // Check digits or a distinctive syntax: a random look-alike is rare.
        Strong,

        // A syntax that other codes share sometimes (Luhn passes 1 in 10; dotted quads are also version numbers).
        Medium,

        // A syntax many non-personal values share (bare numbers, dates, capitalised words).
        Weak,
    }

    /// <summary>Classifies a column from its values (a sample or all of them).</summary>
    public static ColumnFinding Classify(string column, IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var evidence = new ColumnEvidence(column);
        foreach (var value in values)
        {
            evidence.Add(value);
        }
        return Classify(evidence);
    }

    /// <summary>Classifies a column.</summary>
    public static ColumnFinding Classify(ColumnEvidence evidence, HeaderEvidence? header = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        header ??= HeaderEvidence.Of(evidence.Column);
        ColumnFinding? best = null;
        foreach (var entity in PiiNames.AllEntities)
        {
            var candidate = Consider(entity, evidence, header);
            if (candidate is not null && (best is null || candidate.Confidence > best.Confidence))
            {
                best = candidate;
            }
        }
        var freeText = ConsiderFreeText(evidence, header);
        if (freeText is not null && (best is null || freeText.Confidence > best.Confidence))
        {
            best = freeText;
        }
        if (best is not null && best.Confidence >= ReportThreshold)
        {
            return best;
        }
        if (header.Category is PiiSuggestion.QuasiIdentifier or PiiSuggestion.Sensitive)
        {
            return new ColumnFinding(evidence.Column, null, 0.7, header.Category, 0, false, $"header '{header.Keyword}'");
        }
        return new ColumnFinding(evidence.Column, null, 0, PiiSuggestion.None, 0, false, "no personal data recognised");
    }

    private static ColumnFinding? Consider(PiiEntity entity, ColumnEvidence evidence, HeaderEvidence header)
    {
        if (evidence.Values == 0)
        {
            return null;
        }
        var named = header.Entity == entity;
        var share = evidence.ShareMatching(entity);
        var (strength, valueOnlyShare) = entity switch
        {
            PiiEntity.EmailAddress or PiiEntity.Url or PiiEntity.MacAddress or PiiEntity.Iban or PiiEntity.LuxembourgNationalId
                or PiiEntity.FrenchNir or PiiEntity.BelgianNationalNumber or PiiEntity.GermanTaxId or PiiEntity.EuVatNumber
                => (Strength.Strong, share),
            PiiEntity.PaymentCard or PiiEntity.IpAddress or PiiEntity.VehiclePlate or PiiEntity.StreetAddress => (Strength.Medium, share),
            PiiEntity.PhoneNumber => (Strength.Medium, evidence.Share(AuxiliarySignal.PhoneInternational)),
            PiiEntity.Postcode => (Strength.Medium, evidence.Share(AuxiliarySignal.PostcodeLabelled)),
            PiiEntity.PersonName => (Strength.Medium, evidence.Share(AuxiliarySignal.NameLexicon) >= 0.4 ? share : 0),
            _ => (Strength.Weak, 0.0),
        };
        if (named && share >= 0.5)
        {
            var confidence = Math.Min(0.99, 0.8 + (0.19 * share));
            return Found(entity, evidence, confidence, share, $"header '{header.Keyword}'");
        }
        if (strength == Strength.Strong && valueOnlyShare >= 0.8)
        {
            return Found(entity, evidence, 0.75 + (0.2 * valueOnlyShare), valueOnlyShare, "values");
        }
        if (strength == Strength.Medium && valueOnlyShare >= 0.85 && !header.Contrary)
        {
            return Found(entity, evidence, 0.6 + (0.2 * valueOnlyShare), valueOnlyShare, "values");
        }
        if (entity == PiiEntity.BirthDate && share >= 0.9 && !header.Contrary && header.Entity is null && LooksLikeBirthYears(evidence))
        {
            return Found(entity, evidence, 0.6, share, "dates spread over decades");
        }
        return null;
    }

    // Dates of birth spread over generations; dates of events (orders, visits) cluster within a few years.
    private static bool LooksLikeBirthYears(ColumnEvidence evidence) =>
        evidence.YearQuantile(0.05) is { } low && evidence.YearQuantile(0.95) is { } high && high - low >= 20 && low >= 1900;

    private static ColumnFinding? ConsiderFreeText(ColumnEvidence evidence, HeaderEvidence header)
    {
        if (evidence.Values == 0 || evidence.Share(AuxiliarySignal.FreeText) < 0.5)
        {
            return null;
        }
        PiiEntity? best = null;
        var bestShare = 0.0;
        foreach (var entity in PiiNames.AllEntities)
        {
            var share = evidence.ShareContaining(entity);
            if (share > bestShare)
            {
                best = entity;
                bestShare = share;
            }
        }
        if (best is not { } found || bestShare < 0.1)
        {
            return null;
        }
        var confidence = Math.Min(0.9, 0.55 + bestShare);
        return new ColumnFinding(evidence.Column, found, confidence, PiiSuggestion.DirectIdentifier, bestShare, true,
            string.Create(EnglishText.Culture, $"running text; {bestShare:P0} of values contain {PiiNames.Of(found)}")
            + (header.Keyword.Length > 0 ? $"; header '{header.Keyword}'" : ""));
    }

    private static ColumnFinding Found(PiiEntity entity, ColumnEvidence evidence, double confidence, double share, string reason) =>
        new(evidence.Column, entity, Math.Round(confidence, 3), PiiNames.SuggestionFor(entity), Math.Round(share, 4), false,
            string.Create(EnglishText.Culture, $"{reason}; {share:P0} of {evidence.Values} values match"));
}
