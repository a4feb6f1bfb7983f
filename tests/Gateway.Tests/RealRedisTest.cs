using Blog.TestSupport;
using StackExchange.Redis;

namespace Blog.Gateway.Tests;

/// A connection to the tests' real Redis and a key of the test's own, deleted afterwards.
public abstract class RealRedisTest(string keyPrefix) : IAsyncLifetime
{
    protected ConnectionMultiplexer Redis { get; private set; } = null!;
    protected RedisKey Key { get; } = $"{keyPrefix}-{Guid.NewGuid():N}";

    public async Task InitializeAsync() => Redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);

    public async Task DisposeAsync()
    {
        await Redis.GetDatabase().KeyDeleteAsync(Key);
        await Redis.DisposeAsync();
    }
}
