using System.Globalization;

namespace Agora.Data.Profiling;

/// <summary>The unit a period or an age is said in.</summary>
public enum TimeWordUnit
{
    /// <summary>Hours (periods and ages under a day).</summary>
    Hour,

    /// <summary>Days; an age of 0 days reads "today".</summary>
    Day,

    /// <summary>Weeks (periods of one to three whole weeks).</summary>
    Week,

    /// <summary>Months (periods within about a day per month of whole months; ages from 60 days to under a year).</summary>
    Month,

    /// <summary>A quarter (89 to 92 days).</summary>
    Quarter,

    /// <summary>Years (periods within about a day per year of whole years; ages of a year or more).</summary>
    Year,
}

/// <summary>A period or an age as people say it: "every day", "every week", "every month", "1 day", "today", instead of
/// "every 1.0 days". Pages turn it into their language; <see cref="EnglishEvery"/> and <see cref="EnglishAgo"/> give the
/// English the profiling engine writes in its findings.</summary>
/// <param name="Unit">The unit it is said in.</param>
/// <param name="Count">How many of them (0 only for an age: "today" or "less than an hour").</param>
public readonly record struct TimeInWords(TimeWordUnit Unit, long Count)
{
    private const double DaysPerMonth = 365.25 / 12;
    private const double DaysPerYear = 365.25;

    // Ages under two months are said in days; older ones in months, then years (see Age).
    private const long DaysShownInDays = 60;

    // The most by which n calendar months (or years) fall short of n mean months (years): February makes spans of whole
    // months up to about 2.4 days shorter than their mean length.
    private const double CalendarSlackDays = 3;

    /// <summary>How an update period reads: daily is "every day", 7 days "every week", 30 or 31 days "every month",
    /// 92 days "every quarter", 365 or 366 days "every year", 6 hours "every 6 hours"; any other number of days stays in days.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is not positive.</exception>
    public static TimeInWords Period(TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        if (period < TimeSpan.FromDays(1))
        {
            return new(TimeWordUnit.Hour, Math.Max(1, (long)Math.Round(period.TotalHours)));
        }
        var days = (long)Math.Round(period.TotalDays);
        if (days is > 1 and < 28 && days % 7 == 0)
        {
            return new(TimeWordUnit.Week, days / 7);
        }
        // Calendar months and years vary in length (XmlConvert reads P1M as 30 days, "monthly" is 31): a day of slack per
        // month or year keeps them whole.
        var years = (long)Math.Round(days / DaysPerYear);
        if (years >= 1 && Math.Abs(days - (years * DaysPerYear)) <= years)
        {
            return new(TimeWordUnit.Year, years);
        }
        var months = (long)Math.Round(days / DaysPerMonth);
        if (months is >= 1 and < 12 && Math.Abs(days - (months * DaysPerMonth)) <= months)
        {
            return months == 3 ? new(TimeWordUnit.Quarter, 1) : new(TimeWordUnit.Month, months);
        }
        return new(TimeWordUnit.Day, days);
    }

    /// <summary>How old something is, as people say it: in whole hours when it is under a day old and the
    /// <paramref name="period"/> it is measured against is under a day too (0 reads "less than an hour"); in whole days
    /// under 60 days (0 reads "today"; "45 days" says more than "1 month"); then in whole months under a year ("3 months"),
    /// then in whole years ("1 year" up to the second year, "2 years"…). Months and years are counted down (an age of 5½
    /// months is "5 months old", as a person's age is), with 3 days of slack because calendar months run 28 to 31 days:
    /// an age of n calendar months is always at least n months, and 363 days or more is a year.</summary>
    public static TimeInWords Age(TimeSpan age, TimeSpan? period = null)
    {
        age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
        if (age < TimeSpan.FromDays(1) && period is { } p && p < TimeSpan.FromDays(1))
        {
            return new(TimeWordUnit.Hour, (long)Math.Floor(age.TotalHours));
        }
        var days = (long)Math.Floor(age.TotalDays);
        if (days < DaysShownInDays)
        {
            return new(TimeWordUnit.Day, days);
        }
        var months = (long)Math.Floor((days + CalendarSlackDays) / DaysPerMonth);
        return months < 12
            ? new(TimeWordUnit.Month, months)
            : new(TimeWordUnit.Year, (long)Math.Floor((days + CalendarSlackDays) / DaysPerYear));
    }

    /// <summary>"every day", "every 2 weeks", "every month", "every quarter", "every 6 hours"…</summary>
    public string EnglishEvery() => Count == 1 ? "every " + UnitName() : string.Create(CultureInfo.InvariantCulture, $"every {Count:N0} {UnitName()}s");

    /// <summary>"today", "less than an hour ago", "1 day ago", "12 days ago", "3 months ago", "1 year ago"…</summary>
    public string EnglishAgo() => (Unit, Count) switch
    {
        (TimeWordUnit.Day, 0) => "today",
        (TimeWordUnit.Hour, 0) => "less than an hour ago",
        (_, 1) => "1 " + UnitName() + " ago",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Count:N0} {UnitName()}s ago"),
    };

    private string UnitName() => Unit switch
    {
        TimeWordUnit.Hour => "hour",
        TimeWordUnit.Day => "day",
        TimeWordUnit.Week => "week",
        TimeWordUnit.Month => "month",
        TimeWordUnit.Quarter => "quarter",
        _ => "year",
    };
}
