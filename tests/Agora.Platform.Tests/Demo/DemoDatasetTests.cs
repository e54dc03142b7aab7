using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Agora.Data.Files;
using Agora.Platform.Catalog;
using Agora.Platform.Catalog.Dcat;
using Agora.Platform.Demo;

namespace Agora.Platform.Tests.Demo;

/// <summary>Writes the demo files once for the tests of this class.</summary>
public sealed class DemoFiles : IDisposable
{
    public DemoFiles()
    {
        Folder = Directory.CreateTempSubdirectory("agora-demo-").FullName;
        Paths = DemoCatalog.WriteFiles(Folder);
    }

    public string Folder { get; }

    public IReadOnlyList<string> Paths { get; }

    public string PathOf(string slug) => Path.Combine(Folder, slug + ".csv");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public sealed partial class DemoDatasetTests(DemoFiles files) : IClassFixture<DemoFiles>
{
    public static TheoryData<string> Slugs => new(DemoCatalog.Datasets.Select(dataset => dataset.Slug));

    /// <summary>The SHA-256 of each generated file. They only change when a generator is changed on purpose: then
    /// update them here, in the same commit.</summary>
    private static readonly Dictionary<string, string> ExpectedSha256 = new()
    {
        ["patient-registry"] = "e083362873b25dbd12e97d4d081924ff131a7474f657ebb79750377a4b617804",
        ["mobility-counts"] = "f4a7d6b02edaa47d76bff3eb2f3f24e2dfdad947e2760f911727f0d7a1d78424",
        ["business-register"] = "d3db32f0e836dc78adb314704b54e42d89f60baa0684fb153eb971cc2d7dadca",
        ["energy-consumption"] = "701ddb8a3a4c205f9b7b146f850c10e634963526485861aa3c75814068a24540",
        ["school-results"] = "9ebaec8407fa0d075ae152ec5dfc9ded044010f41d964206dab457758c541bd6",
        ["communes-population"] = "e6b097c18cc3cce496fc6faea3406665ff2c7ca7eacaa87848f5bb75954602c1",
    };

    [Fact]
    public void WriteFiles_WritesOneCsvPerDatasetAndNothingElse()
    {
        Assert.Equal(DemoCatalog.Datasets.Select(dataset => dataset.FileName).Order(StringComparer.Ordinal),
            Directory.GetFiles(files.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Generation_IsTheSameBytesEveryRun(string slug)
    {
        var dataset = DemoCatalog.Datasets.Single(candidate => candidate.Slug == slug);
        using var again = new MemoryStream();
        dataset.WriteCsv(again);
        var first = File.ReadAllBytes(files.PathOf(slug));
        Assert.Equal(first, again.ToArray());
        Assert.Equal(ExpectedSha256[slug], Convert.ToHexStringLower(SHA256.HashData(first)));
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public void Csv_ReadsBackThroughDuckDbWithTheDeclaredColumnsAndASensibleSize(string slug)
    {
        var dataset = DemoCatalog.Datasets.Single(candidate => candidate.Slug == slug);
        using var connection = TabularFile.OpenAsView(files.PathOf(slug));
        Assert.Equal(dataset.Columns, TabularFile.ColumnNames(connection));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM input";
        var rows = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        Assert.InRange(rows, 2_000, 50_000);
        using var stream = new MemoryStream();
        Assert.Equal(rows, dataset.WriteCsv(stream));
    }

    [Fact]
    public void PatientRegistry_HasValidUniqueNationalNumbersAndPlausibleValues()
    {
        using var connection = TabularFile.OpenAsView(files.PathOf("patient-registry"));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT national_id, birth_date, sex, postcode, diagnosis_code, admission_date FROM input";
        using var reader = command.ExecuteReader();
        var numbers = new HashSet<string>();
        while (reader.Read())
        {
            var number = reader.GetString(0);
            Assert.True(NationalIdentificationNumber.IsValid(number), number);
            // The detector's independent check digits agree, so the demo's numbers are found as national numbers.
            Assert.True(Agora.Privacy.Detection.CheckDigits.IsLuxembourgNationalIdValid(number), number);
            Assert.True(numbers.Add(number), $"{number} twice");
            Assert.Equal(reader.GetString(1).Replace("-", "", StringComparison.Ordinal), number[..8]);
            Assert.Contains(reader.GetString(2), new[] { "F", "M" });
            Assert.Matches(PostcodePattern(), reader.GetString(3));
            Assert.Matches(Icd10Pattern(), reader.GetString(4));
            Assert.True(string.CompareOrdinal(reader.GetString(5), reader.GetString(1)) >= 0, "admitted before birth");
        }
        Assert.Equal(5_000, numbers.Count);
    }

    [Fact]
    public void BusinessRegister_HasUniqueRcsNumbers()
    {
        using var connection = TabularFile.OpenAsView(files.PathOf("business-register"));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT rcs_number), count(*), bool_and(regexp_full_match(rcs_number, 'B[0-9]{5,6}')) FROM input";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        Assert.True(reader.GetBoolean(2));
    }

    [Fact]
    public void SchoolResults_SuppressSmallCohorts()
    {
        using var connection = TabularFile.OpenAsView(files.PathOf("school-results"));
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT count(*) FILTER (WHERE CAST(pupils AS INTEGER) < 10 AND mean_mark IS NOT NULL),
                   count(*) FILTER (WHERE CAST(pupils AS INTEGER) >= 10 AND mean_mark IS NULL),
                   count(*) FILTER (WHERE mean_mark IS NULL)
            FROM input
            """;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        Assert.True(reader.GetInt64(2) > 0);
    }

    [Fact]
    public void Descriptions_AreMultilingualAndMixOpenAndRestrictedDataOfTheThreeOrganisations()
    {
        var uris = new CatalogUris(new Uri("https://agora.example.lu/"));
        var descriptions = DemoCatalog.Datasets.Select(dataset => (dataset, description: dataset.Describe(uris))).ToList();
        foreach (var (dataset, description) in descriptions)
        {
            Assert.Equal(["en", "fr", "de", "lb"], description.Title.Languages);
            Assert.Equal(["en", "fr", "de", "lb"], description.Description.Languages);
            Assert.Equal(["de", "en", "fr", "lb"], description.Keywords.Select(keyword => keyword.Language).Distinct().Order(StringComparer.Ordinal));
            Assert.NotEmpty(description.Themes);
            Assert.NotEmpty(description.DataProtection);
            Assert.NotEmpty(description.ApplicableLegislation);
            Assert.NotNull(description.Temporal);
            Assert.NotNull(description.Frequency);
            Assert.NotEmpty(description.Spatial);
            Assert.Equal(uris.Organisation(dataset.Publisher.Slug), description.Publisher!.Id);
            Assert.Single(description.Distributions);
        }
        Assert.Equal(DemoCatalog.Organisations.Select(organisation => organisation.Slug).Order(StringComparer.Ordinal),
            descriptions.Select(pair => pair.dataset.Publisher.Slug).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(descriptions, pair => pair.description.AccessRights == AccessRight.Public);
        Assert.Contains(descriptions, pair => pair.description.AccessRights == AccessRight.Restricted);
        Assert.All(descriptions.Where(pair => pair.description.AccessRights == AccessRight.Public),
            pair => Assert.NotNull(pair.description.Distributions[0].DownloadUrl));
        Assert.All(descriptions.Where(pair => pair.description.AccessRights == AccessRight.Restricted),
            pair => Assert.Null(pair.description.Distributions[0].DownloadUrl));
    }

    [Fact]
    public void WriteCsv_ToAFolderThatDoesNotExist_FailsAndLeavesNothing()
    {
        var missing = Path.Combine(files.Folder, "missing", "x.csv");
        Assert.Throws<DirectoryNotFoundException>(() => DemoCatalog.Datasets[0].WriteCsv(missing));
        Assert.False(Directory.Exists(Path.Combine(files.Folder, "missing")));
    }

    [GeneratedRegex("^L-[0-9]{4}$")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex("^[A-Z][0-9]{2}(\\.[0-9])?$")]
    private static partial Regex Icd10Pattern();
}

public sealed class LuxembourgCommunesTests
{
    [Fact]
    public void All_AreTheHundredCommunesOfTheTwelveCantonsWithDistinctPostcodes()
    {
        Assert.Equal(100, LuxembourgCommunes.All.Count);
        Assert.Equal(12, LuxembourgCommunes.All.Select(commune => commune.Canton).Distinct().Count());
        var postcodes = LuxembourgCommunes.All.SelectMany(commune => commune.Postcodes).ToList();
        Assert.Equal(postcodes.Count, postcodes.Distinct().Count());
        Assert.All(postcodes, postcode => Assert.Matches("^L-[1-9][0-9]{3}$", postcode));
    }
}
