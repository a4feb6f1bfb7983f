using System.Security.Cryptography;
using Blog.Identity.Infrastructure;
using Blog.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Blog.Identity.Apis;

/// <summary>
/// The OpenID discovery document and the public keys, for the other services to validate tokens.
/// Served inside the cluster: the gateway routes no `/.well-known` path here.
/// </summary>
public static class DiscoveryApi
{
    public static IEndpointRouteBuilder MapDiscoveryApi(this IEndpointRouteBuilder app)
    {
        // For the services (token validation); the gateway does not route it, so it is not in the public API description.
        var wellKnown = app.MapGroup("/.well-known").WithTags("Discovery").ExcludeFromDescription();
        wellKnown.MapGet("/openid-configuration", (JwtSettings settings) => TypedResults.Ok(new Dictionary<string, object>
        {
            ["issuer"] = settings.Issuer,
            ["jwks_uri"] = $"{settings.Issuer.TrimEnd('/')}/.well-known/jwks.json",
            ["id_token_signing_alg_values_supported"] = new[] { JwtSettings.Algorithm },
        }));
        wellKnown.MapGet("/jwks.json", (SigningKeys keys) => TypedResults.Ok(new { keys = keys.All.Select(PublicJwk) }));
        return app;
    }

    static Dictionary<string, string> PublicJwk(ECDsaSecurityKey key)
    {
        var point = key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
        return new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(point.X),
            ["y"] = Base64UrlEncoder.Encode(point.Y),
            ["kid"] = key.KeyId,
            ["use"] = "sig",
            ["alg"] = JwtSettings.Algorithm,
        };
    }
}
