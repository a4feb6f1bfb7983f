using Blog.ServiceDefaults.Caching;
using Blog.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Blog.Gateway.Tests;

/// The content version every service's cache is validated against, in the tests' real Redis.
public sealed class ContentCacheTests() : RealRedisTest("test-content-version")
{
    [Fact]
    public async Task A_version_lost_with_Redis_data_never_comes_back_to_a_value_an_old_entry_holds()
    {
        using var cache = new ContentCache(Redis, Key, RedisChannel.Literal($"{Key}:changes"), "test", NullLogger<ContentCache>.Instance);
        for (var i = 0; i < 3; i++) await cache.InvalidateAsync();
        var before = (await cache.VersionAsync())!.Value;
        cache.Keep("post", "as it was", before);

        await Redis.GetDatabase().KeyDeleteAsync(Key); // Redis restarted without its data
        Assert.Equal(0, await cache.VersionAsync());
        for (var i = 0; i < 3; i++) await cache.InvalidateAsync(); // as many writes as before the loss

        var after = (await cache.VersionAsync())!.Value;
        Assert.True(after > before, $"the version went from {before} back to {after}");
        Assert.NotEqual(after, cache.Find<string>("post")!.Version);
    }

    [Fact]
    public async Task An_announced_change_is_published_with_the_public_version_and_a_quiet_one_is_not()
    {
        var channel = RedisChannel.Literal($"{Key}:announced");
        using var cache = new ContentCache(Redis, Key, channel, "test", NullLogger<ContentCache>.Instance);
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var subscriber = Redis.GetSubscriber();
        await subscriber.SubscribeAsync(channel, (_, message) => heard.Enqueue(message.ToString()));
        try
        {
            await cache.InvalidateAsync();
            await Eventually.TrueAsync(() => Task.FromResult(!heard.IsEmpty), "the announcement");
            var publicVersion = (long)await Redis.GetDatabase().StringGetAsync(cache.PublicVersionKey);
            Assert.Equal($"test {publicVersion}", Assert.Single(heard));

            var own = (await cache.VersionAsync())!.Value;
            await cache.InvalidateAsync(announce: false);
            await cache.InvalidateAsync(); // announced after the quiet one: everything before it has arrived
            await Eventually.TrueAsync(() => Task.FromResult(heard.Count == 2), "the second announcement");

            Assert.Equal(own + 2, (await cache.VersionAsync())!.Value);
            Assert.Equal($"test {publicVersion + 1}", heard.Last());
        }
        finally
        {
            await subscriber.UnsubscribeAsync(channel);
        }
    }
}
