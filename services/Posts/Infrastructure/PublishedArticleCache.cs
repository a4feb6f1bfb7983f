using Blog.Posts.Model;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Blog.Posts.Infrastructure;

/// Published articles by slug, in each replica's memory, so a read needs no database query. An entry
/// is good while Redis's content version is unchanged: every committed write to Posts' database
/// increments it (`ContentChangeInterceptor`), and a read compares it in the same Redis round trip
/// that counts the view. The version is read before an article is loaded, so a write committed during
/// the load makes the new entry stale at once rather than hiding the write. Without Redis nothing is
/// cached and the local entries are dropped.
public sealed partial class PublishedArticleCache(IConnectionMultiplexer redis, IOptions<ViewCountingOptions> options, ILogger<PublishedArticleCache> logger)
    : IDisposable
{
    // A backstop for a write made outside this service's DbContext (by hand, say).
    static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = 5_000 });

    public sealed record Entry(Article Article, long Version);

    public RedisKey VersionKey => $"{options.Value.KeyPrefix}content-version";

    public Entry? Find(string slug) => entries.TryGetValue(slug, out Entry? entry) ? entry : null;

    public void Keep(string slug, Article article, long version)
    {
        if (article.Status != ArticleStatus.Published) return;
        entries.Set(slug, new Entry(article, version), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
    }

    /// The current version, or null when Redis cannot say (then nothing may be cached).
    public async Task<long?> VersionAsync()
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(VersionKey);
            return value.TryParse(out long version) ? version : 0;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Forget(ex.Message);
            return null;
        }
    }

    /// After a committed write: every replica's entries become stale.
    public async Task InvalidateAsync()
    {
        try
        {
            await redis.GetDatabase().StringIncrementAsync(VersionKey);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The other replicas cannot validate against Redis either, so they drop theirs too.
            Forget(ex.Message);
        }
    }

    /// Redis could not be asked: a write committed meanwhile could not increment the version, so no entry
    /// can be trusted once Redis answers again.
    public void Forget(string reason)
    {
        if (entries.Count == 0) return;
        entries.Clear();
        LogDropped(reason);
    }

    public void Dispose() => entries.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article cache dropped, Redis unavailable: {Reason}")]
    partial void LogDropped(string reason);
}
