namespace Agora.Platform.Catalog.Dcat;

/// <summary>How long a distribution is planned to stay available (<c>dcatap:availability</c>).</summary>
public sealed record PlannedAvailability : ControlledTerm
{
    private PlannedAvailability(string code, string en, string fr, string de, string lb)
        : base(code, new Uri(ConceptScheme.PlannedAvailability.Uri + "/" + code), LocalizedText.Of(en, fr, de, lb),
            ConceptScheme.PlannedAvailability)
    {
    }

    public static PlannedAvailability Temporary { get; } = new("TEMPORARY", "temporary", "temporaire", "vorübergehend", "temporär");
    public static PlannedAvailability Experimental { get; } = new("EXPERIMENTAL", "experimental", "expérimental", "experimentell", "experimentell");
    public static PlannedAvailability Available { get; } = new("AVAILABLE", "available", "disponible", "verfügbar", "disponibel");
    public static PlannedAvailability Stable { get; } = new("STABLE", "stable", "stable", "stabil", "stabil");

    public static IReadOnlyList<PlannedAvailability> All { get; } = [Temporary, Experimental, Available, Stable];

    public static PlannedAvailability FromCode(string code) => Find(All, code, "planned availability");
}
