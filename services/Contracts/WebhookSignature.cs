using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Blog.Contracts;

/// The `X-Blog-Signature` header of a webhook delivery: `sha256=HEX, t=UNIX_SECONDS`, where HEX is
/// HMAC-SHA256 with the endpoint's secret over `UNIX_SECONDS.RAW_BODY`. A receiver recomputes it over
/// the bytes it received and refuses a signature that differs or a timestamp too far from its clock
/// (a replayed request).
public static class WebhookSignature
{
    public const string HeaderName = "X-Blog-Signature";
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Create(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"sha256={Convert.ToHexStringLower(Compute(secret, timestamp, body))}, t={timestamp.ToString(CultureInfo.InvariantCulture)}";

    /// True when `header` signs exactly `body` with `secret` and its timestamp is within `tolerance` of `now`.
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (!TryParse(header, out var signature, out var timestamp)) return false;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age.Duration() > (tolerance ?? DefaultTolerance)) return false;
        return CryptographicOperations.FixedTimeEquals(signature, Compute(secret, timestamp, body));
    }

    static byte[] Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }

    static bool TryParse(string? header, out byte[] signature, out long timestamp)
    {
        signature = [];
        timestamp = 0;
        if (string.IsNullOrEmpty(header)) return false;
        string? hex = null, time = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("sha256=", StringComparison.Ordinal)) hex = part["sha256=".Length..];
            else if (part.StartsWith("t=", StringComparison.Ordinal)) time = part["t=".Length..];
        }
        if (hex is not { Length: 64 } || !long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)) return false;
        try
        {
            signature = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
