using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Views;

/// <summary>
/// `Views:*`, read by Posts (which counts the reads it serves and flushes the counts) and by the
/// gateway (which counts the reads its edge cache serves): both must agree.
/// </summary>
public sealed class ViewCountingOptions
{
    /// <summary>Prefix of every Redis key this counter uses (platforms or tests sharing one Redis).</summary>
    public string KeyPrefix { get; set; } = "posts:";
    /// <summary>One viewer counts once per post in this window.</summary>
    public TimeSpan ViewerWindow { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// Moving views into the database leaves the total shown unchanged, so it is announced to the
    /// gateway's edge cache at most this often: a page it keeps shows a count at most this old (plus
    /// the flush interval), and a busy page is not rendered again after every flush.
    /// </summary>
    public TimeSpan AnnounceInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Hot view counters in Redis, the one implementation of the counting rules. A view counts at most
/// once per viewer per post per 30 minutes, and never for a known crawler. The count shown is the
/// persisted total plus Redis's pending delta; Posts' `ViewFlusher` moves deltas into PostgreSQL.
/// With Redis down Posts counts nothing and shows the persisted total (reading never fails because
/// of the counter); the gateway keeps the views of its cache hits until Redis is back.
/// </summary>
public sealed partial class ViewCounter(IConnectionMultiplexer redis, Microsoft.Extensions.Options.IOptions<ViewCountingOptions> options, ILogger<ViewCounter> logger)
{
    // The article read's one round trip. SET NX marks the viewer as seen for the window; only then are
    // the delta incremented and the post marked dirty for the flusher (not at all when ARGV[3] is not 1).
    // Then it reads the article's pending views (counted, and in flight to PostgreSQL: KEYS[5]) and the value
    // of KEYS[4] (the article cache's content version) when given.
    const string CountAndReadScript = """
        if ARGV[3] == '1' and redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
          redis.call('INCR', KEYS[2])
          redis.call('SADD', KEYS[3], ARGV[2])
        end
        if #KEYS < 4 then return { '0', '0' } end
        local pending = tonumber(redis.call('GET', KEYS[2]) or '0') + tonumber(redis.call('GET', KEYS[5]) or '0')
        return { tostring(pending), redis.call('GET', KEYS[4]) or '0' }
        """;

    string Prefix => options.Value.KeyPrefix;

    /// <summary>Where an article's views counted since the last flush are (`{prefix}{id:N}`).</summary>
    public static string DeltaKeyPrefix(string keyPrefix) => $"{keyPrefix}views:";

    /// <summary>
    /// Where an article's views taken out of its delta by a flush not yet committed and released are
    /// (`{prefix}{id:N}`): they are still pending for every reader, whose persisted count does not have them yet.
    /// </summary>
    public static string InFlightKeyPrefix(string keyPrefix) => $"{keyPrefix}views:in-flight:";

    internal RedisKey DeltaKey(Guid articleId) => $"{DeltaKeyPrefix(Prefix)}{articleId:N}";
    internal RedisKey InFlightKey(Guid articleId) => $"{InFlightKeyPrefix(Prefix)}{articleId:N}";
    internal RedisKey DirtyKey => $"{Prefix}views:dirty";

    /// <summary>Crawlers and link previewers, by a token of their User-Agent (case-insensitive).</summary>
    public static readonly IReadOnlyList<string> BotTokens =
    [
        "bot", "crawler", "spider", "slurp", "bingpreview", "facebookexternalhit", "embedly", "quora link preview",
        "outbrain", "pinterest", "vkshare", "w3c_validator", "whatsapp", "headlesschrome", "lighthouse", "python-requests", "wget",
    ];

    // A multi-string search: linear in the User-Agent's length, no regex timeout to trip on a busy machine.
    static readonly SearchValues<string> Bots = SearchValues.Create([.. BotTokens], StringComparison.OrdinalIgnoreCase);

    public static bool IsBot(string? userAgent) => !string.IsNullOrEmpty(userAgent) && userAgent.AsSpan().ContainsAny(Bots);

    /// <summary>
    /// The viewer of an anonymous read: the browser's `blog.viewer` id when it has one (sent to the
    /// services as `X-Viewer-Id`, which only the gateway and the site set), else its address and browser.
    /// </summary>
    public const string ViewerHeader = "X-Viewer-Id";

    /// <summary>
    /// The header with which Posts marks a read of a published article, so the gateway can count the
    /// same read served again from its cache; the gateway removes it from what clients see.
    /// </summary>
    public const string ArticleHeader = "X-Article-Id";

    public static string AnonymousViewer(string viewerId) => $"v:{viewerId}";

    /// <summary>A client without a viewer cookie, by its address and browser: 32 lower-case hex digits, like the cookie.</summary>
    public static string Fingerprint(string? address, string? userAgent) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{address}|{userAgent}")))[..32];

    public static string FingerprintViewer(string? address, string? userAgent) => $"a:{Fingerprint(address, userAgent)}";

    public static string SignedInViewer(Guid userId) => $"u:{userId:N}";

    RedisKey[] CountKeys(Guid articleId, string viewer) => [$"{Prefix}seen:{articleId:N}:{viewer}", DeltaKey(articleId), DirtyKey];

    RedisValue[] CountArguments(Guid articleId, string? userAgent, bool countable) =>
        [(long)options.Value.ViewerWindow.TotalSeconds, articleId.ToString("N"), countable && !IsBot(userAgent) ? "1" : "0"];

    /// <summary>
    /// Counts reads served without asking Posts (the gateway's cache hits), pipelined in one round trip.
    /// False when Redis is unavailable: nothing was lost that a retry would count twice (a viewer seen
    /// already is not counted again).
    /// </summary>
    public async Task<bool> CountAsync(IReadOnlyCollection<ViewedRead> reads)
    {
        if (reads.Count == 0) return true;
        try
        {
            var db = redis.GetDatabase();
            await Task.WhenAll(reads.Select(read =>
                db.ScriptEvaluateAsync(CountAndReadScript, CountKeys(read.ArticleId, read.Viewer), CountArguments(read.ArticleId, read.UserAgent, countable: true))));
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("{Count} views kept for later, Redis unavailable: {Reason}", reads.Count, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Counts a view (a crawler's or a draft's is not counted) and reads the article's pending views and the
    /// value of `versionKey`, in one round trip; null when Redis is unavailable.
    /// </summary>
    public async Task<(long Pending, long Version)?> CountAndReadAsync(Guid articleId, string viewer, string? userAgent, bool countable, RedisKey versionKey)
    {
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(CountAndReadScript,
                [.. CountKeys(articleId, viewer), versionKey, InFlightKey(articleId)], CountArguments(articleId, userAgent, countable)))!;
            return ((long)result[0], (long)result[1]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("View of {ArticleId} not counted, Redis unavailable: {Reason}", articleId, ex.Message);
            return null;
        }
    }

    /// <summary>Views counted in Redis and not yet flushed (or in flight), per article (zero when Redis is down).</summary>
    public async Task<IReadOnlyDictionary<Guid, long>> PendingAsync(IReadOnlyCollection<Guid> articleIds) =>
        articleIds.Count == 0 ? new Dictionary<Guid, long>() : (await PendingAndReadAsync(articleIds, versionKey: null))?.Pending ?? new Dictionary<Guid, long>();

    /// <summary>
    /// The pending views of these articles and the value of `versionKey` (0 without one), in one round trip;
    /// null when Redis is unavailable.
    /// </summary>
    public async Task<(IReadOnlyDictionary<Guid, long> Pending, long Version)?> PendingAndReadAsync(IReadOnlyCollection<Guid> articleIds, RedisKey? versionKey)
    {
        if (!redis.IsConnected) return null;
        try
        {
            var ids = articleIds.ToArray();
            RedisKey[] counted = [.. ids.Select(DeltaKey), .. ids.Select(InFlightKey)];
            RedisKey[] keys = versionKey is { } version ? [version, .. counted] : counted;
            var values = await redis.GetDatabase().StringGetAsync(keys);
            var first = versionKey is null ? 0 : 1;
            var pending = new Dictionary<Guid, long>();
            for (var i = 0; i < ids.Length; i++)
            {
                var delta = (values[first + i].TryParse(out long counting) ? counting : 0)
                    + (values[first + ids.Length + i].TryParse(out long inFlight) ? inFlight : 0);
                if (delta != 0) pending[ids[i]] = delta;
            }
            return (pending, first == 1 && values[0].TryParse(out long current) ? current : 0);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Pending views unavailable, Redis unavailable: {Reason}", ex.Message);
            return null;
        }
    }
}

/// <summary>One read of a published article by one viewer, counted later.</summary>
public sealed record ViewedRead(Guid ArticleId, string Viewer, string? UserAgent);
