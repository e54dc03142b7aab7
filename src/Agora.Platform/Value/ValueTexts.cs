using Agora.Data.Profiling;
using Agora.Privacy.Wording;

namespace Agora.Platform.Value;

/// <summary>An explanation in the value report: an English template with numbered placeholders and its arguments. The API
/// gives the English text; pages translate the template (every template is in <see cref="ValueTexts"/> and translated).</summary>
public sealed record ValueText(string Template, IReadOnlyList<object> Arguments)
{
    /// <summary>The English text; an argument that is itself a <see cref="ValueText"/> (a phrase such as "every day") is
    /// put in as its English text.</summary>
    public string English => string.Format(EnglishText.Culture, Template, [.. Arguments.Select(a => a is ValueText phrase ? phrase.English : a)]);

    public static ValueText Of(string template, params object[] arguments) => new(template, arguments);
}

/// <summary>Every sentence of the value report (docs/value.md).</summary>
public static class ValueTexts
{
    public const string NotAssessedYet = "Not assessed yet: the profile of the newest version is being computed.";
    public const string ProfileFailed = "Not assessed: profiling the newest version failed.";
    public const string NoVersion = "Not assessed: the dataset has no version yet.";

    public const string QualityOverall = "Mean of the assessed quality dimensions: {0:P0}.";
    public const string QualityCompleteness = "Completeness {0:P0}: share of filled cells.";
    public const string QualityValidity = "Validity {0:P0}: share of checked cells that meet the declared constraints.";
    public const string QualityUniqueness = "Uniqueness {0:P0}: {1:N0} duplicate rows.";
    public const string QualityConsistency = "Consistency {0:P0}: share of rows that satisfy every declared rule.";
    public const string QualityTimeliness = "Timeliness {0:P0}: the newest version {1}; updates are expected {2}.";
    public const string RaiseDeclareConstraints = "Declare column constraints (type, range, pattern, allowed values) so that validity is measured.";
    public const string RaiseDeclareRules = "Declare consistency rules between columns so that consistency is measured.";
    public const string RaiseDeclareFrequency = "Declare an update frequency so that timeliness is measured.";
    public const string RaiseFreshVersion = "Upload a fresh version: the newest {0}.";
    public const string RaiseFixFinding = "Fix the {0:N0} rows failing \"{1}\" on column {2}.";
    public const string RaiseFixRule = "Fix the {0:N0} rows failing \"{1}\".";
    public const string RaiseRemoveDuplicates = "Remove the {0:N0} duplicate rows.";
    public const string RaiseFillColumn = "Fill the missing values of column {0} ({1:N0} empty cells).";

    public const string CoverageTime = "Time: {0:0.#} years covered ({1:P0} of the 10 years that count in full).";
    public const string CoverageTimeFromData = "Time: the data spans {0:0.#} years ({1:P0} of the 10 years that count in full), read from column {2}.";
    public const string CoverageNoTime = "Time: no temporal coverage declared and no date column.";
    public const string CoverageNational = "Space: national coverage declared ({0}).";
    public const string CoverageLocal = "Space: local coverage declared ({0}).";
    public const string CoverageSpaceFromColumn = "Space: no coverage declared, but column {0} locates the rows.";
    public const string CoverageNoSpace = "Space: no spatial coverage declared and no location column.";
    public const string CoveragePopulation = "Population: {0:N0} rows ({1:P0}; a million rows count in full).";
    public const string RaiseDeclareTemporal = "Declare the temporal coverage (start and end dates) in the description.";
    public const string RaiseDeclareSpatial = "Declare the spatial coverage in the description.";
    public const string RaiseLongerSeries = "Publish a longer time series: each year adds to coverage up to ten years.";
    public const string RaiseMoreRows = "Publish more of the population (more rows) when you hold it.";

    public const string NoveltyShare = "{0:P0} of the distinct values of its comparable key columns are in no other published dataset.";
    public const string NoveltyColumn = "Column {0}: {1:P0} of its values are also in {2} (column {3}).";
    public const string NoveltyColumnUnique = "Column {0}: its values are in no other published dataset.";
    public const string NoveltyNoColumns = "Not assessed: it has no key column that can be compared with other datasets.";
    public const string RaiseNovelty = "Most of its key values exist elsewhere already: what makes it worth more is the attributes it adds to them.";
    public const string RaiseNoveltyHigh = "It holds content that no other published dataset has: describe it well so that it is found.";

    public const string LinkabilityCount = "It joins with {0:N0} published datasets (at least half of a key column's values found in theirs; five count in full).";
    public const string LinkabilityPair = "{0} → {1}, column {2} ({3:P0} of the values).";
    public const string RaiseAddKey = "Add a key column with standard codes (commune, postcode, NACE code, identifiers through pseudonyms) so that other datasets can join with it.";
    public const string NoRowsToCompare = "Not assessed: the newest version has no rows, so it has no values to compare with other datasets.";
    public const string RaiseAddRows = "Publish a version that holds rows: its values can then be compared and joined with other datasets.";
    public const string RaiseStandardCodes = "Use standard codes in its key columns: every dataset it joins with adds to linkability.";

