using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>A synthetic demo dataset: a CSV file generated from a fixed seed (the same bytes every run) and its DCAT-AP
/// description. <c>serve --demo</c> writes the file, ingests it as the first version of a dataset owned by
/// <see cref="Publisher"/>, and stores the description as the dataset's metadata.</summary>
public sealed class DemoDataset
{
    private readonly ulong _seed;
    private readonly IReadOnlyList<string> _header;
    private readonly Action<SeededRandom, DemoCsvWriter> _generate;
    private readonly Func<DemoDataset, CatalogUris, DcatDataset> _describe;

    internal DemoDataset(
        string slug,
        DemoOrganisation publisher,
        ulong seed,
        IReadOnlyList<string> header,
        Action<SeededRandom, DemoCsvWriter> generate,
        Func<DemoDataset, CatalogUris, DcatDataset> describe)
    {
        Slug = slug;
        Publisher = publisher;
        _seed = seed;
        _header = header;
        _generate = generate;
        _describe = describe;
    }

    /// <summary>The dataset's short name, e.g. <c>patient-registry</c>; also its identifier in the catalogue.</summary>
    public string Slug { get; }

    public string FileName => Slug + ".csv";

    public DemoOrganisation Publisher { get; }

    /// <summary>The CSV header, in column order.</summary>
    public IReadOnlyList<string> Columns => _header;

    /// <summary>The DCAT-AP description, with URIs under <paramref name="uris"/>.</summary>
    public DcatDataset Describe(CatalogUris uris) => _describe(this, uris);

    /// <summary>Writes the CSV to <paramref name="stream"/> and returns the number of data rows.</summary>
    public int WriteCsv(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new DemoCsvWriter(stream, _header);
        _generate(new SeededRandom(_seed), writer);
        return writer.Rows;
    }

    /// <summary>Writes the CSV to <paramref name="path"/> completely or not at all (temporary file, then rename), and
    /// returns the number of data rows.</summary>
    public int WriteCsv(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            int rows;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                rows = WriteCsv(stream);
            }
            File.Move(temporary, full, overwrite: true);
            return rows;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The parts of a description every demo dataset shares: publisher, contact, landing page, and one CSV
    /// distribution (downloadable when the data is open; an access request on the dataset page otherwise).</summary>
    internal DcatDataset Base(CatalogUris uris, LocalizedText title, LocalizedText description, AccessRight access, Licence? licence)
    {
        var open = access == AccessRight.Public;
        var distribution = new DcatDistribution(uris.Distribution(Slug, "csv"), open ? uris.Download(Slug, "csv") : uris.LandingPage(Slug))
        {
            DownloadUrl = open ? uris.Download(Slug, "csv") : null,
            Title = open
                ? LocalizedText.Of("CSV file", "Fichier CSV", "CSV-Datei", "CSV-Fichier")
                : LocalizedText.Of("CSV file, on request", "Fichier CSV, sur demande", "CSV-Datei, auf Anfrage", "CSV-Fichier, op Ufro"),
            Description = open
                ? LocalizedText.Of("The latest version as a CSV file.", "La dernière version en fichier CSV.",
                    "Die neueste Version als CSV-Datei.", "Déi lescht Versioun als CSV-Fichier.")
                : LocalizedText.Of("Ask for access on the dataset page; use is governed by an access agreement.",
                    "Demandez l'accès sur la page du jeu de données ; l'utilisation est régie par un accord d'accès.",
                    "Zugang auf der Seite des Datensatzes beantragen; die Nutzung regelt eine Zugangsvereinbarung.",
                    "Frot den Accès op der Säit vum Dateset un; d'Notzung gëtt duerch en Accèsaccord gereegelt."),
            Format = FileType.Csv,
            Licence = licence,
            Availability = PlannedAvailability.Stable,
            Issued = DemoCatalog.Published,
            Modified = DemoCatalog.Published,
        };
        return new DcatDataset(uris.Dataset(Slug), Slug, title, description)
        {
            Publisher = Publisher.ToAgent(uris),
            ContactPoints = [Publisher.Contact],
            AccessRights = access,
            LandingPage = uris.LandingPage(Slug),
            Issued = DemoCatalog.Published,
            Modified = DemoCatalog.Published,
            Distributions = [distribution],
        };
    }
}
