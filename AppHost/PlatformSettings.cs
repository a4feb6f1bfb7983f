using Microsoft.Extensions.Configuration;

namespace Blog.AppHost;

/// Where the platform keeps its data and which ports it takes, from configuration
/// (`--Blog:StateDir=...`, `--Blog:Ports:Gateway=8080`, `--Blog:Replicas:posts=3`; `./blog up` passes them).
public sealed record PlatformSettings(
    string RepositoryRoot,
    string StateDirectory,
    bool Durable,
    int PostgresPort,
    int RedisPort,
    int RabbitMqPort,
    int? GatewayPort,
    int? ServicePortsFrom,
    IConfiguration Replicas)
{
    public static PlatformSettings Read(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Blog");
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var gatewayPort = config.GetValue("Ports:Gateway", 8080);
        return new PlatformSettings(
            root,
            Path.GetFullPath(config["StateDir"] ?? Path.Combine(root, ".blog")),
            !string.Equals(config["Durability"], "throwaway", StringComparison.OrdinalIgnoreCase),
            config.GetValue("Ports:Postgres", 21432),
            config.GetValue("Ports:Redis", 22379),
            config.GetValue("Ports:RabbitMq", 21672),
            gatewayPort == 0 ? null : gatewayPort,
            config.GetValue<int?>("Ports:Services"),
            config.GetSection("Replicas"));
    }

    public int ReplicasOf(string service) => Math.Max(1, Replicas.GetValue(service, 1));

    static readonly string[] Services = ["identity", "posts", "comments", "moderation", "webhooks", "web"];

    /// With `--Blog:Ports:Services=N`, a service running as one replica listens on a port of its own
    /// (N, N+1, ... in the order above) and is called directly, without the orchestrator's proxy in
    /// between; measured, that proxy cost 40 % of a core at 2,800 requests/s. Replicas need the proxy,
    /// which spreads the calls over them.
    public int? DirectPortOf(string service) =>
        ServicePortsFrom is { } first && ReplicasOf(service) == 1 && Array.IndexOf(Services, service) is >= 0 and var index
            ? first + index
            : null;

    /// A single gateway listens on its public port itself: it then sees each client's own address (its rate
    /// limits are per client). Several gateway replicas sit behind the orchestrator's proxy, where every client
    /// shares one address unless a proxy that sets X-Forwarded-For is put in front (`Gateway:TrustedProxies`).
    public bool GatewayListensDirectly => GatewayPort is not null && ReplicasOf("gateway") == 1;

    public string DataDirectory(string server) => Path.Combine(StateDirectory, "data", server);

    public string Durability => Durable ? "durable" : "throwaway";
}
