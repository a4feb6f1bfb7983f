using System.Diagnostics;

namespace Blog.TestSupport;

/// A Redis of a test's own (infra/redis.sh), which the test may stop and start again.
public sealed class RedisServer : IAsyncDisposable
{
    readonly string dataDirectory;
    Process? server;

    RedisServer(int port)
    {
        Port = port;
        dataDirectory = Path.Combine(TestInfrastructure.StateDirectory, $"redis-{port}");
    }

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(int port)
    {
        var redis = new RedisServer(port);
        await redis.StartAsync();
        return redis;
    }

    public async Task StartAsync()
    {
        server = InfraScript.Start("redis.sh", dataDirectory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Eventually.TrueAsync(() => InfraScript.AcceptsConnectionsAsync(Port), $"Redis on port {Port}", TimeSpan.FromSeconds(30));
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        await InfraScript.StopAsync(server);
        server = null;
        await Eventually.TrueAsync(async () => !await InfraScript.AcceptsConnectionsAsync(Port), $"Redis on port {Port} to stop", TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
