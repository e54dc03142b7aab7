using Agora.Platform.Demo;

namespace Agora.Platform.Tests.Demo;

public sealed class NationalIdentificationNumberTests
{
    [Fact]
    public void Create_ReproducesThePublishedExample()
    {
        // The example of the OECD Luxembourg TIN sheet: born 1 December 1893, serial 057, Luhn 3, Verhoeff 2.
        Assert.Equal("1893120105732", NationalIdentificationNumber.Create(new DateOnly(1893, 12, 1), 57));
        Assert.True(NationalIdentificationNumber.IsValid("1893120105732"));
    }

    [Theory]
    [InlineData("1893120105733")] // wrong Verhoeff digit
    [InlineData("1893120105722")] // wrong Luhn digit
    [InlineData("1893130105732")] // month 13
    [InlineData("189312010573")] // 12 digits
    [InlineData("18931201057321")] // 14 digits
    [InlineData("18931201O5732")] // a letter O
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_RejectsMalformedNumbers(string? value) => Assert.False(NationalIdentificationNumber.IsValid(value));

    [Fact]
    public void IsValid_EverySingleDigitErrorAndAdjacentSwap_IsDetected()
    {
        var valid = NationalIdentificationNumber.Create(new DateOnly(1984, 7, 23), 418);
        for (var position = 8; position < 13; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit != valid[position])
                {
                    var changed = valid[..position] + digit + valid[(position + 1)..];
                    Assert.False(NationalIdentificationNumber.IsValid(changed), changed);
                }
            }
        }
        for (var position = 0; position < 12; position++)
        {
            if (valid[position] != valid[position + 1])
            {
                var swapped = valid[..position] + valid[position + 1] + valid[position] + valid[(position + 2)..];
                Assert.False(NationalIdentificationNumber.IsValid(swapped), swapped);
            }
        }
    }

    [Fact]
    public void Create_SerialOutOfRange_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NationalIdentificationNumber.Create(new DateOnly(2000, 1, 1), 1000));
}
