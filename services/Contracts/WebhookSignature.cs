using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Blog.Contracts;

/// <summary>
/// The <c>X-Blog-Signature</c> header of a webhook delivery: <c>sha256=HEX, t=UNIX_SECONDS</c>, where HEX is
/// HMAC-SHA256 with the endpoint's secret over <c>UNIX_SECONDS.RAW_BODY</c>. A receiver recomputes it over
/// the bytes it received and refuses a signature that differs or a timestamp too far from its clock
/// (a replayed request).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header a delivery carries its signature in.</summary>
    public const string HeaderName = "X-Blog-Signature";

    /// <summary>How far a delivery's timestamp may be from the receiver's clock: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    /// <param name="secret">The webhook's secret (shown once when it was registered).</param>
    /// <param name="timestamp">Unix seconds of the delivery.</param>
    /// <param name="body">The exact bytes of the request body.</param>
    public static string Create(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"sha256={Convert.ToHexStringLower(Compute(secret, timestamp, body))}, t={timestamp.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>True when <paramref name="header"/> signs exactly <paramref name="body"/> with <paramref name="secret"/>
    /// and its timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    /// <param name="secret">The webhook's secret.</param>
    /// <param name="header">The <c>X-Blog-Signature</c> header received (null when missing).</param>
    /// <param name="body">The exact bytes received.</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How old or new a timestamp may be; <see cref="DefaultTolerance"/> when null.</param>
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
