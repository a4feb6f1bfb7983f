using System.Threading.RateLimiting;
using Blog.ServiceDefaults.RateLimiting;
using Blog.TestSupport;
using StackExchange.Redis;

namespace Blog.Gateway.Tests;

/// The gateway's shared limit, taken from Redis in blocks, against the tests' real Redis.
public sealed class LeasedRateLimiterTests() : RealRedisTest("test-leased")
{
    LeasedFixedWindowRateLimiter Replica(int limit, TimeSpan window, int block) => new(Redis, Key, limit, window, block, TimeProvider.System);

    [Fact]
    public async Task One_replica_gets_exactly_the_limit_leasing_a_block_per_round_trip_then_is_told_when_to_retry()
    {
        using var limiter = Replica(100, TimeSpan.FromMinutes(1), block: 10);

        var first = new List<bool>();
        for (var i = 0; i < 15; i++) first.Add((await limiter.AcquireAsync()).IsAcquired);
        Assert.All(first, Assert.True);
        // Two blocks for 15 permits; a third when the lease ahead (at 4 left) and the request that emptied the block both leased.
        Assert.InRange((long)await Redis.GetDatabase().StringGetAsync(Key), 20, 30);

        var granted = first.Count;
        while ((await limiter.AcquireAsync()).IsAcquired) granted++;
        Assert.Equal(100, granted);
        using var refused = await limiter.AcquireAsync();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Two_replicas_share_one_limit_and_a_quiet_one_holds_back_at_most_its_block()
    {
        using var a = Replica(100, TimeSpan.FromMinutes(1), block: 10);
        using var b = Replica(100, TimeSpan.FromMinutes(1), block: 10);

        // Alternating, every permit is used.
        var granted = 0;
        for (var turn = 0; turn < 120; turn++) if ((await (turn % 3 == 0 ? b : a).AcquireAsync()).IsAcquired) granted++;
        Assert.Equal(100, granted);

        // A replica that goes quiet after 5 of its block of 10 keeps the other 5 from the busy one.
        await Redis.GetDatabase().KeyDeleteAsync(Key);
        using var quiet = Replica(100, TimeSpan.FromMinutes(1), block: 10);
        using var busy = Replica(100, TimeSpan.FromMinutes(1), block: 10);
        for (var i = 0; i < 5; i++) Assert.True((await quiet.AcquireAsync()).IsAcquired);
        var busyGranted = 0;
        while ((await busy.AcquireAsync()).IsAcquired) busyGranted++;
        Assert.Equal(90, busyGranted);
    }

    [Fact]
    public async Task The_synchronous_attempt_never_waits_on_Redis_and_the_next_block_is_leased_ahead()
    {
        using var limiter = Replica(20, TimeSpan.FromMinutes(1), block: 10);

        Assert.False(limiter.AttemptAcquire().IsAcquired); // nothing leased yet
        Assert.False(await Redis.GetDatabase().KeyExistsAsync(Key));
        Assert.True((await limiter.AcquireAsync()).IsAcquired); // leases a block of 10
        for (var i = 0; i < 5; i++) Assert.True(limiter.AttemptAcquire().IsAcquired); // 4 left: the next block is leased ahead
        await Eventually.TrueAsync(async () => (long)await Redis.GetDatabase().StringGetAsync(Key) == 20, "the next block leased ahead");

        // The block reaches the limiter just after Redis counted it: take what it hands out until all 20 were.
        var granted = 6;
        await Eventually.TrueAsync(() =>
        {
            while (limiter.AttemptAcquire().IsAcquired) granted++;
            return Task.FromResult(granted >= 20);
        }, "the block leased ahead handed out from memory");
        for (var i = 0; i < 100; i++) if (limiter.AttemptAcquire().IsAcquired) granted++;
        Assert.Equal(20, granted); // the whole limit, every permit after the first from memory, and no more
    }

    [Fact]
    public async Task A_block_of_one_is_exact_and_a_new_window_grants_again()
    {
        using var a = Replica(3, TimeSpan.FromSeconds(1), block: 1);
        using var b = Replica(3, TimeSpan.FromSeconds(1), block: 1);

        var granted = 0;
        for (var i = 0; i < 6; i++) if ((await (i % 2 == 0 ? a : b).AcquireAsync()).IsAcquired) granted++;
        Assert.Equal(3, granted);

        await Eventually.TrueAsync(async () => (await a.AcquireAsync()).IsAcquired, "the next window", TimeSpan.FromSeconds(10));
    }
}
