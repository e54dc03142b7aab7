using Agora.Platform.Catalog;
using Agora.Platform.Discovery;
using Agora.Platform.Metadata;
using Agora.Platform.Tests.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Value;

/// <summary>Unionable partners on a real store: datasets with the same kind of rows, a near copy marked as such and listed
/// after the datasets that would add rows, and no mark where the viewer may not compare the values.</summary>
public sealed class UnionablePartnersTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ANearCopy_IsListedAfterADatasetThatWouldAddRows_AndMarkedOnlyWhereValuesWereCompared(MetadataProvider provider)
    {
        await using var world = await PublishedWorld.CreateAsync(provider);
        var admissions = await world.AddAsync(world.HospitalSteward, world.Hospital, "Admissions by commune",
            PublishedWorld.Csv("commune", "C", 30, 300, measure: "admissions"));
        // The same rows again, published by another organisation: appending it adds nothing.
        var copy = await world.AddAsync(world.CompanySteward, world.Company, "Admissions by commune (mirror)",
            PublishedWorld.Csv("commune", "C", 30, 300, measure: "admissions"));
        // The same columns over other people: appending it adds 300 rows.
        var more = await world.AddAsync(world.CompanySteward, world.Company, "Admissions by commune, second site",
            PublishedWorld.Csv("commune", "C", 30, 300, idOffset: 5000, measure: "admissions"));
        // A near copy that outsiders may not read: compared by column names and title only, so never marked.
        var restricted = await world.AddAsync(world.CompanySteward, world.Company, "Admissions by commune (restricted mirror)",
            PublishedWorld.Csv("commune", "C", 30, 300, measure: "admissions"), access: AccessRights.Restricted);

        // Unrelated datasets, as any catalogue holds: words every dataset shares weigh nothing, so a catalogue of only
        // look-alikes would compare them by their few differing words.
        await world.AddAsync(world.HospitalSteward, world.Hospital, "Weather stations",
            PublishedWorld.Csv("station", "W", 10, 50, idColumn: "reading_id", idPrefix: "R", measure: "rain"));
        await world.AddAsync(world.CompanySteward, world.Company, "Schools by district",
            PublishedWorld.Csv("district", "D", 12, 40, idColumn: "school_id", idPrefix: "S", measure: "pupils"));

        var partners = await world.WithAsync(s => s.GetRequiredService<PartnerFinder>().ForDatasetAsync(world.Outsider, admissions.Id, CancellationToken.None));
        Assert.True(partners.Ready);
        var ids = partners.Unionable.Select(u => u.Dataset.DatasetId).ToList();
        var nearCopy = Assert.Single(partners.Unionable, u => u.Dataset.DatasetId == copy.Id);
        var addsRows = Assert.Single(partners.Unionable, u => u.Dataset.DatasetId == more.Id);
        Assert.True(nearCopy.ValuesCompared);
        Assert.True(nearCopy.NearCopy);
        Assert.False(addsRows.NearCopy);
        Assert.True(ids.IndexOf(more.Id) < ids.IndexOf(copy.Id), $"order: {string.Join(", ", ids)}");
        // The near-copy part lowers the copy's score, but an exact copy keeps every other part at its maximum: the list,
        // not the score alone, puts it last.
        Assert.Equal(copy.Id, ids[^1]);
        Assert.Equal(["commune", "person_id", "admissions"], addsRows.SharedColumns);
        var hidden = Assert.Single(partners.Unionable, u => u.Dataset.DatasetId == restricted.Id);
        Assert.False(hidden.ValuesCompared);
        Assert.False(hidden.NearCopy);

        // Its own organisation reads the restricted mirror, so there the values are compared and the mark shows.
        var forCompany = await world.WithAsync(s => s.GetRequiredService<PartnerFinder>().ForDatasetAsync(world.CompanySteward, admissions.Id, CancellationToken.None));
        var seen = Assert.Single(forCompany.Unionable, u => u.Dataset.DatasetId == restricted.Id);
        Assert.True(seen.ValuesCompared);
        Assert.True(seen.NearCopy);
    }
}
