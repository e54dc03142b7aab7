using Agora.Privacy.Anonymisation;

namespace Agora.Privacy.Tests.Anonymisation;

/// <summary>The ARX adult benchmark from the shared references (../shared/external/arx/ beside the repository).</summary>
internal static class AdultData
{
    public static readonly string[] QuasiIdentifiers =
        ["age", "sex", "race", "marital-status", "education", "native-country", "workclass", "occupation"];

    private static readonly Lazy<(string[] Header, List<string[]> Rows)> Table = new(() =>
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "adult.csv"));
        var header = lines[0].Split(';');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();
        return (header, rows);
    });

    public static string Folder => Path.Combine(Agora.Testing.RepositoryRoot.Shared, "external", "arx");

    public static int RowCount => Table.Value.Rows.Count;

    public static EncodedColumn Column(string name)
    {
        var index = Array.IndexOf(Table.Value.Header, name);
        return EncodedColumn.FromValues(name, Table.Value.Rows.Select(r => r[index]));
    }

    public static GeneralisationHierarchy Hierarchy(string name) =>
        HierarchyCsv.Parse(name, File.ReadAllText(Path.Combine(Folder, $"adult_hierarchy_{name}.csv")));

    public static IReadOnlyList<QuasiIdentifier> QuasiIdentifierList() =>
        [.. QuasiIdentifiers.Select(name => new QuasiIdentifier(Column(name), Hierarchy(name)))];
}
