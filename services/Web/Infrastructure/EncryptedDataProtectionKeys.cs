using System.Text;
using System.Xml.Linq;
using Blog.ServiceDefaults.Security;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Blog.Web.Infrastructure;

/// <summary>
/// Data Protection keys (which decrypt every sign-in cookie) are stored in Redis encrypted with
/// `KeyEncryption:Key`, so reading Redis alone signs nobody in.
/// </summary>
public sealed class KeyEncryptionXmlEncryptor(KeyEncryption encryption) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with KeyEncryption:Key (AES-256-GCM). "),
            new XElement("value", Convert.ToBase64String(encryption.Protect(plaintext))));
        return new EncryptedXmlInfo(element, typeof(KeyEncryptionXmlDecryptor));
    }
}

/// <summary>Created by Data Protection itself (by type name) to read a key back.</summary>
public sealed class KeyEncryptionXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var encryption = services.GetService<KeyEncryption>()
            ?? throw new InvalidOperationException("The site's Data Protection keys are encrypted: set KeyEncryption:Key to the secret they were encrypted with.");
        var value = encryptedElement.Element("value")?.Value ?? throw new InvalidOperationException("An encrypted Data Protection key has no value.");
        return XElement.Parse(Encoding.UTF8.GetString(encryption.Unprotect(Convert.FromBase64String(value))));
    }
}
