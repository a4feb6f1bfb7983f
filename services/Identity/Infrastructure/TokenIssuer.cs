using System.Globalization;
using System.Security.Claims;
using Blog.Identity.Model;
using Blog.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Blog.Identity.Infrastructure;

/// <summary>One sign-in: its id (signing out revokes it) and when the password was given. Refreshed tokens keep both.</summary>
public sealed record SignInSession(string Id, DateTimeOffset AuthenticatedAt)
{
    public static SignInSession Start(DateTimeOffset now) => new(Guid.NewGuid().ToString("N"), now);

    /// <summary>The session a token belongs to; null for a token without one.</summary>
    public static SignInSession? Of(ClaimsPrincipal user) =>
        user.FindFirstValue(BlogClaims.Session) is { Length: > 0 } id
        && long.TryParse(user.FindFirstValue(BlogClaims.AuthTime), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? new SignInSession(id, DateTimeOffset.FromUnixTimeSeconds(seconds))
            : null;
}

/// <summary>Mints the platform's JWTs: subject, username, roles, security stamp and session, signed ES256 with the current key.</summary>
public sealed class TokenIssuer(SigningKeys keys, JwtSettings settings, TimeProvider clock)
{
    readonly JsonWebTokenHandler handler = new();

    /// <summary>Null once the session is older than `JwtSettings.SessionLifetime`: it must sign in again.</summary>
    public string? IssueFor(User user, SignInSession session)
    {
        var now = clock.GetUtcNow();
        var sessionEnds = session.AuthenticatedAt + settings.SessionLifetime;
        if (sessionEnds <= now) return null;
        var expires = now + settings.Lifetime < sessionEnds ? now + settings.Lifetime : sessionEnds;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [BlogClaims.Subject] = user.Id.ToString(),
                [BlogClaims.Username] = user.Username,
                [BlogClaims.Roles] = user.Roles.ToArray(),
                [BlogClaims.Stamp] = user.SecurityStamp,
                [BlogClaims.Session] = session.Id,
                [BlogClaims.AuthTime] = session.AuthenticatedAt.ToUnixTimeSeconds(),
            },
            SigningCredentials = new SigningCredentials(keys.Current, JwtSettings.Algorithm),
        });
    }

    /// <summary>How long a token issued now stays valid at most (for refusing a deleted account's tokens).</summary>
    public TimeSpan LongestTokenLife => settings.Lifetime;

    /// <summary>How long a session's tokens may still be refreshed (for remembering that it signed out).</summary>
    public TimeSpan RemainingOf(SignInSession session) => session.AuthenticatedAt + settings.SessionLifetime - clock.GetUtcNow();
}
