using System.Security.Claims;
using System.Security.Cryptography;
using Blog.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Blog.Identity.Tests;

/// <summary>The services' token handler remembers a verified token; these count the signature verifications it asks for.</summary>
public sealed class RememberedTokenTests
{
    sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Counts every signature verification made with the key it is attached to.</summary>
    sealed class CountingCryptoProviders : CryptoProviderFactory
    {
        public int Verifications;
        public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm)
        {
            Interlocked.Increment(ref Verifications);
            return base.CreateForVerifying(key, algorithm);
        }
    }

    static readonly JwtSettings Jwt = new();
    readonly CountingCryptoProviders crypto = new();
    readonly ECDsaSecurityKey key;
    readonly Clock clock = new(DateTimeOffset.UtcNow);
    readonly TokenValidationParameters parameters;

    public RememberedTokenTests()
    {
        key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "current", CryptoProviderFactory = crypto };
        parameters = new TokenValidationParameters
        {
            ValidIssuer = Jwt.Issuer, ValidAudience = Jwt.Audience, IssuerSigningKey = key,
            ValidAlgorithms = [JwtSettings.Algorithm], NameClaimType = BlogClaims.Username, RoleClaimType = BlogClaims.Roles,
        };
    }

    string Token(TimeSpan validFor, string username = "reader") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Jwt.Issuer, Audience = Jwt.Audience, Expires = DateTime.UtcNow + validFor,
        Subject = new ClaimsIdentity([new Claim(BlogClaims.Subject, Guid.NewGuid().ToString()), new Claim(BlogClaims.Username, username), new Claim(BlogClaims.Roles, BlogRoles.Moderator)]),
        SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key.ECDsa) { KeyId = key.KeyId }, JwtSettings.Algorithm),
    });

    RememberingTokenHandler Handler(TimeSpan rememberFor) => new(new JwtSettings { RememberValidFor = rememberFor }, clock);

    [Fact]
    public async Task A_verified_token_is_not_verified_again_until_it_is_forgotten_and_each_use_gets_its_own_identity()
    {
        var handler = Handler(TimeSpan.FromMinutes(1));
        var token = Token(TimeSpan.FromHours(1));

        var first = await handler.ValidateTokenAsync(token, parameters);
        var second = await handler.ValidateTokenAsync(token, parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, crypto.Verifications);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        var principal = new ClaimsPrincipal(second.ClaimsIdentity);
        Assert.Equal("reader", principal.Identity?.Name);
        Assert.True(principal.IsInRole(BlogRoles.Moderator));
        second.ClaimsIdentity.AddClaim(new Claim("added", "by one request"));
        Assert.Null((await handler.ValidateTokenAsync(token, parameters)).ClaimsIdentity.FindFirst("added"));

        clock.Now += TimeSpan.FromSeconds(61);
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(2, crypto.Verifications);
    }

    [Fact]
    public async Task A_token_is_never_trusted_from_memory_past_its_expiry()
    {
        var handler = Handler(TimeSpan.FromHours(1));
        var token = Token(TimeSpan.FromMinutes(5));
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);

        clock.Now += TimeSpan.FromMinutes(6);
        await handler.ValidateTokenAsync(token, parameters);

        Assert.Equal(2, crypto.Verifications);
    }

    [Fact]
    public async Task A_token_that_fails_is_verified_each_time_and_a_changed_signature_never_passes_as_the_remembered_token()
    {
        var handler = Handler(TimeSpan.FromMinutes(1));
        var token = Token(TimeSpan.FromHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        var signature = token[(token.LastIndexOf('.') + 1)..];
        var tampered = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        Assert.False((await handler.ValidateTokenAsync(tampered, parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(tampered, parameters)).IsValid);

        Assert.Equal(3, crypto.Verifications);
    }

    [Fact]
    public async Task Remembering_nothing_verifies_every_time()
    {
        var handler = Handler(TimeSpan.Zero);
        var token = Token(TimeSpan.FromHours(1));

        await handler.ValidateTokenAsync(token, parameters);
        await handler.ValidateTokenAsync(token, parameters);

        Assert.Equal(2, crypto.Verifications);
    }
}
