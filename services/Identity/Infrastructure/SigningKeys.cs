using System.Security.Cryptography;
using Blog.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Blog.Identity.Infrastructure;

/// <summary>
/// An ES256 key pair kept in Identity's database, so tokens outlive a restart and every replica
/// signs with the same key. Encrypted with `KeyEncryption:Key` when it is set (the AppHost sets it):
/// then reading this table alone mints nothing.
/// </summary>
public sealed class SigningKey
{
    public string Id { get; set; } = "";
    public byte[] PrivateKey { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The keys in memory: the newest signs, all of them validate (room for rotation).</summary>
public sealed class SigningKeys(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<SigningKeys> logger)
{
    // With `KeyEncryption:Key` set, private keys are stored encrypted (and a key stored before in clear is encrypted at start-up).
    readonly KeyEncryption? encryption = KeyEncryption.FromConfiguration(configuration);

    // Serialises the first start of several replicas, so exactly one creates the key.
    const long CreateKeyLock = 0x626c_6f67_6b65_7973; // "blogkeys"

    List<ECDsaSecurityKey> keys = [];

    public ECDsaSecurityKey Current => keys.Count > 0 ? keys[0] : throw new InvalidOperationException("Signing keys are not loaded yet.");

    public IReadOnlyList<ECDsaSecurityKey> All => keys;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CreateKeyLock})", cancellationToken);
        var stored = await db.SigningKeys.OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        if (stored.Count == 0)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var pkcs8 = ecdsa.ExportPkcs8PrivateKey();
            var key = new SigningKey { Id = Guid.NewGuid().ToString("N"), PrivateKey = encryption?.Protect(pkcs8) ?? pkcs8, CreatedAt = clock.GetUtcNow() };
            db.SigningKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            stored.Add(key);
            logger.LogInformation("Created signing key {KeyId}", key.Id);
        }
        if (encryption is not null && stored.Any(k => !KeyEncryption.IsProtected(k.PrivateKey)))
        {
            foreach (var clear in stored.Where(k => !KeyEncryption.IsProtected(k.PrivateKey))) clear.PrivateKey = encryption.Protect(clear.PrivateKey);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Encrypted the signing keys stored in clear");
        }
        await transaction.CommitAsync(cancellationToken);

        keys = stored.Select(ToSecurityKey).ToList();
    }

    ECDsaSecurityKey ToSecurityKey(SigningKey stored)
    {
        var pkcs8 = !KeyEncryption.IsProtected(stored.PrivateKey) ? stored.PrivateKey
            : encryption?.Unprotect(stored.PrivateKey)
                ?? throw new InvalidOperationException("The signing keys are stored encrypted: set KeyEncryption:Key to the secret they were encrypted with.");
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new ECDsaSecurityKey(ecdsa) { KeyId = stored.Id };
    }
}

/// <summary>Loads the keys once the database is migrated and before the service takes requests.</summary>
sealed class SigningKeysLoader(SigningKeys keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => keys.LoadAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
