using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Caching;

/// <summary>
/// What readers ask for most (a published article, a page of a list, a thread), in each replica's
/// memory, so a read needs no database query. An entry is good while the service's content version in
/// Redis is unchanged: every committed write to the service's database increments it
/// (`ContentChangeInterceptor`), and a read compares it, where it can in a Redis round trip it makes anyway
/// (Posts counts the view in the same script). The version is read before the database, so a write
/// committed during the load makes the new entry stale at once rather than hiding the write. Without
/// Redis nothing is cached and the local entries are dropped.
///
/// A change readers outside should see at once is also announced: its public version (the version
/// key with `:public`) is incremented too, and published on the Redis channel `changes`
/// (`ContentCache:ChangesChannel`) as "{source} {new public version}" (`posts 1764467000000123`), so the
/// gateway's edge cache drops what it keeps of that service's content (it also polls the public
/// versions, for an announcement that was lost). A change only this service's cache must notice
/// (view counts moved from Redis into the database: the total shown is the same) is not announced, and
/// nothing is announced by a cache made with `announces` false: one of what only its reader sees (their
/// inbox), which no public page shows.
/// </summary>
public sealed partial class ContentCache(IConnectionMultiplexer redis, RedisKey versionKey, RedisChannel changes, string source, ILogger<ContentCache> logger, bool announces = true) : IDisposable
{
    /// <summary>The channel on which every committed write is announced, with the name of the service that made it.</summary>
    public static RedisChannel ChangesChannelOf(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        RedisChannel.Literal(configuration["ContentCache:ChangesChannel"] ?? "blog:content-changes");

    /// <summary>How long an entry lives at most: a backstop for a write made outside this service's DbContext (by hand, say).</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);

    /// <summary>How many entries a replica keeps at most.</summary>
    public const int EntryLimit = 10_000;

    readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = EntryLimit });

    public sealed record Entry<T>(T Value, long Version);

    public RedisKey VersionKey => versionKey;

    /// <summary>The version the gateway watches: incremented by announced changes only.</summary>
    public RedisKey PublicVersionKey { get; } = versionKey.Append(ContentCacheExtensions.PublicVersionSuffix);

    /// <summary>Keys are records naming the reader-independent request (`ArticleKey(slug)`, a list's parameters).</summary>
    public Entry<T>? Find<T>(object key) => entries.TryGetValue(key, out Entry<T>? entry) ? entry : null;

    public void Keep<T>(object key, T value, long version) =>
        entries.Set(key, new Entry<T>(value, version), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = EntryLifetime });

    /// <summary>The cached value while the version is unchanged (one Redis read), else a fresh load, kept.</summary>
    public async Task<T> GetOrLoadAsync<T>(object key, Func<Task<T>> load)
    {
        var version = await VersionAsync();
        if (version is not null && Find<T>(key) is { } cached && cached.Version == version) return cached.Value;
        var value = await load();
        if (version is { } current) Keep(key, value, current);
        return value;
    }

    /// <summary>
    /// The cache check for a read that makes a Redis round trip of its own about the value it answers
    /// (counting a view of an article, reading a list's pending views): `read` returns its result with the
    /// version, read in that same round trip, or null when Redis could not be asked. A kept value whose
    /// version is still current is answered; otherwise `load` runs (null: nothing to answer) and its value is
    /// kept, when `keep` allows, under the version read before it, so a write committed meanwhile makes
    /// it stale at once.
    /// </summary>
    public async Task<(T Value, (TRead Result, long Version)? Read)?> GetOrLoadAsync<T, TRead>(
        object key, Func<Task<T?>> load, Func<T, Task<(TRead Result, long Version)?>> read, Func<T, bool> keep)
        where T : class
    {
        if (Find<T>(key) is { } cached)
        {
            var current = await read(cached.Value);
            if (current is null) Forget("Redis could not be read with the request");
            else if (current.Value.Version == cached.Version) return (cached.Value, current);
            var reloaded = await load();
            if (reloaded is null) return null;
            if (current is { } fresh && keep(reloaded)) Keep(key, reloaded, fresh.Version);
            return (reloaded, current);
        }

        var version = await VersionAsync();
        var loaded = await load();
        if (loaded is null) return null;
        var first = await read(loaded);
        if (first is null) Forget("Redis could not be read with the request");
        if (version is { } known && keep(loaded)) Keep(key, loaded, known);
        return (loaded, first);
    }

    /// <summary>The current version, or null when Redis cannot say (then nothing may be cached).</summary>
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
    // Increments each key given; with a channel (ARGV[2]) publishes "{source} {last key's new value}"
    // there, in the same round trip (formatted as an integer: Lua prints its doubles in exponent form).
    const string IncrementScript = """
        local version
        for i, key in ipairs(KEYS) do
          if redis.call('EXISTS', key) == 0 then redis.call('SET', key, ARGV[1]) end
          version = redis.call('INCR', key)
        end
        if ARGV[2] ~= '' then redis.call('PUBLISH', ARGV[2], ARGV[3] .. ' ' .. string.format('%.0f', version)) end
        return version
        """;

    /// <summary>
    /// After a committed write: every replica's entries become stale; announced to the gateway unless
    /// `announce` is false (a change readers need not see at once).
    /// </summary>
    public async Task InvalidateAsync(bool announce = true)
    {
        announce &= announces;
        try
        {
            var db = redis.GetDatabase();
            RedisKey[] keys = announce ? [VersionKey, PublicVersionKey] : [VersionKey];
            await db.ScriptEvaluateAsync(IncrementScript, keys, [DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000, announce ? changes.ToString() : "", source]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The other replicas cannot validate against Redis either, so they drop theirs too.
            Forget(ex.Message);
        }
    }

    /// <summary>
    /// Redis could not be asked: a write committed meanwhile could not increment the version, so no entry
    /// can be trusted once Redis answers again.
    /// </summary>
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
