using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Blog.ServiceDefaults.Authentication;

/// <summary>
/// Validates the platform's tokens and remembers those found valid for `Jwt:RememberValidFor` (never past
/// their expiry), so a token that reaches this service again is not verified again: a signed-in reader's
/// page sends the same token to four services, and each ES256 verification costs about 70 µs of CPU.
/// What is remembered is only what the token's own bytes prove (signature, issuer, audience, lifetime);
/// whether its account may still use it (<see cref="AccountRevocations"/>) is checked on every request.
/// A token that fails is never remembered.
/// </summary>
public sealed class RememberingTokenHandler(JwtSettings settings, TimeProvider clock) : JsonWebTokenHandler
{
    const int MaxRemembered = 5_000;
    readonly ConcurrentDictionary<string, (JsonWebToken Token, ClaimsIdentity Identity, DateTimeOffset Until)> valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (valid.TryGetValue(token, out var known) && known.Until > now)
        {
            // Each request gets an identity of its own: one request's changes to it never reach another.
            return new TokenValidationResult { IsValid = true, SecurityToken = known.Token, ClaimsIdentity = known.Identity.Clone() };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && settings.RememberValidFor > TimeSpan.Zero && result.SecurityToken is JsonWebToken validated)
        {
            if (valid.Count >= MaxRemembered) Forget(now);
            var expires = new DateTimeOffset(validated.ValidTo, TimeSpan.Zero);
            var until = now + settings.RememberValidFor < expires ? now + settings.RememberValidFor : expires;
            valid[token] = (validated, result.ClaimsIdentity.Clone(), until);
        }
        else
        {
            valid.TryRemove(token, out _);
        }
        return result;
    }

    /// <summary>Past the bound, the expired ones go; if every one is current (a burst of sign-ins), all go.</summary>
    void Forget(DateTimeOffset now)
    {
        foreach (var (token, entry) in valid) if (entry.Until <= now) valid.TryRemove(token, out _);
        if (valid.Count >= MaxRemembered) valid.Clear();
    }
}
