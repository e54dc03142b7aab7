using System.Security.Cryptography;
using System.Text;
using Agora.Privacy.Pseudonymisation;
using Xunit.Abstractions;

namespace Agora.Privacy.Tests.Pseudonymisation;

/// <summary>Match quality of Bloom-filter linkage on a generated pair of datasets: organisation B holds 800 of A's 1,000
/// people, a third of them with a typo in a name (substitution, deletion, insertion or transposition) and a tenth with a
/// birth date off by one digit, plus 200 people A does not have.</summary>
public sealed class FuzzyLinkageTests(ITestOutputHelper output)
{
    private static readonly string[] Given = ["Jean", "Marie", "Paul", "Sophie", "Luc", "Anne", "Thomas", "Julie", "Marc", "Claire", "Pedro",
        "Ana", "Joao", "Rita", "Lukas", "Lena", "Jonas", "Mia", "Gilles", "Nadine", "Pol", "Romain", "Carine", "Tiago", "Ines", "Matteo",
        "Giulia", "Yannick", "Svenja", "Fernand", "Josiane", "Camille", "Arthur", "Lea", "Noah", "Emma", "Louis", "Chloe", "Hugo", "Laura"];

    private static readonly string[] Family = ["Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Kieffer", "Reuter", "Dupont",
        "Martin", "Bernard", "Dubois", "Moreau", "Lambert", "Silva", "Santos", "Ferreira", "Pereira", "Costa", "Rossi", "Peeters", "Janssens",
        "Becker", "Klein", "Goncalves", "Hengen", "Origer", "Wirtgen", "Ensch", "Kinnen", "Lentz", "Faber", "Bausch", "Kayser", "Molitor",
        "Steichen", "Frisch", "Hilbert", "Bettendorf", "Majerus", "Weis", "Welter", "Kremer", "Theis", "Back", "Jacoby", "Wolff", "Meyer"];

    [Fact]
    public void BloomFilterLinkage_OnTyposAndNonMatches_KeepsPrecisionAndRecallHigh()
    {
        var random = new Random(1234);
        var people = Enumerable.Range(0, 1000).Select(_ => NewPerson(random)).ToList();
        var shared = people.OrderBy(_ => random.Next()).Take(800).ToList();
        var right = shared.Select(p => WithTypos(p, random)).Concat(Enumerable.Range(0, 200).Select(_ => NewPerson(random))).ToList();
        var truth = new Dictionary<int, int>();
        for (var j = 0; j < shared.Count; j++)
        {
            truth[people.IndexOf(shared[j])] = j;
        }

        using var encoder = new BloomFilterEncoder(RandomNumberGenerator.GetBytes(32));
        var leftEncodings = people.Select(p => encoder.Encode(p.Given, p.Family, p.Birth)).ToList();
        var rightEncodings = right.Select(p => encoder.Encode(p.Given, p.Family, p.Birth)).ToList();
        var report = new StringBuilder("| Dice threshold | links | precision | recall |\n|---:|---:|---:|---:|\n");
        var atDefault = (Precision: 0.0, Recall: 0.0);
        foreach (var threshold in new[] { 0.7, 0.75, 0.8, 0.85, 0.9 })
        {
            var links = FuzzyLinkage.Link(leftEncodings, rightEncodings, threshold);
            var correct = links.Count(l => truth.TryGetValue(l.Left, out var j) && j == l.Right);
            var precision = links.Count == 0 ? 1 : (double)correct / links.Count;
            var recall = (double)correct / truth.Count;
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {threshold:F2} | {links.Count} | {precision:F3} | {recall:F3} |");
            if (threshold == FuzzyLinkage.DefaultThreshold)
            {
                atDefault = (precision, recall);
            }
        }
        output.WriteLine(report.ToString());
        Assert.True(atDefault.Precision >= 0.95, $"precision {atDefault.Precision:F3}");
        Assert.True(atDefault.Recall >= 0.9, $"recall {atDefault.Recall:F3}");
    }

    [Fact]
    public void Encoding_WithAnotherKey_DoesNotMatch()
    {
        using var a = new BloomFilterEncoder(RandomNumberGenerator.GetBytes(32));
        using var b = new BloomFilterEncoder(RandomNumberGenerator.GetBytes(32));
        var date = new DateOnly(1980, 5, 17);
        Assert.Equal(1.0, a.Encode("Anne", "Schmit", date).Dice(a.Encode("anne", "SCHMIT", date)));
        Assert.True(a.Encode("Anne", "Schmit", date).Dice(b.Encode("Anne", "Schmit", date)) < 0.6);
    }

    private sealed record Person(string Given, string Family, DateOnly Birth);

    private static Person NewPerson(Random random) =>
        new(Given[random.Next(Given.Length)], Family[random.Next(Family.Length)] + (random.Next(4) == 0 ? "-" + Family[random.Next(Family.Length)] : ""),
            DateOnly.FromDayNumber(new DateOnly(1940, 1, 1).DayNumber + random.Next(25_000)));

    private static Person WithTypos(Person person, Random random)
    {
        var given = random.NextDouble() < 0.17 ? Typo(person.Given, random) : person.Given;
        var family = random.NextDouble() < 0.17 ? Typo(person.Family, random) : person.Family;
        var birth = person.Birth;
        if (random.NextDouble() < 0.1)
        {
            birth = random.Next(2) == 0 ? birth.AddDays(random.Next(2) == 0 ? 1 : -1) : birth.AddYears(random.Next(2) == 0 ? 1 : -1);
        }
        return new Person(given, family, birth);
    }

    private static string Typo(string text, Random random)
    {
        var i = random.Next(1, text.Length - 1);
        return random.Next(4) switch
        {
            0 => text[..i] + (char)('a' + random.Next(26)) + text[(i + 1)..],
            1 => text[..i] + text[(i + 1)..],
            2 => text[..i] + (char)('a' + random.Next(26)) + text[i..],
            _ => text[..(i - 1)] + text[i] + text[i - 1] + text[(i + 1)..],
        };
    }
}
