using Agora.Platform.Catalog;

namespace Agora.Platform.Tests.Catalog;

public sealed class CatalogSearchTests
{
    [Fact]
    public void Tokenize_FoldsAccentsAndCase() =>
        Assert.Equal(["energie", "gemeinde", "strasse", "ecole"], CatalogSearch.Tokenize("Énergie, GEMEINDE — Straße; école"));

    [Fact]
    public void Slugify_TitleWithAccents_GivesAsciiSlug() => Assert.Equal("donnees-de-sante-2024", CatalogService.Slugify("Données de santé 2024!"));
}
