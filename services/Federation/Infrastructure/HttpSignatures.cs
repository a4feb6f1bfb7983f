using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Blog.Federation.Infrastructure;

/// <summary>
/// HTTP Signatures as the fediverse uses them (draft-cavage-http-signatures-12, `rsa-sha256`, what
/// Mastodon sends and checks): the signed headers, the `Digest` of the body, and the `Signature` header.
/// </summary>
public static class HttpSignatures
{
    /// <summary>The headers this site signs: a POST's target, host, date and body digest (a GET has no digest).</summary>
    static readonly string[] SignedWithBody = ["(request-target)", "host", "date", "digest"];
    static readonly string[] SignedWithoutBody = ["(request-target)", "host", "date"];

    /// <summary>`SHA-256=base64`, the `Digest` header of a body.</summary>
    public static string Digest(ReadOnlySpan<byte> body) => "SHA-256=" + Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>Signs `request` (whose body, if any, is `body`) as `keyId` with `key`, dated `now`.</summary>
    public static void Sign(HttpRequestMessage request, byte[]? body, string keyId, RSA key, DateTimeOffset now)
    {
        var uri = request.RequestUri!;
        var date = now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        request.Headers.Date = now;
        request.Headers.Host = uri.Authority;
        string? digest = null;
        if (body is not null)
        {
            digest = Digest(body);
            request.Headers.Add("Digest", digest);
        }
        var names = body is null ? SignedWithoutBody : SignedWithBody;
        var text = SigningString(names, request.Method.Method, uri.PathAndQuery, name => name switch
        {
            "host" => uri.Authority,
            "date" => date,
            "digest" => digest,
            _ => null,
        });
        var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(text!), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        request.Headers.TryAddWithoutValidation("Signature",
            $"keyId=\"{keyId}\",algorithm=\"rsa-sha256\",headers=\"{string.Join(' ', names)}\",signature=\"{signature}\"");
    }

    /// <summary>
    /// The text a signature covers: one `name: value` line per signed header, in the order named; null
    /// when a named header is missing.
    /// </summary>
    public static string? SigningString(IReadOnlyList<string> names, string method, string pathAndQuery, Func<string, string?> header)
    {
        var lines = new List<string>(names.Count);
        foreach (var name in names)
        {
            var value = name == "(request-target)" ? $"{method.ToLowerInvariant()} {pathAndQuery}" : header(name);
            if (value is null) return null;
            lines.Add($"{name}: {value}");
        }
        return string.Join('\n', lines);
    }

    /// <summary>A parsed `Signature` header.</summary>
    public sealed record Parameters(string KeyId, string Algorithm, IReadOnlyList<string> Headers, byte[] Signature);

    /// <summary>The parameters of a `Signature` header, or null when it is not a well-formed draft-cavage signature.</summary>
    public static Parameters? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 8192) return null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in SplitFields(header))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) return null;
            var value = part[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
            fields[part[..equals].Trim()] = value;
        }
        if (!fields.TryGetValue("keyId", out var keyId) || !fields.TryGetValue("signature", out var signature)) return null;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return null;
        }
        // Without `headers`, the draft signs the date alone.
        var headers = fields.TryGetValue("headers", out var names) ? names.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries) : ["date"];
        return new Parameters(keyId, fields.GetValueOrDefault("algorithm", "hs2019"), headers, bytes);
    }

    /// <summary>The comma-separated fields of a header, commas inside quotes kept.</summary>
    static IEnumerable<string> SplitFields(string header)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] == '"') quoted = !quoted;
            else if (header[i] == ',' && !quoted)
            {
                yield return header[start..i];
                start = i + 1;
            }
        }
        yield return header[start..];
    }

    /// <summary>Whether `signature` over `text` verifies with the PEM public key.</summary>
    public static bool Verify(string publicKeyPem, string text, byte[] signature)
    {
        try
        {
            using var key = RSA.Create();
            key.ImportFromPem(publicKeyPem);
            return key.VerifyData(Encoding.UTF8.GetBytes(text), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return false;
        }
    }
}
