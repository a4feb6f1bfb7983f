using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Blog.Gateway.EdgeCache;

/// <summary>
/// Drops cached answers when a service announces a committed write (`ContentCache:ChangesChannel`):
/// that service's API answers and every page of the site, which shows all services' content. An
/// eviction is repeated a second later, for an answer that was read before the write and stored
/// after the first eviction. An announcement can be lost (a PUBLISH that timed out under load was
/// seen in the bench), so the services' public content versions are also read every 250 ms: a version that
/// moved evicts that service too. When the connection to Redis is lost, nothing new is kept (what is
/// kept is still served); when it comes back everything is dropped: announcements may have been missed.
/// </summary>
public sealed partial class EdgeEvictions(IConnectionMultiplexer redis, IOutputCacheStore store, IConfiguration configuration, ILogger<EdgeEvictions> logger)
    : IHostedService, IDisposable
{
    static readonly TimeSpan VersionCheckInterval = TimeSpan.FromMilliseconds(250);
    readonly IReadOnlyList<string> services = Downstreams.Names;
    // The last version of each service this gateway acted on (announced or read); absent until first known.
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> known = [];
    Task checkingVersions = Task.CompletedTask;

    static readonly TimeSpan Repeat = TimeSpan.FromSeconds(1);

    readonly RedisChannel changes = ContentCache.ChangesChannelOf(configuration);
    long generation;

    /// <summary>Counts evictions: an answer begun under an older generation is not stored.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>
    /// True while announcements can reach this gateway; until then nothing new is stored (what is
    /// kept is still served: a gateway without Redis keeps answering).
    /// </summary>
    public bool Listening { get; private set; }

    int pendingEvictions;
    volatile bool versionsRead;

    /// <summary>
    /// True once listening, the versions have been read, and no eviction (or its repeat) is under way:
    /// what is stored from now on stays until the next write.
    /// </summary>
    public bool Settled => Listening && versionsRead && Volatile.Read(ref pendingEvictions) == 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionChanged;
        redis.ConnectionRestored += OnConnectionChanged;
        // Redis may be slow or away at start: the gateway starts anyway and subscribes when it can.
        subscribing = Task.Run(() => SubscribeAsync(stopping.Token), CancellationToken.None);
        checkingVersions = Task.Run(() => CheckVersionsAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    readonly CancellationTokenSource stopping = new();
    Task subscribing = Task.CompletedTask;

    async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(changes, (channel, message) => OnAnnounced(message.ToString()));
                Listening = true;
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogNotListening(ex.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>"{service} {version}": that service committed a write.</summary>
    void OnAnnounced(string message)
    {
        var parts = message.Split(' ', 2);
        if (parts.Length == 2 && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            known.AddOrUpdate(parts[0], version, (_, previous) => Math.Max(previous, version));
        }
        _ = EvictAsync(parts[0], Downstreams.Site);
    }

    async Task CheckVersionsAsync(CancellationToken cancellationToken)
    {
        RedisKey[] versionKeys = [.. services.Select(service => (RedisKey)ContentCacheExtensions.PublicVersionKeyOf(configuration, service))];
        using var timer = new PeriodicTimer(VersionCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (versionKeys.Length == 0 || !redis.IsConnected) continue;
                RedisValue[] versions;
                try
                {
                    versions = await redis.GetDatabase().StringGetAsync(versionKeys);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    continue;
                }
                var moved = new List<string>();
                for (var i = 0; i < services.Count; i++)
                {
                    // No key yet: no write so far (0), so the first one is noticed too.
                    var version = versions[i].TryParse(out long stored) ? stored : 0;
                    var previous = known.GetValueOrDefault(services[i], -1);
                    known[services[i]] = Math.Max(previous, version);
                    // The first read evicts too: entries kept before it may predate a write whose announcement was lost.
                    if (version > previous) moved.Add(services[i]);
                }
                if (moved.Count > 0) _ = EvictAsync([.. moved, Downstreams.Site]);
                versionsRead = true;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionChanged;
        redis.ConnectionRestored -= OnConnectionChanged;
        await stopping.CancelAsync();
        await Task.WhenAll(subscribing, checkingVersions);
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(changes);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Going away anyway.
        }
    }

    public void Dispose() => stopping.Dispose();

    /// <summary>
    /// Lost: announcements may be missed from now on, so nothing new is stored. Back (the client
    /// subscribes again by itself): what was kept may have missed some, so all of it goes.
    /// </summary>
    void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription || subscribing is { IsCompleted: false }) return;
        Listening = false;
        if (e.FailureType != ConnectionFailureType.None) return;
        LogDroppedAll();
        _ = EvictAsync(EdgeCachePolicy.AllTag).ContinueWith(_ => Listening = redis.IsConnected, TaskScheduler.Default);
    }

    /// <summary>Drops every entry tagged with one of `tags`, now and once more a second later.</summary>
    public async Task EvictAsync(params string[] tags)
    {
        Interlocked.Increment(ref pendingEvictions);
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
        finally
        {
            Interlocked.Decrement(ref pendingEvictions);
        }
    }

    async Task EvictNowAsync(string[] tags)
    {
        Interlocked.Increment(ref generation);
        foreach (var tag in tags) await store.EvictByTagAsync(tag, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge cache dropped: the Redis subscription is back, changes may have been missed")]
    partial void LogDroppedAll();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge cache not listening for changes yet, Redis unavailable: {Reason}")]
    partial void LogNotListening(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Edge cache eviction failed: {Reason}")]
    partial void LogEvictionFailed(string reason);
}
