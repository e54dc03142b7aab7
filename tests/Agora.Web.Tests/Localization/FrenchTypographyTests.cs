using System.Text.Json;
using System.Text.RegularExpressions;
using Agora.Testing;

namespace Agora.Web.Tests.Localization;

/// <summary>
/// French typography in every <c>fr.*.json</c> resource file. The rule, after each placeholder (<c>{0}</c>, <c>{1:P0}</c>)
/// is read as a word:
/// <list type="bullet">
/// <item>A <c>: ; ? !</c> that ends a clause (followed by white space, the end of the text, or <c>) ] » . ,</c>) has a
/// non-breaking space U+00A0 right before it, and no other space: not a plain space, not U+202F, not nothing.</item>
/// <item>A mark followed by anything else is not punctuation and is left alone: a URL (<c>https://</c>), a time
/// (<c>10:30</c>), an option (<c>interval:5</c>), an operator (<c>!=</c>), a placeholder's format (<c>{0:N0}</c>).</item>
/// <item><c>«</c> is followed and <c>»</c> preceded by U+00A0; French text quotes with guillemets, never with “ ” or ".</item>
/// <item>A code sample whose colon is syntax the reader types (<see cref="Syntax"/>) is written as typed.</item>
/// </list>
/// U+00A0 rather than the narrow U+202F: it is what the files used first, and one character keeps them searchable.
/// </summary>
public sealed partial class FrenchTypographyTests
{
    private const char NoBreakSpace = '\u00A0';

    /// <summary>Code samples in French values, where the colon is the syntax a form expects (<c>column: lower..upper</c>).</summary>
    private static readonly string[] Syntax = ["colonne: min..max", "colonne: valeur, valeur, …"];

    public static TheoryData<string> FrenchFiles() => [.. FrenchFileNames()];

    private static List<string> FrenchFileNames() =>
        [.. Directory.EnumerateFiles(LocalizationFolder, "fr.*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(FrenchFiles))]
    public void EveryFrenchText_FollowsFrenchTypography(string file)
    {
        using var stream = File.OpenRead(Path.Combine(LocalizationFolder, file));
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!;
        var faults = texts.SelectMany(t => Faults(t.Value).Select(f => $"{file}: \"{t.Key}\": {f}")).ToList();
        Assert.True(faults.Count == 0, "French typography (U+00A0 shown as ⍽):\n" + string.Join("\n", faults));
    }

    [Fact]
    public void EveryFrenchFile_IsChecked() => Assert.Contains("fr.value.json", FrenchFileNames());

    /// <summary>A page does not write a colon of its own after a label that markup follows ("@T["File"]: &lt;strong&gt;"):
    /// French would read "Fichier: …". It writes <c>@Colon</c>, or puts text and value through a template.</summary>
    [Fact]
    public void Pages_WriteNoColonOfTheirOwnAfterALabel()
    {
        var components = Path.Combine(RepositoryRoot.Path, "src", "Agora.Web", "Components");
        var found = Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => LabelColon().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: …{m.Value}"))
            .ToList();
        Assert.True(found.Count == 0, "A colon written into markup after a label (use @Colon):\n" + string.Join("\n", found));
    }

    /// <summary>The rule itself: what it finds and what it leaves alone.</summary>
    [Theory]
    [InlineData("Qualité : 80 %", 1)]
    [InlineData("Qualité: 80 %", 1)]
    [InlineData("Qualité\u202F: 80 %", 1)]
    [InlineData("Qualité \u00A0: 80 %", 1)]
    [InlineData("Pas encore de compte ?", 1)]
    [InlineData("Attention!", 1)]
    [InlineData("{0}; {1} restant", 1)]
    [InlineData("Votre rôle : {0}", 1)]
    [InlineData("Erreur ({0} : {1}).", 1)]
    [InlineData("le séparateur « {0} »", 2)]
    [InlineData("le séparateur “{0}”", 2)]
    [InlineData("le séparateur \"{0}\"", 2)]
    [InlineData("Qualité\u00A0: 80\u00A0%\u00A0; rien\u00A0? enfin\u00A0!", 0)]
    [InlineData("le séparateur «\u00A0{0}\u00A0»", 0)]
    [InlineData("Voir https://example.org/a?b=c à 10:30, interval:5, a != b, {0:N0} lignes, {0}:{1}.", 0)]
    [InlineData("Bornes, une par ligne\u00A0: colonne: min..max", 0)]
    public void Faults_FindsEachViolation(string text, int expected) => Assert.Equal(expected, Faults(text).Count);

    private static List<string> Faults(string text)
    {
        var faults = new List<string>();
        foreach (var sample in Syntax)
        {
            text = text.Replace(sample, "", StringComparison.Ordinal);
        }
        // A placeholder reads as a word; its format's colon is not punctuation.
        var words = Placeholder().Replace(text, "X");
        foreach (Match mark in ClauseEnd().Matches(words))
        {
            var i = mark.Index;
            var before = i > 0 ? words[i - 1] : '\0';
            if (before != NoBreakSpace || (i > 1 && char.IsWhiteSpace(words[i - 2])))
            {
                faults.Add("no single non-breaking space before '" + mark.Value + "' in \"" + Around(words, i) + "\"");
            }
        }
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] == '«' && (i + 1 >= words.Length || words[i + 1] != NoBreakSpace))
            {
                faults.Add("no non-breaking space after « in \"" + Around(words, i) + "\"");
            }
            if (words[i] == '»' && (i == 0 || words[i - 1] != NoBreakSpace))
            {
                faults.Add("no non-breaking space before » in \"" + Around(words, i) + "\"");
            }
            if (words[i] is '“' or '”' or '"')
            {
                faults.Add("English quotation marks instead of « » in \"" + Around(words, i) + "\"");
            }
        }
        return faults;
    }

    private static string Around(string text, int index)
    {
        var start = Math.Max(0, index - 20);
        return text[start..Math.Min(text.Length, index + 10)].Replace(NoBreakSpace, '⍽');
    }

    private static string LocalizationFolder => Path.Combine(RepositoryRoot.Path, "src", "Agora.Web", "Localization");

    /// <summary>": " between an expression, a localised text or a closing tag and the markup or expression that follows.</summary>
    [GeneratedRegex(@"(?:</(?:a|code|strong|em|b|i)>|@T\[""[^""\n]*""\]|[\w)\]]): (?=[@<])")]
    private static partial Regex LabelColon();

    [GeneratedRegex(@"\{[0-9]+(?:,[^{}]*)?(?::[^{}]*)?\}")]
    private static partial Regex Placeholder();

    /// <summary>A mark that ends a clause: followed by white space (U+00A0 included), the end, or closing punctuation.</summary>
    [GeneratedRegex(@"[:;?!](?=$|\s|[)\]».,])")]
    private static partial Regex ClauseEnd();
}
