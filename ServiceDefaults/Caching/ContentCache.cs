using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Caching;

/// What readers ask for most (a published article, a page of a list, a thread), in each replica's
/// memory, so a read needs no database query. An entry is good while the service's content version in
/// Redis is unchanged: every committed write to the service's database increments it
/// (`ContentChangeInterceptor`), and a read compares it, where it can in a Redis round trip it makes anyway
/// (Posts counts the view in the same script). The version is read before the database, so a write
/// committed during the load makes the new entry stale at once rather than hiding the write. Without
/// Redis nothing is cached and the local entries are dropped.
///
/// Each increment is also announced on the Redis channel `changes` (`ContentCache:ChangesChannel`)
/// as "{source} {new version}" (`posts 1764467000000123`), so the gateway's edge cache drops what it
/// keeps of that service's content (and knows which versions it heard of).
public sealed partial class ContentCache(IConnectionMultiplexer redis, RedisKey versionKey, RedisChannel changes, string source, ILogger<ContentCache> logger) : IDisposable
{
    /// The channel on which every committed write is announced, with the name of the service that made it.
    public static RedisChannel ChangesChannelOf(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        RedisChannel.Literal(configuration["ContentCache:ChangesChannel"] ?? "blog:content-changes");

    // A backstop for a write made outside this service's DbContext (by hand, say).
    static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public sealed record Entry<T>(T Value, long Version);

    public RedisKey VersionKey => versionKey;

    /// Keys are records naming the reader-independent request (`ArticleKey(slug)`, a list's parameters).
    public Entry<T>? Find<T>(object key) => entries.TryGetValue(key, out Entry<T>? entry) ? entry : null;

    public void Keep<T>(object key, T value, long version) =>
        entries.Set(key, new Entry<T>(value, version), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    /// The cached value while the version is unchanged (one Redis read), else a fresh load, kept.
    public async Task<T> GetOrLoadAsync<T>(object key, Func<Task<T>> load)
    {
        var version = await VersionAsync();
        if (version is not null && Find<T>(key) is { } cached && cached.Version == version) return cached.Value;
        var value = await load();
        if (version is { } current) Keep(key, value, current);
        return value;
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

    // A version lost with Redis's data restarts from the clock, above every value it had before, so an
    // entry kept from before can never match a version counted again from zero.
    const string IncrementScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
        return redis.call('INCR', KEYS[1])
        """;

    /// After a committed write: every replica's entries become stale.
    public async Task InvalidateAsync()
    {
        try
        {
            var db = redis.GetDatabase();
            var version = (long)await db.ScriptEvaluateAsync(IncrementScript, [VersionKey], [DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000]);
            await db.PublishAsync(changes, $"{source} {version}");
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content cache dropped, Redis unavailable: {Reason}")]
    partial void LogDropped(string reason);
}
