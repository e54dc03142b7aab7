using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Detection;

public sealed class ValueRecogniserTests
{
    [Theory]
    [InlineData("jean.dupont@post.lu", PiiEntity.EmailAddress)]
    [InlineData("+352 621 123 456", PiiEntity.PhoneNumber)]
    [InlineData("0049 (0) 171 1234567", PiiEntity.PhoneNumber)]
    [InlineData("LU28 0019 4006 4475 0000", PiiEntity.Iban)]
    [InlineData("4111 1111 1111 1111", PiiEntity.PaymentCard)]
    [InlineData("1893120105732", PiiEntity.LuxembourgNationalId)]
    [InlineData("LU 2637 5245", PiiEntity.EuVatNumber)]
    [InlineData("2 55 08 14 168 025 38", PiiEntity.FrenchNir)]
    [InlineData("85.07.30-033.28", PiiEntity.BelgianNationalNumber)]
    [InlineData("86 095 742 719", PiiEntity.GermanTaxId)]
    [InlineData("L-1234", PiiEntity.Postcode)]
    [InlineData("12, rue de la Gare", PiiEntity.StreetAddress)]
    [InlineData("Hauptstraße 5", PiiEntity.StreetAddress)]
    [InlineData("1985-07-30", PiiEntity.BirthDate)]
    [InlineData("30.07.1985", PiiEntity.BirthDate)]
    [InlineData("192.168.12.7", PiiEntity.IpAddress)]
    [InlineData("2001:db8::8a2e:370:7334", PiiEntity.IpAddress)]
    [InlineData("00:1A:2B:3C:4D:5E", PiiEntity.MacAddress)]
    [InlineData("AB-123-CD", PiiEntity.VehiclePlate)]
    [InlineData("https://www.example.lu/u/jean", PiiEntity.Url)]
    [InlineData("Jean Dupont", PiiEntity.PersonName)]
    public void Recognise_WholeValue(string value, PiiEntity expected) => Assert.True(ValueRecogniser.Recognise(value).Matches(expected));

    [Theory]
    [InlineData("4006381333931")] // EAN-13, not a matricule
    [InlineData("1893120105733")]
    [InlineData("LU280019400644750001")]
    [InlineData("9876543210987654")]
    public void Recognise_LookAlikes_AreNotIdentifiers(string value)
    {
        var signals = ValueRecogniser.Recognise(value);
        Assert.False(signals.Matches(PiiEntity.LuxembourgNationalId));
        Assert.False(signals.Matches(PiiEntity.Iban));
        Assert.False(signals.Matches(PiiEntity.PaymentCard));
    }

    [Fact]
    public void Recognise_Date_CarriesItsYear() => Assert.Equal(1985, ValueRecogniser.Recognise("30/07/1985").Year);

    [Fact]
    public void Recognise_TimestampWithATime_IsNotABirthDate() => Assert.False(ValueRecogniser.Recognise("2024-03-01 13:45:12").Matches(PiiEntity.BirthDate));

    [Fact]
    public void Recognise_KnownGivenName_SetsTheLexiconSignal()
    {
        Assert.True(ValueRecogniser.Recognise("Marie Schmit").Has(AuxiliarySignal.NameLexicon));
        Assert.False(ValueRecogniser.Recognise("Blue Widget").Has(AuxiliarySignal.NameLexicon));
    }

    [Fact]
    public void Recognise_RunningText_MarksWhatItContains()
    {
        var signals = ValueRecogniser.Recognise("Merci de répondre à jean.dupont@post.lu avant vendredi, le dossier est complet.");
        Assert.True(signals.Has(AuxiliarySignal.FreeText));
        Assert.True(signals.Contains(PiiEntity.EmailAddress));
        Assert.False(signals.Matches(PiiEntity.EmailAddress));
    }
}
