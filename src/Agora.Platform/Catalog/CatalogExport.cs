using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Microsoft.EntityFrameworkCore;
using DcatText = Agora.Platform.Catalog.Dcat.LocalizedText;

namespace Agora.Platform.Catalog;

/// <summary>The public catalogue as DCAT-AP 3 (with the DCAT-AP-LU additions): every published dataset, its publisher,
/// contact, vocabularies and a distribution per format of its latest version.</summary>
public sealed class CatalogExport(AgoraDbContext db)
{
    private static readonly DcatText CatalogTitle = DcatText.Of("Agora data catalogue", "Catalogue de données Agora", "Agora-Datenkatalog", "Agora-Datekatalog");

    private static readonly DcatText CatalogDescription = DcatText.Of(
        "Datasets that public bodies, hospitals, companies and researchers share on Agora, open or under access agreements.",
        "Jeux de données que des organismes publics, des hôpitaux, des entreprises et des chercheurs partagent sur Agora, en accès libre ou sous accord d'accès.",
        "Datensätze, die öffentliche Stellen, Krankenhäuser, Unternehmen und Forschende auf Agora teilen, offen oder mit Zugangsvereinbarung.",
        "Datesätz, déi ëffentlech Instanzen, Spideeler, Betriber a Fuerscher op Agora deelen, oppen oder mat enger Accèsconventioun.");

    public async Task<DcatCatalog> BuildAsync(Uri baseUri, CancellationToken cancellationToken)
    {
        var uris = new CatalogUris(baseUri);
        // Harvested records belong to the catalogues they came from; re-exporting them would duplicate them upstream.
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation).Include(d => d.Versions)
            .Where(d => d.State == DatasetState.Published && !db.HarvestedRecords.Any(h => h.DatasetId == d.Id)).AsSplitQuery().ToListAsync(cancellationToken);
        var ordered = datasets.OrderBy(d => d.Organisation.Slug, StringComparer.Ordinal).ThenBy(d => d.Slug, StringComparer.Ordinal).ToList();
        var operatorAgent = new DcatAgent(new Uri(uris.Home, "about"), DcatText.Of("Agora platform operator", "Opérateur de la plateforme Agora",
            "Betreiber der Agora-Plattform", "Bedreiwer vun der Agora-Plattform"), PublisherType.NationalAuthority) { Homepage = uris.Home };
        var modified = ordered.Count == 0 ? (DateTimeOffset?)null : ordered.Max(d => d.ModifiedAt);
        return new DcatCatalog(uris.Catalog, CatalogTitle, CatalogDescription, operatorAgent)
        {
            Homepage = uris.Home,
            Languages = [CatalogLanguage.English, CatalogLanguage.French, CatalogLanguage.German, CatalogLanguage.Luxembourgish],
            Modified = modified,
            Spatial = [SpatialCoverage.Luxembourg],
            Datasets = [.. ordered.Select(d => Describe(d, uris))],
        };
    }

    public static DcatDataset Describe(Dataset dataset, CatalogUris uris)
    {
        var organisation = dataset.Organisation;
        var title = Text(dataset.Title) ?? DcatText.Single("en", dataset.Slug);
        // DCAT-AP requires a description; a dataset published without one says so rather than inventing one.
        var description = Text(dataset.Description) ?? title;
        var access = dataset.AccessRights switch
        {
            AccessRights.Public => AccessRight.Public,
            AccessRights.NonPublic => AccessRight.NonPublic,
            _ => AccessRight.Restricted,
        };
        var publisher = new DcatAgent(uris.Organisation(organisation.Slug), DcatText.Single("en", organisation.Name),
            organisation.Kind == OrganisationKind.Public ? PublisherType.NationalAuthority : PublisherType.Company)
        {
            Homepage = organisation.Homepage is { } home && Uri.TryCreate(home, UriKind.Absolute, out var homeUri) ? homeUri : null,
        };
        var landing = uris.LandingPage(organisation.Slug, dataset.Slug);
        return new DcatDataset(uris.Dataset(organisation.Slug, dataset.Slug), dataset.Id.ToString(), title, description)
        {
            Keywords = [.. dataset.Keywords.SelectMany(k => k.Value.Select(word => new LanguageText(k.Key, word)))],
            Themes = [.. dataset.Themes.Where(Vocabularies.IsTheme).Select(DataTheme.FromCode)],
            Publisher = publisher,
            ContactPoints = dataset.ContactEmail is null && dataset.ContactName is null
                ? []
                : [new ContactPoint(dataset.ContactName ?? organisation.Name, dataset.ContactEmail)],
            AccessRights = access,
            Frequency = dataset.Frequency is { } f && Vocabularies.IsFrequency(f) ? Frequency.FromCode(f) : null,
            Temporal = dataset.TemporalStart is null && dataset.TemporalEnd is null ? null : new TemporalCoverage(dataset.TemporalStart, dataset.TemporalEnd),
            Spatial = dataset.Spatial is { } s && Vocabularies.Places.TryGetValue(s, out var place) ? [place] : [],
            Issued = dataset.PublishedAt,
            Modified = dataset.ModifiedAt,
            LandingPage = landing,
            Languages = [.. dataset.Title.Keys.Concat(dataset.Description.Keys).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(l => CatalogLanguage.All.FirstOrDefault(c => c.Tag == l)).OfType<CatalogLanguage>()],
            DataProtection = dataset.DataProtection is { } p && Vocabularies.IsDataProtection(p) ? [DataProtectionType.FromCode(p)] : [],
            ApplicableLegislation = [.. dataset.ApplicableLegislation
                .Select(l => Uri.TryCreate(l, UriKind.Absolute, out var u) ? Legislation.FromUri(u) : null).OfType<Legislation>()],
            Distributions = Distributions(dataset, uris, landing, access),
        };
    }

    private static List<DcatDistribution> Distributions(Dataset dataset, CatalogUris uris, Uri landing, AccessRight access)
    {
        var latest = dataset.Versions.OrderByDescending(v => v.Number).FirstOrDefault();
        if (latest is null)
        {
            return [];
        }
        var open = access == AccessRight.Public;
        var licence = dataset.Licence is { } code && Vocabularies.IsLicence(code) ? Licence.FromCode(code) : null;
        return [.. new[] { ("csv", FileType.Csv), ("parquet", FileType.Parquet) }.Select(format =>
        {
            var download = uris.VersionDownload(dataset.Id, latest.Number, format.Item1);
            return new DcatDistribution(uris.Distribution(dataset.Organisation.Slug, dataset.Slug, format.Item1), open ? download : landing)
            {
                DownloadUrl = open ? download : null,
                Title = DcatText.Single("en", $"{format.Item2.Code} file, version {latest.Number}"),
                Format = format.Item2,
                Licence = open ? licence : null,
                Availability = PlannedAvailability.Stable,
                Issued = latest.CreatedAt,
                Modified = latest.CreatedAt,
            };
        })];
    }

    private static DcatText? Text(IReadOnlyDictionary<string, string> values)
    {
        var entries = values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => new LanguageText(v.Key, v.Value)).ToList();
        return entries.Count == 0 ? null : DcatText.From(entries);
    }
}
