namespace Blog.Gateway.EdgeCache;

/// `EdgeCache:*`: what the gateway keeps in memory and serves to anonymous readers itself.
public sealed class EdgeCacheOptions
{
    public bool Enabled { get; set; } = true;

    /// The routes whose anonymous GET/HEAD answers are kept, each with the query parameters that
    /// change its answer, separated by spaces (part of the key; any other parameter is left out of it).
    public Dictionary<string, string> Routes { get; set; } = [];

    /// Paths of cached routes that are never kept (pages for staff or for one reader).
    public string[] NeverPaths { get; set; } = [];

    /// The memory all entries may take together.
    public long SizeLimitBytes { get; set; } = 256L * 1024 * 1024;

    /// A backstop: entries are evicted by the services' change announcements, not by time.
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// A 404 is kept briefly: a post about to be published must not stay missing for long.
    public TimeSpan NotFoundLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// The site's sign-in cookie: a request carrying it is a reader's own, never cached.
    public string SessionCookie { get; set; } = "blog.session";
}
