using System.Globalization;
using Blog.Federation.Model;
using Microsoft.Extensions.Options;

namespace Blog.Federation.Infrastructure;

/// <summary>
/// Checks a request's HTTP Signature (draft-cavage, `rsa-sha256`/`hs2019` with an RSA key): it must sign the
/// request target, host and date (and the body's digest, which must match), be dated within
/// `SignatureWindow`, and verify with its key's owner's public key, fetched again once when it does not
/// (keys rotate). RFC 9421 signatures are refused with 401, which tells double-knocking senders to fall back.
/// </summary>
public sealed class SignatureVerifier(RemoteActors actors, IOptions<FederationOptions> options, TimeProvider clock)
{
    public sealed record Result(RemoteActor? Actor, string? Refusal);

    public async Task<Result> VerifyAsync(HttpRequest request, byte[] body, CancellationToken cancellationToken)
    {
        if (request.Headers.ContainsKey("Signature-Input"))
            return new(null, "RFC 9421 signatures are not checked here; sign with draft-cavage-http-signatures-12 (rsa-sha256)");
        var signature = HttpSignatures.Parse(request.Headers["Signature"].ToString());
        if (signature is null) return new(null, "the request carries no well-formed Signature header");
        if (signature.Algorithm is not ("rsa-sha256" or "hs2019")) return new(null, $"the signature algorithm '{signature.Algorithm}' is not supported");
        string[] required = body.Length > 0 ? ["(request-target)", "host", "date", "digest"] : ["(request-target)", "host", "date"];
        if (required.FirstOrDefault(name => !signature.Headers.Contains(name)) is { } unsigned) return new(null, $"the signature must cover '{unsigned}'");

        if (!DateTimeOffset.TryParseExact(request.Headers.Date.ToString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || (clock.GetUtcNow() - date).Duration() > options.Value.SignatureWindow)
            return new(null, "the Date header is missing or too far from now");
        if (body.Length > 0 && !DigestMatches(request.Headers["Digest"].ToString(), body)) return new(null, "the Digest header does not match the body");

        var text = HttpSignatures.SigningString(signature.Headers, request.Method, request.Path.ToUriComponent() + request.QueryString.ToUriComponent(), name => HeaderValue(request, name));
        if (text is null) return new(null, "a signed header is missing");

        var actor = await actors.ForKeyAsync(signature.KeyId, refresh: false, cancellationToken);
        if (actor is not null && HttpSignatures.Verify(actor.PublicKeyPem, text, signature.Signature)) return new(actor, null);
        actor = await actors.ForKeyAsync(signature.KeyId, refresh: true, cancellationToken);
        return actor is not null && HttpSignatures.Verify(actor.PublicKeyPem, text, signature.Signature)
            ? new(actor, null)
            : new(null, actor is null ? "the signing key could not be fetched" : "the signature does not verify");
    }

    /// <summary>A header as the sender saw it: the host it addressed is the gateway's forwarded one.</summary>
    static string? HeaderValue(HttpRequest request, string name)
    {
        if (name == "host") return request.Headers["X-Forwarded-Host"].FirstOrDefault() ?? request.Host.Value;
        var values = request.Headers[name];
        return values.Count == 0 ? null : string.Join(", ", values.Select(v => v?.Trim()));
    }

    static bool DigestMatches(string header, byte[] body)
    {
        var expected = HttpSignatures.Digest(body);
        return header.Split(',').Any(part => part.Trim().Equals(expected, StringComparison.Ordinal)
            || (part.Trim().StartsWith("SHA-256=", StringComparison.OrdinalIgnoreCase) && part.Trim()[8..] == expected[8..]));
    }
}