    public const string DemandCounts = "In the last 90 days: {0:N0} searches found it, {1:N0} views and {2:N0} downloads by other organisations, {3:N0} access requests, {4:N0} matching \"data wanted\" posts.";
    public const string DemandNotPublished = "Only a published dataset is in demand.";
    public const string RaiseDemandWords = "Describe it with the words people search for (title and keywords in every language).";
    public const string RaiseDemandWanted = "Answer the \"data wanted\" posts that match it.";
    public const string RaisePublish = "Publish it: only published datasets are searched, viewed and requested.";

    public const string UseCounts = "{0:N0} agreements signed ({1:N0} in force, {2:N0} expired or revoked) and {3:N0} controlled queries answered under them.";
    public const string RaiseUse = "Offer it under an access agreement, or as open data, so that others can use it.";

    // Phrases put into the timeliness sentences (see Every and Age), so that each language words its own singulars.
    public const string EveryHour = "every hour";
    public const string EveryHours = "every {0:N0} hours";
    public const string EveryDay = "every day";
    public const string EveryDays = "every {0:N0} days";
    public const string EveryWeek = "every week";
    public const string EveryWeeks = "every {0:N0} weeks";
    public const string EveryMonth = "every month";
    public const string EveryMonths = "every {0:N0} months";
    public const string EveryQuarter = "every quarter";
    public const string EveryYear = "every year";
    public const string EveryYears = "every {0:N0} years";
    public const string AgeToday = "is from today";
    public const string AgeUnderAnHour = "is less than an hour old";
    public const string AgeHour = "is 1 hour old";
    public const string AgeHours = "is {0:N0} hours old";
    public const string AgeDay = "is 1 day old";
    public const string AgeDays = "is {0:N0} days old";
    public const string AgeMonth = "is 1 month old";
    public const string AgeMonths = "is {0:N0} months old";
    public const string AgeYear = "is 1 year old";
    public const string AgeYears = "is {0:N0} years old";

    /// <summary>An update period as a phrase: "every day", "every week", "every month", "every 10 days"…</summary>
    public static ValueText Every(TimeSpan period)
    {
        var words = TimeInWords.Period(period);
        return (words.Unit, words.Count) switch
        {
            (TimeWordUnit.Hour, 1) => ValueText.Of(EveryHour),
            (TimeWordUnit.Hour, var n) => ValueText.Of(EveryHours, n),
            (TimeWordUnit.Day, 1) => ValueText.Of(EveryDay),
            (TimeWordUnit.Day, var n) => ValueText.Of(EveryDays, n),
            (TimeWordUnit.Week, 1) => ValueText.Of(EveryWeek),
            (TimeWordUnit.Week, var n) => ValueText.Of(EveryWeeks, n),
            (TimeWordUnit.Month, 1) => ValueText.Of(EveryMonth),
            (TimeWordUnit.Month, var n) => ValueText.Of(EveryMonths, n),
            (TimeWordUnit.Quarter, _) => ValueText.Of(EveryQuarter),
            (TimeWordUnit.Year, 1) => ValueText.Of(EveryYear),
            (_, var n) => ValueText.Of(EveryYears, n),
        };
    }

    /// <summary>The age of the newest version as a phrase after "the newest version": "is from today", "is 1 day old",
    /// "is 12 days old", "is 3 months old", "is 1 year old" (in hours when both it and the update <paramref name="period"/>
    /// are under a day; months from 60 days, years from a year: see <see cref="TimeInWords.Age"/>).</summary>
    public static ValueText Age(TimeSpan age, TimeSpan? period)
    {
        var words = TimeInWords.Age(age, period);
        return (words.Unit, words.Count) switch
        {
            (TimeWordUnit.Hour, 0) => ValueText.Of(AgeUnderAnHour),
            (TimeWordUnit.Hour, 1) => ValueText.Of(AgeHour),
            (TimeWordUnit.Hour, var n) => ValueText.Of(AgeHours, n),
            (TimeWordUnit.Month, 1) => ValueText.Of(AgeMonth),
            (TimeWordUnit.Month, var n) => ValueText.Of(AgeMonths, n),
            (TimeWordUnit.Year, 1) => ValueText.Of(AgeYear),
            (TimeWordUnit.Year, var n) => ValueText.Of(AgeYears, n),
            (_, 0) => ValueText.Of(AgeToday),
            (_, 1) => ValueText.Of(AgeDay),
            (_, var n) => ValueText.Of(AgeDays, n),
        };
    }

    /// <summary>Every template, for the translation test.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. typeof(ValueTexts).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)];
}
