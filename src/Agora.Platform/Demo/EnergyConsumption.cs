using System.Globalization;
using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>Demo dataset: an energy supplier's electricity and gas deliveries per postcode and month, with the seasons in
/// them. Commercially confidential, so restricted.</summary>
internal static class EnergyConsumption
{
    private const int Postcodes = 500;
    private const int Months = 24;
    private static readonly DateOnly FirstMonth = new(2023, 1, 1);

    // Heating makes gas use in January about six times that of July; electricity varies less.
    private static readonly double[] GasSeason = [1.9, 1.7, 1.4, 1.0, 0.6, 0.35, 0.3, 0.3, 0.45, 0.9, 1.4, 1.8];
    private static readonly double[] ElectricitySeason = [1.2, 1.15, 1.05, 0.95, 0.9, 0.85, 0.85, 0.85, 0.9, 1.0, 1.1, 1.2];

    public static DemoDataset Dataset { get; } = new(
        "energy-consumption",
        DemoOrganisation.Company,
        seed: 0x454E_4552_4759_3234,
        ["postcode", "commune", "month", "customers", "electricity_kwh", "gas_kwh"],
        Generate,
        (dataset, uris) => dataset.Base(uris,
            LocalizedText.Of("Energy consumption by postcode and month", "Consommation d'énergie par code postal et par mois",
                "Energieverbrauch nach Postleitzahl und Monat", "Energieverbrauch no Postcode a Mount"),
            LocalizedText.Of(
                "Electricity and gas delivered by Lëtz Energy to its customers, per postcode and month, 2023–2024. Synthetic demo data.",
                "Électricité et gaz livrés par Lëtz Energy à ses clients, par code postal et par mois, 2023–2024. Données de démonstration synthétiques.",
                "Von Lëtz Energy an ihre Kunden gelieferter Strom und gelieferte Gasmengen, nach Postleitzahl und Monat, 2023–2024. Synthetische Demodaten.",
                "Elektresch Energie a Gas, déi Lëtz Energy u seng Clienten geliwwert huet, no Postcode a Mount, 2023–2024. Synthetesch Demodonnéeën."),
            AccessRight.Restricted,
            licence: null) with
        {
            Keywords = [new("en", "energy"), new("en", "electricity"), new("en", "gas"), new("fr", "énergie"), new("fr", "électricité"),
                new("de", "Energie"), new("de", "Strom"), new("lb", "Energie"), new("lb", "Stroum")],
            Themes = [DataTheme.Energy, DataTheme.Environment],
            Frequency = Frequency.Monthly,
            Temporal = new TemporalCoverage(FirstMonth, FirstMonth.AddMonths(Months).AddDays(-1)),
            Spatial = [SpatialCoverage.Luxembourg],
            Languages = [CatalogLanguage.English],
            DataProtection = [DataProtectionType.CommerciallyConfidential],
            ApplicableLegislation = [Legislation.DataGovernanceAct],
        });

    private static void Generate(SeededRandom random, DemoCsvWriter csv)
    {
        var all = LuxembourgCommunes.All.SelectMany(commune => commune.Postcodes.Select(postcode => (postcode, commune))).ToList();
        // Every n-th postcode, so the sample spreads over the whole country.
        var step = Math.Max(1, all.Count / Postcodes);
        foreach (var (postcode, commune) in all.Where((_, index) => index % step == 0).Take(Postcodes))
        {
            var customers = random.Between(40, 900);
            var gasShare = commune.Name == "Luxembourg" ? 0.55 : 0.35 + random.NextDouble() * 0.3;
            for (var month = 0; month < Months; month++)
            {
                var date = FirstMonth.AddMonths(month);
                customers = Math.Max(10, customers + random.Between(-3, 4));
                var electricity = customers * 320.0 * ElectricitySeason[date.Month - 1] * (0.9 + random.NextDouble() * 0.2);
                var gas = customers * gasShare * 1_250.0 * GasSeason[date.Month - 1] * (0.85 + random.NextDouble() * 0.3);
                csv.Field(postcode)
                    .Field(commune.Name)
                    .Field(date.ToString("yyyy-MM", CultureInfo.InvariantCulture))
                    .Field(customers)
                    .Field((long)Math.Round(electricity, MidpointRounding.AwayFromZero))
                    .Field((long)Math.Round(gas, MidpointRounding.AwayFromZero))
                    .EndRow();
            }
        }
    }
}
