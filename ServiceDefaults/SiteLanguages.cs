namespace Blog.ServiceDefaults;

/// <summary>
/// The languages the site is written in, and which one a request gets: the reader's choice (the
/// `blog.lang` cookie, set by the language switcher), else the first language of `Accept-Language` the
/// site speaks (by its quality), else English. The gateway keys its cache by this answer and the site
/// renders in it, so both must read a request the same way: this is that one reading.
/// </summary>
public static class SiteLanguages
{
    public const string English = "en", Chinese = "zh-Hans";
    public const string CookieName = "blog.lang";
    public static readonly IReadOnlyList<string> All = [English, Chinese];

    public static string Resolve(string? chosen, string? acceptLanguage)
    {
        if (Match(chosen) is { } language) return language;
        var ranked = (acceptLanguage ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((entry, order) =>
            {
                var parts = entry.Split(';', StringSplitOptions.TrimEntries);
                var quality = parts.Skip(1).Select(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(p[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : 1.0).DefaultIfEmpty(1.0).First();
                return (Tag: parts[0], Quality: quality, Order: order);
            })
            .Where(e => e.Quality > 0)
            .OrderByDescending(e => e.Quality).ThenBy(e => e.Order);
        return ranked.Select(e => Match(e.Tag)).FirstOrDefault(l => l is not null) ?? English;
    }

    /// <summary>The site's language for a language tag: any Chinese (`zh`, `zh-CN`, `zh-TW`...) reads the Chinese site, any English the English one.</summary>
    static string? Match(string? tag)
    {
        var primary = tag?.Trim().Split('-', '_')[0];
        if (string.Equals(primary, "zh", StringComparison.OrdinalIgnoreCase)) return Chinese;
        if (string.Equals(primary, "en", StringComparison.OrdinalIgnoreCase)) return English;
        return null;
    }
}
