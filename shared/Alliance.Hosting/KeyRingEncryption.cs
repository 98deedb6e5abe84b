using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Hosting;

/// <summary>
/// Encrypts the Data Protection key ring's keys with AES-256-GCM under a key-encryption key that lives outside the
/// database (configuration: DataProtection:{service}:KeyRingKey, 32 bytes in base64; deploy/infra.sh generates one
/// per service into .alliance/). Each encrypted key names the KEK by a fingerprint, so a KEK is rotated by setting the
/// new one as KeyRingKey and the old one as DataProtection:{service}:PreviousKeyRingKey until the framework has rolled
/// its keys (or the old ones are no longer needed).
/// </summary>
public sealed class KeyRingEncryption(byte[] current) : IXmlEncryptor
{
    public sealed record Settings(string Service)
    {
        public string Current => $"DataProtection:{Service}:KeyRingKey";
        public string Previous => $"DataProtection:{Service}:PreviousKeyRingKey";
    }

    public static KeyRingEncryption? FromConfiguration(IServiceProvider services) =>
        Key(services.GetRequiredService<IConfiguration>()[services.GetRequiredService<Settings>().Current]) is { } key ? new KeyRingEncryption(key) : null;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(12);
        var (cipher, tag) = (new byte[plain.Length], new byte[16]);
        using (var aes = new AesGcm(current, 16)) aes.Encrypt(nonce, plain, cipher, tag);
        var element = new XElement("encryptedKey",
            new XAttribute("kek", Fingerprint(current)),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. cipher])));
        return new EncryptedXmlInfo(element, typeof(Decryptor));
    }

    /// <summary>Made by the framework from the type name stored beside each key, with the service provider.</summary>
    public sealed class Decryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            var config = services.GetRequiredService<IConfiguration>();
            var settings = services.GetRequiredService<Settings>();
            var wanted = (string?)encryptedElement.Attribute("kek");
            var key = new[] { Key(config[settings.Current]), Key(config[settings.Previous]) }.OfType<byte[]>().FirstOrDefault(k => Fingerprint(k) == wanted)
                ?? throw new CryptographicException($"The key ring was encrypted with key-encryption key {wanted}, which {settings.Current} and {settings.Previous} do not hold.");
            var blob = Convert.FromBase64String((string)encryptedElement.Element("value")!);
            var plain = new byte[blob.Length - 28];
            using (var aes = new AesGcm(key, 16)) aes.Decrypt(blob.AsSpan(0, 12), blob.AsSpan(28), blob.AsSpan(12, 16), plain);
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
        }
    }

    private static byte[]? Key(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64)) return null;
        var key = Convert.FromBase64String(base64.Trim());
        return key.Length == 32 ? key : throw new InvalidOperationException("A key-encryption key (DataProtection:{service}:KeyRingKey) must be 32 bytes in base64.");
    }

    private static string Fingerprint(byte[] key) => Convert.ToHexString(SHA256.HashData(key))[..16].ToLowerInvariant();
}
