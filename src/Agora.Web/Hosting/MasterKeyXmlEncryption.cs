using System.Text;
using System.Xml.Linq;
using Agora.Platform.Keys;
using Agora.Privacy.Keys;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Hosting;

/// <summary>Encrypts the ASP.NET Core data-protection keys (which protect sign-in cookies and anti-forgery tokens) with
/// the platform master key ring before they are written to the data folder, so a copy of the folder without the
/// master key cannot forge a session.</summary>
internal sealed class MasterKeyXmlEncryptor(PlatformKeys keys) : IXmlEncryptor
{
    internal const string Purpose = "agora:data-protection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var wrapped = keys.Ring.Wrap(Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)), Purpose);
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with the Agora master key ring (AES-256-GCM). "),
            new XElement("value", wrapped.ToString()));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="MasterKeyXmlEncryptor"/> wrote; created by the data-protection system through its
/// service-provider constructor.</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var text = encryptedElement.Element("value")?.Value
            ?? throw new InvalidOperationException("The encrypted data-protection key has no value element.");
        var keys = services.GetRequiredService<PlatformKeys>();
        var plaintext = keys.Ring.Unwrap(WrappedKey.Parse(text), MasterKeyXmlEncryptor.Purpose);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
