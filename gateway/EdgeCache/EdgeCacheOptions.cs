namespace Blog.Gateway.EdgeCache;

/// <summary>`EdgeCache:*`: what the gateway keeps in memory and serves to anonymous readers itself.</summary>
public sealed class EdgeCacheOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The routes whose anonymous GET/HEAD answers are kept, each with the query parameters that
    /// change its answer, separated by spaces (part of the key; any other parameter is left out of it).
    /// </summary>
    public Dictionary<string, string> Routes { get; set; } = [];

    /// <summary>
    /// Routes of files whose address is their content's hash (uploaded images): one entry each, whatever the
    /// reader's language or encoding, and the service's own year-long, immutable caching headers kept.
    /// </summary>
    public string[] FileRoutes { get; set; } = [];

    /// <summary>Paths of cached routes that are never kept (pages for staff or for one reader).</summary>
    public string[] NeverPaths { get; set; } = [];

    /// <summary>The memory all entries may take together.</summary>
    public long SizeLimitBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A backstop: entries are evicted by the services' change announcements, not by time.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A 404 is kept briefly: a post about to be published must not stay missing for long.</summary>
    public TimeSpan NotFoundLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The site's sign-in cookie: a request carrying it is a reader's own, never cached.</summary>
    public string SessionCookie { get; set; } = "blog.session";
}
