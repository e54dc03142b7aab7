using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Web.Tests.Hosting;
using Agora.Web.Tests.Publishing;

namespace Agora.Web.Tests.Value;

/// <summary>Two published datasets with the same rows: each one's page lists the other as a unionable dataset marked
/// "near copy" (it would add no new rows), and a dataset of other rows in the same columns comes first, unmarked.</summary>
[Collection(AgoraServerCollection.Name)]
public sealed class NearCopyPageTests(AgoraServerFixture fixture)
{
    [Fact]
    public async Task DatasetPage_MarksANearCopy_AndListsItAfterADatasetThatWouldAddRows()
    {
        using var steward = fixture.Client(fixture.HospitalSteward);
        // Column names no other test uses, so only these three datasets look alike.
        var original = await PublishAsync(steward, "Lighthouse keepers", Rows(0));
        var copy = await PublishAsync(steward, "Lighthouse keepers, mirror", Rows(0));
        var more = await PublishAsync(steward, "Lighthouse keepers, north coast", Rows(500));

        using var anonymous = fixture.Client();
        var partners = await anonymous.GetFromJsonAsync<JsonElement>($"/api/datasets/{original}/partners");
        var unionable = partners.GetProperty("unionable").EnumerateArray()
            .Select(u => (Id: u.GetProperty("dataset").GetProperty("datasetId").GetGuid(), NearCopy: u.GetProperty("nearCopy").GetBoolean())).ToList();
        Assert.Contains((copy, true), unionable);
        Assert.Contains((more, false), unionable);
        Assert.True(unionable.FindIndex(u => u.Id == more) < unionable.FindIndex(u => u.Id == copy));

        var slug = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/datasets/{original}")).GetProperty("slug").GetString();
        // The dagger is sent as &#x2020;.
        var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/datasets/hospital/{slug}"));
        var table = page[page.IndexOf("<table class=\"unionable\">", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Contains("Lighthouse keepers, mirror</a> †", table, StringComparison.Ordinal);
        Assert.Contains("Lighthouse keepers, north coast</a></td>", table, StringComparison.Ordinal);
        Assert.Contains("† Near copy: it already holds most of this dataset", page, StringComparison.Ordinal);
    }

    private static string Rows(int offset)
    {
        var csv = new StringBuilder("lighthouse_code,keeper_id,beam_range_nm\n");
        for (var i = 0; i < 60; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"LH{i % 20:000},K{i + offset:0000},{(i * 7) % 30}\n");
        }
        return csv.ToString();
    }

    private async Task<Guid> PublishAsync(HttpClient steward, string title, string csv)
    {
        var id = await ApiPublishing.PublishNewAsync(steward, fixture.Hospital.Id, title, csv);
        await ApiPublishing.DescribeAndPublishAsync(steward, id, title, "lighthouses", "TRAN");
        await ApiPublishing.WaitForProfileAsync(steward, id);
        return id;
    }
}
