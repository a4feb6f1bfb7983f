using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Blog.ServiceDefaults.Security;

/// <summary>
/// Encrypts key material before it is stored (the token signing key in Identity's database, the site's
/// Data Protection keys in Redis) with a secret the operator supplies (`KeyEncryption:Key`, at least 32
/// characters; the AppHost generates one into the state folder's secrets). Reading the database or
/// Redis alone then gives no usable key. AES-256-GCM with the secret's SHA-256 as the key; stored as
/// [1][nonce 12][tag 16][ciphertext].
/// </summary>
public sealed class KeyEncryption
{
    const byte Version = 1;
    const int NonceSize = 12, TagSize = 16;
    readonly byte[] key;

    KeyEncryption(byte[] key) => this.key = key;

    /// <summary>The configured key, or null when none is configured (material is then stored as it is).</summary>
    public static KeyEncryption? FromConfiguration(IConfiguration configuration)
    {
        if (configuration["KeyEncryption:Key"] is not { Length: > 0 } secret) return null;
        return secret.Length >= 32 ? new KeyEncryption(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)))
            : throw new InvalidOperationException("KeyEncryption:Key must be a secret of at least 32 characters (e.g. `head -c 32 /dev/urandom | base64`).");
    }

    public static bool IsProtected(byte[] data) => data.Length > 1 + NonceSize + TagSize && data[0] == Version;

    public byte[] Protect(byte[] plaintext)
    {
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize));
        return output;
    }

    /// <summary>Throws `CryptographicException` when the data was protected with another key or altered.</summary>
    public byte[] Unprotect(byte[] data)
    {
        if (!IsProtected(data)) throw new CryptographicException("The data is not protected key material.");
        var plaintext = new byte[data.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(1, NonceSize), data.AsSpan(1 + NonceSize + TagSize), data.AsSpan(1 + NonceSize, TagSize), plaintext);
        return plaintext;
    }
}
