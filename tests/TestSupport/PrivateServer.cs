using Blog.Topology;
using System.Diagnostics;
using System.Globalization;

namespace Blog.TestSupport;

/// A Redis or PostgreSQL of a test's own (infra/redis.sh, infra/postgres.sh) with its data in the tests'
/// state folder, which the test may stop and start again (fault injection).
public sealed class PrivateServer : IAsyncDisposable
{
    readonly string script;
    readonly string[] arguments;
    Process? server;

    PrivateServer(string script, string name, int port, string connectionString, params string[] extraArguments)
    {
        this.script = script;
        Port = port;
        ConnectionString = connectionString;
        arguments = [Path.Combine(TestInfrastructure.StateDirectory, $"{name}-{port}"), port.ToString(CultureInfo.InvariantCulture), .. extraArguments];
    }

    public int Port { get; }
    public string ConnectionString { get; }

    public static Task<PrivateServer> StartRedisAsync(int port) =>
        StartAsync(new PrivateServer("redis.sh", PlatformResources.Redis, port, $"127.0.0.1:{port}"));

    /// `ConnectionString` is the server's; add `;Database=...` (the services create their database).
    public static Task<PrivateServer> StartPostgresAsync(int port) =>
        StartAsync(new PrivateServer("postgres.sh", "postgres", port, $"Host=127.0.0.1;Port={port};Username=blog", "throwaway"));

    static async Task<PrivateServer> StartAsync(PrivateServer server)
    {
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        server = InfraScript.Start(script, arguments);
        await Eventually.TrueAsync(() => InfraScript.AcceptsConnectionsAsync(Port), $"{script} on port {Port}", TimeSpan.FromSeconds(60));
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        await InfraScript.StopAsync(server);
        server = null;
        await Eventually.TrueAsync(async () => !await InfraScript.AcceptsConnectionsAsync(Port), $"{script} on port {Port} to stop", TimeSpan.FromSeconds(60));
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
