using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Blog.Identity.Infrastructure;
using Blog.ServiceDefaults.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Blog.Identity.Tests;

public sealed class TokenTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Theory]
    [InlineData("Token")]
    [InlineData("Bearer")]
    public async Task Both_the_RealWorld_Token_scheme_and_Bearer_are_accepted(string scheme)
    {
        var account = await fixture.RegisterAsync();

        var (status, _) = await fixture.SendAsync(HttpMethod.Get, "/api/user", account.Token, scheme: scheme);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("garbage")]
    [InlineData("tampered")]
    [InlineData("alg-none")]
    [InlineData("other-key")]
    [InlineData("expired")]
    [InlineData("wrong-audience")]
    public async Task A_token_that_is_not_a_valid_one_of_ours_gets_401(string kind)
    {
        var account = await fixture.RegisterAsync();
        var token = kind switch
        {
            "missing" => null,
            "garbage" => "not.a.jwt",
            "tampered" => Tamper(account.Token),
            "alg-none" => Unsigned(account.Token),
            "other-key" => Mint(account.Token, signWith: new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = CurrentKey().KeyId }),
            "expired" => Mint(account.Token, expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong-audience" => Mint(account.Token, audience: "someone-else"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var (status, _) = await fixture.SendAsync(HttpMethod.Get, "/api/user", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_token_minted_here_with_the_current_key_is_accepted()
    {
        // The counterpart of the test above: the minting helper itself makes valid tokens.
        var account = await fixture.RegisterAsync();

        var (status, _) = await fixture.SendAsync(HttpMethod.Get, "/api/user", Mint(account.Token));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task The_signing_key_is_stored_encrypted_and_one_stored_in_clear_is_encrypted_at_start_up()
    {
        var account = await fixture.RegisterAsync();
        var stored = (await fixture.Database!.ScalarAsync<byte[]>("SELECT private_key FROM signing_keys LIMIT 1"))!;
        Assert.True(Blog.ServiceDefaults.Security.KeyEncryption.IsProtected(stored));
        Assert.Throws<CryptographicException>(() => ECDsa.Create().ImportPkcs8PrivateKey(stored, out _));

        // As a key written before encryption was configured: in clear.
        var encryption = Blog.ServiceDefaults.Security.KeyEncryption.FromConfiguration(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KeyEncryption:Key"] = IdentityFixture.KeyEncryptionSecret }).Build())!;
        await fixture.Database!.ScalarAsync<long>("UPDATE signing_keys SET private_key = $1", encryption.Unprotect(stored));
        await using var restarted = fixture.StartAnotherInstance();

        Assert.Equal(HttpStatusCode.OK, await CurrentUserStatusAsync(restarted, account.Token));
        Assert.True(Blog.ServiceDefaults.Security.KeyEncryption.IsProtected((await fixture.Database!.ScalarAsync<byte[]>("SELECT private_key FROM signing_keys LIMIT 1"))!));
    }

    [Fact]
    public async Task A_token_issued_before_a_restart_still_validates_after_it()
    {
        var account = await fixture.RegisterAsync();

        await using var restarted = fixture.StartAnotherInstance();

        Assert.Equal(HttpStatusCode.OK, await CurrentUserStatusAsync(restarted, account.Token));
        var keys = restarted.Services.GetRequiredService<SigningKeys>();
        Assert.Equal(CurrentKey().KeyId, keys.Current.KeyId);
    }

    /// `GET /api/user` with `token` on another instance of Identity (a restart, a replica).
    static async Task<HttpStatusCode> CurrentUserStatusAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<IdentityDbContext> instance, string token)
    {
        using var client = instance.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/user");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_published_keys_validate_the_tokens_and_hold_no_private_part()
    {
        var account = await fixture.RegisterAsync();

        var discovery = JsonDocument.Parse(await fixture.Client.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        var jwksJson = await fixture.Client.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).AbsolutePath);
        var jwks = new JsonWebKeySet(jwksJson);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(account.Token, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudience = "blog",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.DoesNotContain("\"d\"", jwksJson, StringComparison.Ordinal);
    }

    ECDsaSecurityKey CurrentKey() => fixture.Services.GetRequiredService<SigningKeys>().Current;

    /// A token with the same claims as `like`, signed as asked.
    string Mint(string like, SecurityKey? signWith = null, DateTime? expires = null, string audience = "blog")
    {
        var original = new JsonWebToken(like);
        var settings = fixture.Services.GetRequiredService<JwtSettings>();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = audience,
            IssuedAt = (expires ?? DateTime.UtcNow).AddHours(-1),
            NotBefore = (expires ?? DateTime.UtcNow).AddHours(-1),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = original.Subject,
                ["username"] = original.GetClaim("username").Value,
                ["stamp"] = original.GetClaim("stamp").Value,
                ["sid"] = original.GetClaim("sid").Value,
                ["auth_time"] = long.Parse(original.GetClaim("auth_time").Value, System.Globalization.CultureInfo.InvariantCulture),
            },
            SigningCredentials = new SigningCredentials(signWith ?? CurrentKey(), SecurityAlgorithms.EcdsaSha256),
        });
    }

    static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"roles\":[]", "\"roles\":[\"admin\"]", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    static string Unsigned(string token)
    {
        var parts = token.Split('.');
        return $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";
    }
}
