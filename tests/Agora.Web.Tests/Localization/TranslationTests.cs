using System.Text.RegularExpressions;
using Agora.Testing;
using Agora.Web.Localization;

namespace Agora.Web.Tests.Localization;

public sealed partial class TranslationTests
{
    /// <summary>Every UI string the pages ask for (<c>T["…"]</c> and the label methods) exists in French, German and
    /// Luxembourgish, with the same placeholders as the English text.</summary>
    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("lb")]
    public void EveryUiString_IsTranslated(string language)
    {
        var table = JsonStringLocalizer.Table(language);
        var missing = UsedKeys().Where(k => !table.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Missing {language} translations:\n" + string.Join("\n", missing));
        foreach (var (key, value) in table)
        {
            Assert.False(string.IsNullOrWhiteSpace(value), $"Empty {language} translation of '{key}'");
            Assert.Equal(Placeholders().Matches(key).Select(m => m.Value).Order(), Placeholders().Matches(value).Select(m => m.Value).Order());
        }
    }

    [Fact]
    public void UsedKeys_AreFound() => Assert.Contains("Publish a dataset", UsedKeys());

    private static HashSet<string> UsedKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var web = Path.Combine(RepositoryRoot.Path, "src", "Agora.Web");
        foreach (var file in Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match match in LocalizerCall().Matches(text))
            {
                keys.Add(match.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal));
            }
            foreach (Match method in LabelMethod().Matches(text))
            {
                foreach (Match literal in ArrowLiteral().Matches(method.Value))
                {
                    keys.Add(literal.Groups[1].Value);
                }
            }
        }
        return keys;
    }

    [GeneratedRegex(@"T\[\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizerCall();

    [GeneratedRegex(@"(?:Label|LabelOf|ChangeLabel|TypeLabel)\([^)]*\)\s*=>[^;]*;", RegexOptions.Singleline)]
    private static partial Regex LabelMethod();

    [GeneratedRegex(@"=>\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ArrowLiteral();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholders();
}
