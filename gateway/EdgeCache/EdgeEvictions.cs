using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Blog.Gateway.EdgeCache;

/// Drops cached answers when a service announces a committed write (`ContentCache:ChangesChannel`):
/// that service's API answers and every page of the site, which shows all services' content. An
/// eviction is repeated a second later, for an answer that was read before the write and stored
/// after the first eviction. When the connection to Redis is lost or comes back, everything is
/// dropped: announcements may have been missed meanwhile.
public sealed partial class EdgeEvictions(IConnectionMultiplexer redis, IOutputCacheStore store, IConfiguration configuration, ILogger<EdgeEvictions> logger)
    : IHostedService
{
    /// The cluster of the site's pages, which show every service's content.
    public const string SiteCluster = "web";
    static readonly TimeSpan Repeat = TimeSpan.FromSeconds(1);

    readonly RedisChannel changes = ContentCache.ChangesChannelOf(configuration);
    long generation;

    /// Counts evictions: an answer begun under an older generation is not stored.
    public long Generation => Interlocked.Read(ref generation);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionChanged;
        redis.ConnectionRestored += OnConnectionChanged;
        await redis.GetSubscriber().SubscribeAsync(changes, (channel, source) => _ = EvictAsync(source.ToString(), SiteCluster));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionChanged;
        redis.ConnectionRestored -= OnConnectionChanged;
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(changes);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Going away anyway.
        }
    }

    void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription) return;
        LogDroppedAll(e.FailureType.ToString());
        _ = EvictAsync(EdgeCachePolicy.AllTag);
    }

    /// Drops every entry tagged with one of `tags`, now and once more a second later.
    public async Task EvictAsync(params string[] tags)
    {
        try
        {
            await EvictNowAsync(tags);
            await Task.Delay(Repeat);
            await EvictNowAsync(tags);
        }
        catch (Exception ex)
        {
            LogEvictionFailed(ex.Message);
        }
    }

    async Task EvictNowAsync(string[] tags)
    {
        Interlocked.Increment(ref generation);
        foreach (var tag in tags) await store.EvictByTagAsync(tag, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge cache dropped: the Redis subscription changed ({Reason})")]
    partial void LogDroppedAll(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Edge cache eviction failed: {Reason}")]
    partial void LogEvictionFailed(string reason);
}
