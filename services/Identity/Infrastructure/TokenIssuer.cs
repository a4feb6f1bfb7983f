using Blog.Identity.Model;
using Blog.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Blog.Identity.Infrastructure;

/// Mints the platform's JWTs: subject, username and roles, signed ES256 with the current key.
public sealed class TokenIssuer(SigningKeys keys, JwtSettings settings, TimeProvider clock)
{
    readonly JsonWebTokenHandler handler = new();

    public string IssueFor(User user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.Lifetime,
            Claims = new Dictionary<string, object>
            {
                [BlogClaims.Subject] = user.Id.ToString(),
                [BlogClaims.Username] = user.Username,
                [BlogClaims.Roles] = user.Roles.ToArray(),
            },
            SigningCredentials = new SigningCredentials(keys.Current, JwtSettings.Algorithm),
        });
    }
}
