using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Authentication;

/// Which accounts are suspended, shared by every service through Redis (Identity writes the keys,
/// expiring when the suspension ends). Each process remembers an answer for 30 seconds, so a
/// suspension takes effect everywhere within a minute at the cost of one Redis read per user and
/// half-minute. With Redis unreachable the check lets tokens through: Identity still refuses the
/// account's logins from its own database.
public sealed class SuspendedUsers(IServiceProvider services, TimeProvider clock, ILogger<SuspendedUsers> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    readonly ConcurrentDictionary<string, (bool Suspended, DateTimeOffset Until)> cache = new();

    public static RedisKey KeyOf(string userId) => $"blog:suspended:{userId}";

    public async Task<bool> IsSuspendedAsync(string userId)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(userId, out var known) && known.Until > now) return known.Suspended;

        var redis = services.GetService<IConnectionMultiplexer>();
        if (redis is null) return false;
        try
        {
            var suspended = await redis.GetDatabase().KeyExistsAsync(KeyOf(userId));
            cache[userId] = (suspended, now + CacheFor);
            return suspended;
        }
        catch (RedisException ex)
        {
            logger.LogWarning("Cannot check suspensions in Redis: {Reason}", ex.Message);
            return false;
        }
    }

    /// Records a suspension for every service to see (called by Identity).
    public async Task SuspendAsync(string userId, DateTimeOffset until)
    {
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var remaining = until - clock.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await redis.GetDatabase().StringSetAsync(KeyOf(userId), until.ToUnixTimeSeconds(), remaining);
        }
        cache.TryRemove(userId, out _);
    }

    /// Lifts a suspension for every service (called by Identity); other processes see it once their
    /// remembered answer expires.
    public async Task ReinstateAsync(string userId)
    {
        await services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().KeyDeleteAsync(KeyOf(userId));
        cache.TryRemove(userId, out _);
    }
}
