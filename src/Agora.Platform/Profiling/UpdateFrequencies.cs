namespace Agora.Platform.Profiling;

/// <summary>The period behind each code of the EU frequency vocabulary a dataset declares, for timeliness.</summary>
public static class UpdateFrequencies
{
    /// <summary>The expected refresh period, or null when the code promises none (irregular, never, unknown, not set).</summary>
    public static TimeSpan? PeriodOf(string? code) => code switch
    {
        // "Continuously updated" data that has not changed for a day is late.
        "UPDATE_CONT" or "DAILY" => TimeSpan.FromDays(1),
        "WEEKLY" => TimeSpan.FromDays(7),
        "MONTHLY" => TimeSpan.FromDays(31),
        "QUARTERLY" => TimeSpan.FromDays(92),
        "ANNUAL" => TimeSpan.FromDays(366),
        _ => null,
    };
}
