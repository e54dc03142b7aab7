using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;

namespace Agora.Platform.Demo;

/// <summary>One of the demo organisations that publish the demo datasets. Fictional; "(demo)" is part of the name.</summary>
public sealed record DemoOrganisation(
    string Slug,
    LocalizedText Name,
    PublisherType Type,
    bool IsPublicSector,
    ContactPoint Contact,
    Uri Homepage)
{
    public DcatAgent ToAgent(CatalogUris uris) => new(uris.Organisation(Slug), Name, Type) { Homepage = Homepage, Email = Contact.Email };

    /// <summary>A ministry: publishes the public-sector datasets and runs the national catalogue.</summary>
    public static DemoOrganisation Ministry { get; } = new(
        "ministry-public-data",
        LocalizedText.Of("Ministry of Public Data (demo)", "Ministère des Données publiques (démo)",
            "Ministerium für öffentliche Daten (Demo)", "Ministère fir ëffentlech Donnéeën (Demo)"),
        PublisherType.NationalAuthority,
        IsPublicSector: true,
        new ContactPoint("Open data team", "opendata@ministry.agora-demo.example", new Uri("https://ministry.agora-demo.example/contact"))
        {
            Telephone = "+352 247 00000",
        },
        new Uri("https://ministry.agora-demo.example/"));

    /// <summary>A hospital: holds health data about patients.</summary>
    public static DemoOrganisation Hospital { get; } = new(
        "alzette-hospital",
        LocalizedText.Of("Alzette Hospital Centre (demo)", "Centre hospitalier de l'Alzette (démo)",
            "Krankenhauszentrum Alzette (Demo)", "Spidolszentrum Alzette (Demo)"),
        PublisherType.NonProfitOrganisation,
        IsPublicSector: true,
        new ContactPoint("Data protection office", "dpo@hospital.agora-demo.example", new Uri("https://hospital.agora-demo.example/data-protection")),
        new Uri("https://hospital.agora-demo.example/"));

    /// <summary>A company: an energy supplier with commercially confidential data.</summary>
    public static DemoOrganisation Company { get; } = new(
        "letz-energy",
        LocalizedText.Of("Lëtz Energy S.A. (demo)", "Lëtz Energy S.A. (démo)", "Lëtz Energy S.A. (Demo)", "Lëtz Energy S.A. (Demo)"),
        PublisherType.Company,
        IsPublicSector: false,
        new ContactPoint("Data sharing desk", "data@energy.agora-demo.example", new Uri("https://energy.agora-demo.example/data")),
        new Uri("https://energy.agora-demo.example/"));

    public static IReadOnlyList<DemoOrganisation> All { get; } = [Ministry, Hospital, Company];
}
