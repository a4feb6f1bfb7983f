using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.RateLimiting;

/// <summary>
/// A fixed window whose count lives in Redis, shared by every replica, taken in blocks: a replica
/// leases up to `block` permits with one round trip and hands them out from memory, so a busy client
/// costs one Redis call per block instead of one per request. The price is accuracy across replicas:
/// permits a replica leased and did not use are lost to the others until the window ends (at most
/// `block - 1` per replica, or one and a half blocks while a lease ahead is held). With a block of 1
/// (small limits, such as sign-in) it is exact. When less than half a block is left, the next block is
/// leased ahead in the background, so a busy client's requests keep being served from memory instead
/// of queueing behind a round trip each time a block runs out.
/// </summary>
public sealed class LeasedFixedWindowRateLimiter(IConnectionMultiplexer redis, RedisKey key, int permitLimit, TimeSpan window, int block, TimeProvider time)
    : RateLimiter
{
    // Takes `block` from the window's count (starting the window on its first use) and says how many
    // were used before and how long the window still runs.
    const string LeaseScript = """
        local used = redis.call('INCRBY', KEYS[1], ARGV[1])
        if used == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
        return { used, ttl }
        """;

    readonly Lock gate = new();
    readonly SemaphoreSlim leasing = new(1, 1);
    int remaining;
    DateTimeOffset windowEnds = DateTimeOffset.MinValue;
    DateTimeOffset lastUse;
    bool leasingAhead;
    // Set when Redis granted less than a block: the window is spent, leasing ahead would only ask again.
    DateTimeOffset noLeaseAheadBefore = DateTimeOffset.MinValue;

    /// <summary>A block of a twentieth of the limit, between 1 and 50: exact for small limits, rare round trips for large ones.</summary>
    public static int BlockFor(int permitLimit) => Math.Clamp(permitLimit / 20, 1, 50);

    public override TimeSpan? IdleDuration => time.GetUtcNow() - lastUse;

    public override RateLimiterStatistics? GetStatistics() => null;

    // The synchronous attempt only takes leased permits: ASP.NET Core's middleware tries it first on every
    // request and then waits on AcquireAsync, where a round trip to Redis does not block a thread.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => TryTakeLocal(permitCount) ?? Outcome.NotLeasedYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (TryTakeLocal(permitCount) is { } lease) return lease;
        await leasing.WaitAsync(cancellationToken);
        try
        {
            // Another request may have leased a block while this one waited.
            return TryTakeLocal(permitCount)
                ?? Lease(permitCount, await redis.GetDatabase().ScriptEvaluateAsync(LeaseScript, [key], Arguments()));
        }
        finally
        {
            leasing.Release();
        }
    }

    RedisValue[] Arguments() => [block, (long)window.TotalMilliseconds];

    Outcome? TryTakeLocal(int permitCount)
    {
        bool leaseAhead;
        lock (gate)
        {
            lastUse = time.GetUtcNow();
            if (lastUse >= windowEnds || remaining < permitCount) return null;
            remaining -= permitCount;
            leaseAhead = block > 1 && remaining < block / 2 && !leasingAhead && lastUse >= noLeaseAheadBefore;
            if (leaseAhead) leasingAhead = true;
        }
        if (leaseAhead) _ = LeaseAheadAsync();
        return Outcome.Granted;
    }

    async Task LeaseAheadAsync()
    {
        try
        {
            await leasing.WaitAsync();
            try
            {
                Lease(0, await redis.GetDatabase().ScriptEvaluateAsync(LeaseScript, [key], Arguments()));
            }
            finally
            {
                leasing.Release();
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Nothing lost: the request that finds the block empty leases (or fails open) itself.
        }
        finally
        {
            lock (gate) leasingAhead = false;
        }
    }

    Outcome Lease(int permitCount, RedisResult result)
    {
        var values = (RedisResult[])result!;
        var used = (long)values[0];
        var windowLeft = TimeSpan.FromMilliseconds(Math.Max(0, (long)values[1]));
        var granted = (int)Math.Clamp(permitLimit - (used - block), 0, block);
        lock (gate)
        {
            var ends = time.GetUtcNow() + windowLeft;
            // Permits left from the same window add up; a new window's block replaces the last one's.
            var sameWindow = (ends - windowEnds).Duration() < window / 2;
            remaining = sameWindow ? remaining + granted : granted;
            windowEnds = ends;
            if (granted < block) noLeaseAheadBefore = ends;
            if (remaining >= permitCount)
            {
                remaining -= permitCount;
                return Outcome.Granted;
            }
        }
        return new Outcome(false, windowLeft);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) leasing.Dispose();
        base.Dispose(disposing);
    }

    sealed class Outcome(bool acquired, TimeSpan retryAfter) : RateLimitLease
    {
        public static readonly Outcome Granted = new(true, TimeSpan.Zero);
        public static readonly Outcome NotLeasedYet = new(false, TimeSpan.Zero);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => acquired || retryAfter <= TimeSpan.Zero ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = !acquired && retryAfter > TimeSpan.Zero && metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
