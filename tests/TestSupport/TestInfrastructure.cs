using System.Globalization;
using Blog.Topology;

namespace Blog.TestSupport;

/// <summary>
/// The PostgreSQL, Redis and RabbitMQ the tests share, on the topology's test ports (<see cref="Ports.Tests"/>),
/// started on first use (<see cref="SharedServers"/>), so a test project runs with plain `dotnet test` or an
/// IDE's test explorer as well as under `./blog test`.
/// </summary>
public static class TestInfrastructure
{
    static readonly Lazy<string> state = new(SharedServers.EnsureStarted);

    public static string Postgres => Started($"Host=127.0.0.1;Port={Port(Ports.Tests.Postgres)};Username=blog");
    public static string Redis => Started($"127.0.0.1:{Port(Ports.Tests.Redis)}");
    public static string RabbitMq => Started($"amqp://guest:guest@127.0.0.1:{Port(Ports.Tests.RabbitMq)}/");
    public static int RabbitMqPort => Started(Ports.Tests.RabbitMq);
    /// <summary>The tests' state folder: the shared servers' data and logs, and every fixture's own folder.</summary>
    public static string StateDirectory => state.Value;

    public static string RepositoryRoot => Repository.Root;

    static T Started<T>(T value)
    {
        _ = state.Value;
        return value;
    }

    static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
