namespace Agora.Platform.Demo;

/// <summary>A commune of Luxembourg with its canton, a population and an area of the right order, and the postcodes the
/// demo gives it. Names and cantons are real; populations, areas and postcode ranges are approximate, for demo data only.</summary>
public sealed record Commune(string Name, string Canton, int Population, double AreaKm2, IReadOnlyList<string> Postcodes);

/// <summary>The 100 communes of Luxembourg (since 2023), with synthetic but plausible figures.</summary>
public static class LuxembourgCommunes
{
    private static readonly (string Canton, int FirstPostcode, string[] Communes)[] Cantons =
    [
        ("Luxembourg", 1009, ["Luxembourg", "Bertrange", "Contern", "Hesperange", "Niederanven", "Sandweiler", "Schuttrange", "Steinsel",
            "Strassen", "Walferdange", "Weiler-la-Tour"]),
        ("Esch-sur-Alzette", 3201, ["Esch-sur-Alzette", "Bettembourg", "Differdange", "Dudelange", "Frisange", "Kayl", "Leudelange",
            "Mondercange", "Pétange", "Reckange-sur-Mess", "Roeser", "Rumelange", "Sanem", "Schifflange"]),
        ("Remich", 5401, ["Remich", "Bous-Waldbredimus", "Dalheim", "Lenningen", "Mondorf-les-Bains", "Schengen", "Stadtbredimus"]),
        ("Grevenmacher", 6101, ["Grevenmacher", "Betzdorf", "Biwer", "Flaxweiler", "Junglinster", "Manternach", "Mertert", "Wormeldange"]),
        ("Echternach", 6401, ["Echternach", "Beaufort", "Bech", "Berdorf", "Consdorf", "Rosport-Mompach", "Waldbillig"]),
        ("Mersch", 7501, ["Mersch", "Bissen", "Colmar-Berg", "Fischbach", "Heffingen", "Helperknapp", "Larochette", "Lintgen", "Lorentzweiler", "Nommern"]),
        ("Capellen", 8201, ["Mamer", "Dippach", "Garnich", "Habscht", "Käerjeng", "Kehlen", "Koerich", "Kopstal", "Steinfort"]),
        ("Redange", 8501, ["Redange", "Beckerich", "Ell", "Grosbous", "Préizerdaul", "Rambrouch", "Saeul", "Useldange", "Vichten", "Wahl"]),
        ("Diekirch", 9201, ["Diekirch", "Bettendorf", "Bourscheid", "Erpeldange-sur-Sûre", "Ettelbruck", "Feulen", "Mertzig", "Reisdorf",
            "Schieren", "Vallée de l'Ernz"]),
        ("Vianden", 9401, ["Vianden", "Putscheid", "Tandel"]),
        ("Wiltz", 9501, ["Wiltz", "Boulaide", "Esch-sur-Sûre", "Goesdorf", "Lac de la Haute-Sûre", "Winseler"]),
        ("Clervaux", 9701, ["Clervaux", "Parc Hosingen", "Troisvierges", "Weiswampach", "Wincrange"]),
    ];

    // Approximate 2024 figures for the larger communes; the others get plausible values from the seeded generator.
    private static readonly Dictionary<string, (int Population, double Area)> Known = new(StringComparer.Ordinal)
    {
        ["Luxembourg"] = (134_700, 51.5),
        ["Esch-sur-Alzette"] = (37_200, 14.4),
        ["Differdange"] = (29_600, 22.2),
        ["Dudelange"] = (22_300, 21.4),
        ["Pétange"] = (21_200, 11.9),
        ["Sanem"] = (18_600, 24.5),
        ["Hesperange"] = (16_600, 27.2),
        ["Bettembourg"] = (11_400, 21.5),
        ["Schifflange"] = (11_600, 7.7),
        ["Käerjeng"] = (11_100, 24.1),
        ["Strassen"] = (10_400, 10.1),
        ["Ettelbruck"] = (10_100, 15.2),
        ["Mersch"] = (10_000, 22.8),
        ["Mamer"] = (9_600, 27.5),
        ["Kayl"] = (9_500, 13.8),
        ["Bertrange"] = (9_100, 17.4),
        ["Walferdange"] = (8_600, 7.0),
        ["Junglinster"] = (8_000, 55.0),
        ["Wiltz"] = (7_500, 39.0),
        ["Diekirch"] = (7_400, 12.4),
        ["Mondercange"] = (7_200, 21.4),
        ["Niederanven"] = (6_600, 41.0),
        ["Roeser"] = (6_000, 24.4),
        ["Echternach"] = (5_800, 20.5),
        ["Steinfort"] = (5_800, 23.4),
        ["Clervaux"] = (5_700, 85.0),
        ["Rumelange"] = (5_700, 6.8),
        ["Mondorf-les-Bains"] = (5_500, 13.6),
        ["Steinsel"] = (5_500, 23.5),
        ["Grevenmacher"] = (5_000, 16.5),
        ["Wincrange"] = (4_200, 113.0),
        ["Remich"] = (3_800, 5.3),
        ["Troisvierges"] = (3_400, 74.0),
        ["Redange"] = (3_300, 28.5),
        ["Vianden"] = (2_000, 9.7),
    };

    /// <summary>All communes, in canton order; the same every run.</summary>
    public static IReadOnlyList<Commune> All { get; } = Build();

    private static Commune[] Build()
    {
        var random = new SeededRandom(0x4C55_5843_4F4D);
        var communes = new List<Commune>();
        var next = 0;
        foreach (var (canton, firstPostcode, names) in Cantons)
        {
            // Each canton starts at its real first digit where it can, and never overlaps the canton before it.
            next = Math.Max(firstPostcode, next + 10);
            foreach (var name in names)
            {
                var (population, area) = Known.TryGetValue(name, out var known)
                    ? known
                    : (random.Between(1_000, 5_500), Math.Round(10 + random.NextDouble() * 50, 1));
                // Luxembourg City has the 1xxx–2xxx range; elsewhere one postcode per ~400 inhabitants, at least three.
                var count = name == "Luxembourg" ? 400 : Math.Max(3, population / 400);
                var step = name == "Luxembourg" ? 5 : 1;
                var postcodes = Enumerable.Range(0, count).Select(i => "L-" + (next + i * step).ToString("0000", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                next += count * step + 3;
                communes.Add(new Commune(name, canton, population, area, postcodes));
            }
        }
        return [.. communes];
    }

    /// <summary>Picks a commune with probability proportional to its population.</summary>
    public static Commune PickByPopulation(SeededRandom random)
    {
        var ticket = random.Next(TotalPopulation);
        foreach (var commune in All)
        {
            if (ticket < commune.Population)
            {
                return commune;
            }
            ticket -= commune.Population;
        }
        return All[^1];
    }

    private static int TotalPopulation { get; } = All.Sum(commune => commune.Population);
}
