using System.Text.RegularExpressions;

namespace Blog.Media.Model;

/// <summary>Where the site serves a stored file: `/media/{key}`, the key being its content's hash and extension.</summary>
public static partial class MediaAddresses
{
    public const string Prefix = "/media/";

    /// <summary>The two formats files are encoded in, by their keys' extensions.</summary>
    public const string Jpeg = "jpg", Png = "png";

    public static string Of(string key) => Prefix + key;

    /// <summary>A file's type, told by its key's extension (the only two this service writes).</summary>
    public static string ContentTypeOf(string key) => key.EndsWith("." + Png, StringComparison.Ordinal) ? "image/png" : "image/jpeg";

    /// <summary>A key as this service makes them (32 hex digits and the extension).</summary>
    [GeneratedRegex("^[0-9a-f]{32}\\.(jpg|png)$")]
    public static partial Regex Key();

    /// <summary>The key an address (absolute or not) names, or null when it is not one of ours.</summary>
    public static string? KeyIn(string? address)
    {
        var at = address?.IndexOf(Prefix, StringComparison.Ordinal) ?? -1;
        if (at < 0) return null;
        var key = address![(at + Prefix.Length)..].Split('?', '#')[0];
        return Key().IsMatch(key) ? key : null;
    }
}
