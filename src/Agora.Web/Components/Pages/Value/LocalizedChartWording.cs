using System.Globalization;
using Agora.Data.Profiling.Charts;
using Agora.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Agora.Web.Components.Pages.Value;

/// <summary>The charts' own words (what a screen reader hears besides the title) in the reader's language.</summary>
public static class LocalizedChartWording
{
    public static ChartWording For(IStringLocalizer<Strings> T) => new()
    {
        Culture = CultureInfo.CurrentCulture,
        NotAssessed = T["not assessed"],
        NotAssessedMark = T["n/a"],
        GaugeNotAssessed = T["{0} was not assessed: nothing was declared to check it against."],
        GaugeScore = T["{0} scores {1}."],
        HistogramDescription = T["{0} bins from {1} to {2}; the fullest holds {3} values between {4} and {5}."],
        NoNumericValues = T["No numeric values."],
        NoValues = T["No values."],
        LabelledValue = T["{0}: {1}"],
    };
}
