using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Authentication;

/// <summary>
/// What makes a signed, unexpired token unacceptable, shared by every service through Redis (Identity
/// writes it): the account is suspended; its security stamp changed since the token was issued (a
/// password or role change, "log out everywhere"); or the token's session was signed out. One Redis
/// round trip answers all three, remembered per account and session for `CacheFor`, so a revocation
/// takes effect everywhere within seconds. With Redis unreachable tokens are let through: Identity still
/// refuses sign-ins from its own database and rebuilds these keys from it (`RevocationListRebuilder`).
/// </summary>
public sealed class AccountRevocations(IServiceProvider services, TimeProvider clock, ILogger<AccountRevocations> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    const int MaxRemembered = 10_000;
    readonly ConcurrentDictionary<(string User, string Session, string Stamp), (string? Refusal, DateTimeOffset Until)> cache = new();

    public static RedisKey SuspendedKey(string userId) => $"blog:suspended:{userId}";
    public static RedisKey StampKey(string userId) => $"blog:stamp:{userId}";
    public static RedisKey SignedOutKey(string sessionId) => $"blog:signed-out:{sessionId}";

    /// <summary>Why the token's holder must be refused, or null.</summary>
    public async Task<string?> WhyRefusedAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(BlogClaims.Subject) is not { } userId) return null;
        var session = principal.FindFirstValue(BlogClaims.Session) ?? "";
        var stamp = principal.FindFirstValue(BlogClaims.Stamp) ?? "";
        var now = clock.GetUtcNow();
        if (cache.TryGetValue((userId, session, stamp), out var known) && known.Until > now) return known.Refusal;

        var redis = services.GetService<IConnectionMultiplexer>();
        if (redis is null) return null;
        try
        {
            var values = await redis.GetDatabase().StringGetAsync([SuspendedKey(userId), StampKey(userId), SignedOutKey(session.Length > 0 ? session : "-")]);
            string? refusal = values[0].HasValue ? "the account is suspended"
                : values[1] == ClosedStamp ? "the account was deleted"
                : values[1].HasValue && values[1] != stamp ? "the account's credentials or roles changed since this token was issued"
                : values[2].HasValue ? "this session was signed out"
                : null;
            cache[(userId, session, stamp)] = (refusal, now + CacheFor);
            // Answers are remembered seconds only: past a bound, drop the expired ones so the cache cannot grow for ever.
            if (cache.Count > MaxRemembered)
                foreach (var (key, entry) in cache) if (entry.Until <= now) cache.TryRemove(key, out _);
            return refusal;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Cannot check revocations in Redis: {Reason}", ex.Message);
            return null;
        }
    }

    IDatabase Redis => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    /// <summary>Records a suspension for every service to see (called by Identity).</summary>
    public async Task SuspendAsync(string userId, DateTimeOffset until)
    {
        var remaining = until - clock.GetUtcNow();
        if (remaining > TimeSpan.Zero) await Redis.StringSetAsync(SuspendedKey(userId), until.ToUnixTimeSeconds(), remaining);
        Forget(userId);
    }

    /// <summary>Lifts a suspension for every service (called by Identity).</summary>
    public async Task ReinstateAsync(string userId)
    {
        await Redis.KeyDeleteAsync(SuspendedKey(userId));
        Forget(userId);
    }

    /// <summary>The account's current security stamp: tokens carrying another one are refused (called by Identity).</summary>
    public async Task SetStampAsync(string userId, string stamp)
    {
        await Redis.StringSetAsync(StampKey(userId), stamp);
        Forget(userId);
    }

    /// <summary>
    /// Refuses every token of a deleted account until the last one has expired (called by Identity): the
    /// stamp becomes one no token carries. The rebuilder knows no deleted account, so this key outlives it only in Redis.
    /// </summary>
    public async Task CloseAccountAsync(string userId, TimeSpan tokensValidFor)
    {
        await Redis.StringSetAsync(StampKey(userId), ClosedStamp, tokensValidFor);
        Forget(userId);
    }

    /// <summary>Never a real stamp (those are hexadecimal).</summary>
    const string ClosedStamp = "closed";

    /// <summary>Signs one session out until its tokens could no longer be refreshed anyway (called by Identity).</summary>
    public async Task SignOutSessionAsync(string sessionId, TimeSpan remaining)
    {
        if (remaining > TimeSpan.Zero) await Redis.StringSetAsync(SignedOutKey(sessionId), 1, remaining);
        foreach (var key in cache.Keys.Where(k => k.Session == sessionId)) cache.TryRemove(key, out _);
    }

    void Forget(string userId)
    {
        foreach (var key in cache.Keys.Where(k => k.User == userId)) cache.TryRemove(key, out _);
    }
}
