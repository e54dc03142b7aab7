using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Detection;

public sealed class CheckDigitsTests
{
    [Theory]
    [InlineData("LU280019400644750000", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("FR1420041010050500013M02606", true)]
    [InlineData("BE68539007547034", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("PT50000201231234567890154", true)]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("LU280019400644750001", false)]
    [InlineData("LU2800194006447500", false)]
    [InlineData("XX280019400644750000", false)]
    public void Iban_Mod97AndCountryLength(string iban, bool valid) => Assert.Equal(valid, CheckDigits.IsIbanValid(iban));

    [Theory]
    [InlineData("79927398713", true)]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    public void Luhn(string digits, bool valid) => Assert.Equal(valid, CheckDigits.IsLuhnValid(digits));

    [Fact]
    public void Verhoeff_PublishedExample() => Assert.Equal(3, CheckDigits.VerhoeffCheckDigit("236"));

    [Theory]
    [InlineData("1893120105732", true)]
    [InlineData("1893120105733", false)]
    [InlineData("1893120105742", false)]
    [InlineData("1893130105732", false)]
    public void LuxembourgNationalId_LuhnAndVerhoeffOverTheFirst11Digits(string id, bool valid) =>
        Assert.Equal(valid, CheckDigits.IsLuxembourgNationalIdValid(id));

    [Theory]
    [InlineData("255081416802538", true)]
    [InlineData("255081416802539", false)]
    [InlineData("555081416802538", false)]
    public void FrenchNir_Key(string nir, bool valid) => Assert.Equal(valid, CheckDigits.IsFrenchNirValid(nir));

    [Fact]
    public void FrenchNir_CorsicaUses19And18ForTheKey()
    {
        var body = "185072A123456";
        var key = 97 - CheckDigits.Mod97(body.Replace("2A", "19", StringComparison.Ordinal));
        Assert.True(CheckDigits.IsFrenchNirValid(body + key.ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("85073003328", true)]
    [InlineData("85073003329", false)]
    public void BelgianNationalNumber_Mod97(string number, bool valid) => Assert.Equal(valid, CheckDigits.IsBelgianNationalNumberValid(number));

    [Fact]
    public void BelgianNationalNumber_BornFrom2000_Prefixes2()
    {
        var body = "050315123";
        var check = 97 - CheckDigits.Mod97("2" + body);
        Assert.True(CheckDigits.IsBelgianNationalNumberValid(body + check.ToString("00", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("86095742719", true)]
    [InlineData("47036892816", true)]
    [InlineData("65929970489", true)]
    [InlineData("57549285017", true)]
    [InlineData("25768131411", true)]
    [InlineData("86095742718", false)]
    [InlineData("12345678903", false)] // no repeated digit
    [InlineData("01234567890", false)] // leading zero
    public void GermanTaxId_DigitRuleAndMod11_10(string id, bool valid) => Assert.Equal(valid, CheckDigits.IsGermanTaxIdValid(id));

    [Theory]
    [InlineData("LU26375245", true)]
    [InlineData("LU26375246", false)]
    [InlineData("BE0403170701", true)]
    [InlineData("FR40303265045", true)]
    [InlineData("FR41303265045", false)]
    [InlineData("DE136695976", true)]
    [InlineData("DE136695977", false)]
    [InlineData("IT00743110157", true)]
    [InlineData("PT501964843", true)]
    [InlineData("DK13585628", true)]
    [InlineData("NL004495445B01", true)]
    [InlineData("ATU12345678", true)]
    [InlineData("LU1234567", false)]
    public void Vat_FormatAndCheckDigits(string vat, bool valid) => Assert.Equal(valid, VatNumbers.IsValid(vat));
}
