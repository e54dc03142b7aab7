using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Detection;

public sealed class FreeTextScannerTests
{
    [Fact]
    public void Scan_FindsValidatedIdentifiersAndSkipsInvalidOnes()
    {
        var text = "Contact jean.dupont@post.lu or +352 621 123 456. IBAN LU28 0019 4006 4475 0000, matricule 1893120105732, "
            + "not 1893120105733. Server 10.1.2.3.";
        var entities = FreeTextScanner.Scan(text).Select(s => (s.Entity, text.Substring(s.Start, s.Length))).ToList();
        Assert.Contains((PiiEntity.EmailAddress, "jean.dupont@post.lu"), entities);
        Assert.Contains((PiiEntity.PhoneNumber, "+352 621 123 456"), entities);
        Assert.Contains((PiiEntity.Iban, "LU28 0019 4006 4475 0000"), entities);
        Assert.Contains((PiiEntity.LuxembourgNationalId, "1893120105732"), entities);
        Assert.Contains((PiiEntity.IpAddress, "10.1.2.3"), entities);
        Assert.DoesNotContain(entities, e => e.Item2 == "1893120105733");
    }

    [Fact]
    public void Scan_NamesNeedATitleOrAKnownGivenName()
    {
        var spans = FreeTextScanner.Scan("Rendez-vous avec Mme Weber et Jean Kayser chez Blue Widget.");
        var names = spans.Where(s => s.Entity == PiiEntity.PersonName).ToList();
        Assert.Equal(2, names.Count);
    }

    [Fact]
    public void Scan_BirthDateNeedsContext()
    {
        Assert.Contains(FreeTextScanner.Scan("Patient né le 12/03/1961 à Esch."), s => s.Entity == PiiEntity.BirthDate);
        Assert.DoesNotContain(FreeTextScanner.Scan("Livraison prévue le 12/03/2024 à Esch."), s => s.Entity == PiiEntity.BirthDate);
    }

    [Fact]
    public void Redact_ReplacesSpansWithPlaceholders() =>
        Assert.Equal("Write to <EMAIL_ADDRESS> today.", FreeTextScanner.Redact("Write to anne@example.lu today."));
}
