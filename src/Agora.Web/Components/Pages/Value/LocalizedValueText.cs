using Agora.Platform.Value;
using Agora.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Agora.Web.Components.Pages.Value;

/// <summary>A value-report sentence in the reader's language: the template is translated, then filled; an argument that
/// is itself a phrase ("every day", "is 3 days old") is translated first, so each language words its own singulars.</summary>
public static class LocalizedValueText
{
    public static string Say(IStringLocalizer<Strings> T, ValueText text) =>
        T[text.Template, [.. text.Arguments.Select(a => a is ValueText phrase ? Say(T, phrase) : a)]];
}
