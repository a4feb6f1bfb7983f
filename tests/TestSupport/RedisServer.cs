using System.Diagnostics;
using System.Net.Sockets;

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
        server = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestInfrastructure.RepositoryRoot, "infra", "redis.sh"), dataDirectory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await Eventually.TrueAsync(AcceptsConnectionsAsync, $"Redis on port {Port}", TimeSpan.FromSeconds(30));
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        server.Kill();
        await server.WaitForExitAsync();
        server.Dispose();
        server = null;
        await Eventually.TrueAsync(async () => !await AcceptsConnectionsAsync(), $"Redis on port {Port} to stop", TimeSpan.FromSeconds(30));
    }

    async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
