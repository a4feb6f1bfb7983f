using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Blog.Identity.Infrastructure;

/// <summary>
/// Wrong passwords slow down the client that sends them, for that email only: after `FreeFailures`
/// failures from one (email, client) pair, that pair waits 1 minute, then 2, 4, ... up to an hour
/// before it may try again. Nobody else is affected (no account-wide lock a stranger could keep the
/// owner out with), and an unknown email is throttled exactly like a known one (no oracle). Counts
/// live in Redis, shared by every replica, and are forgotten an hour after the last failure or at
/// once after a successful sign-in. With Redis unreachable nothing is throttled here; the gateway's
/// per-client limit still holds. (A Redis timeout is a `TimeoutException`, not a `RedisException`: both are caught.)
/// </summary>
public sealed class SignInThrottle(IConnectionMultiplexer redis, ILogger<SignInThrottle> logger)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan FirstWait = TimeSpan.FromMinutes(1), LongestWait = TimeSpan.FromHours(1);

    // KEYS[1] failures, KEYS[2] block; ARGV: free failures, first wait ms, longest wait ms, memory ms.
    const string FailureScript = """
        local failures = redis.call('INCR', KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        local over = failures - tonumber(ARGV[1])
        if over >= 0 then
          local wait = math.min(tonumber(ARGV[2]) * math.pow(2, math.min(over, 20)), tonumber(ARGV[3]))
          redis.call('SET', KEYS[2], failures, 'PX', wait)
          return wait
        end
        return 0
        """;

    /// <summary>How long this client must still wait before trying this email again, or null.</summary>
    public async Task<TimeSpan?> WaitAsync(string normalizedEmail, string client)
    {
        try
        {
            var remaining = await redis.GetDatabase().KeyTimeToLiveAsync(BlockKey(normalizedEmail, client));
            return remaining is { } ttl && ttl > TimeSpan.Zero ? ttl : null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Cannot read sign-in throttling from Redis: {Reason}", ex.Message);
            return null;
        }
    }

    /// <summary>Counts a failure; returns the wait it starts, if any.</summary>
    public async Task<TimeSpan?> RecordFailureAsync(string normalizedEmail, string client)
    {
        try
        {
            var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(FailureScript,
                [FailuresKey(normalizedEmail, client), BlockKey(normalizedEmail, client)],
                [FreeFailures, (long)FirstWait.TotalMilliseconds, (long)LongestWait.TotalMilliseconds, (long)LongestWait.TotalMilliseconds]);
            return wait > 0 ? TimeSpan.FromMilliseconds(wait) : null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Cannot count a failed sign-in in Redis: {Reason}", ex.Message);
            return null;
        }
    }

    public async Task ForgetAsync(string normalizedEmail, string client)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync([FailuresKey(normalizedEmail, client), BlockKey(normalizedEmail, client)]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Cannot reset sign-in throttling in Redis: {Reason}", ex.Message);
        }
    }

    // The email is hashed: Redis never holds an address.
    static string Pair(string normalizedEmail, string client) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{normalizedEmail}\n{client}")))[..32];

    static RedisKey FailuresKey(string normalizedEmail, string client) => $"blog:signin-failures:{Pair(normalizedEmail, client)}";
    static RedisKey BlockKey(string normalizedEmail, string client) => $"blog:signin-wait:{Pair(normalizedEmail, client)}";
}
